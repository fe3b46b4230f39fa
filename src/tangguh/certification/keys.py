"""The Ed25519 keys that sign credentials (docs/operations.md, "Certificates and their keys").

A private key never enters the database. It is a PEM file ``<key id>.pem`` (mode 0600)
in ``settings.TANGGUH_CREDENTIAL_KEY_DIR``, created on first use when there is none;
or, instead of the files, the PEM text in the environment setting
``TANGGUH_CREDENTIAL_KEY`` (then that key is the current one and rotation is done by
changing the setting). The public part is a ``SigningKey`` row, kept for ever: every
key that ever signed is published at ``verify:keys`` (retired ones marked) so that
old credentials still verify after a rotation.

Public keys are written as Multikey ``publicKeyMultibase``: ``z`` + base58btc of the
multicodec prefix ``0xed 0x01`` and the 32 raw bytes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message

from .models import SigningKey

ENV_KEY = "TANGGUH_CREDENTIAL_KEY"
_CREATION_LOCK = 7_201_100_011  # pg_advisory_xact_lock key: making a signing key
ED25519_MULTICODEC = b"\xed\x01"

_cache: dict[str, tuple[Ed25519PrivateKey, str]] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Key:
    """A signing key ready to sign: its id, its private key and its published form."""

    key_id: str
    private_key: Ed25519PrivateKey
    public_key_multibase: str

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


# --- encodings ---------------------------------------------------------------------


def public_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_MULTICODEC + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 key of a ``z6Mk…`` Multikey value; ValueError when it is none."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 100:
        raise ValueError("not a base58btc multibase value")
    raw = base58.b58decode(value[1:])
    if len(raw) != 34 or raw[:2] != ED25519_MULTICODEC:
        raise ValueError("not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _key_id_for(public_key: Ed25519PublicKey) -> str:
    """A stable, URL-safe id: the day it was made and a fingerprint of the public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    day = timezone.now().strftime("%Y%m%d")
    return f"key-{day}-{hashlib.sha256(raw).hexdigest()[:12]}"


def key_dir() -> Path:
    return Path(settings.TANGGUH_CREDENTIAL_KEY_DIR)


def _key_path(key_id: str) -> Path:
    return key_dir() / f"{key_id}.pem"


def _write_private(key_id: str, private_key: Ed25519PrivateKey) -> None:
    directory = key_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = _key_path(key_id)
    # O_EXCL: never overwrite a key; 0600 from the start, not chmod after.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _load_pem(text: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(text, password=None)
    except (ValueError, TypeError) as exc:
        raise DomainError(
            Message(
                _("The credential signing key in %(where)s cannot be read: %(error)s"),
                {"where": where, "error": str(exc)},
            )
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(
            Message(
                _("The credential signing key in %(where)s is not an Ed25519 key."),
                {"where": where},
            )
        )
    return key


def _load_private(row: SigningKey) -> Ed25519PrivateKey:
    with _cache_lock:
        cached = _cache.get(row.key_id)
    if cached is not None and cached[1] == row.public_key_multibase:
        return cached[0]
    path = _key_path(row.key_id)
    if not path.exists():
        raise DomainError(
            Message(
                _(
                    "The private key %(key)s is missing from %(dir)s: restore it from the "
                    "backup, or rotate the key (tangguh certificates keys rotate)."
                ),
                {"key": row.key_id, "dir": str(key_dir())},
            )
        )
    private = _load_pem(path.read_bytes(), str(path))
    if public_multibase(private.public_key()) != row.public_key_multibase:
        raise DomainError(
            Message(
                _("The private key file %(path)s does not match the published key %(key)s."),
                {"path": str(path), "key": row.key_id},
            )
        )
    with _cache_lock:
        _cache[row.key_id] = (private, row.public_key_multibase)
    return private


# --- the current key -----------------------------------------------------------------


def _env_key() -> Key | None:
    text = os.environ.get(ENV_KEY, "").strip()
    if not text:
        return None
    private = _load_pem(text.encode(), ENV_KEY)
    multibase = public_multibase(private.public_key())
    row = SigningKey.objects.filter(public_key_multibase=multibase).first()
    if row is None:
        with transaction.atomic():
            row = SigningKey.objects.create(
                key_id=_key_id_for(private.public_key()), public_key_multibase=multibase
            )
            _retire_others(row)
    return Key(row.key_id, private, multibase)


def _retire_others(current: SigningKey) -> None:
    SigningKey.objects.filter(retired_at__isnull=True).exclude(pk=current.pk).update(
        retired_at=timezone.now()
    )


def _create_key() -> tuple[SigningKey, Ed25519PrivateKey]:
    private = Ed25519PrivateKey.generate()
    key_id = _key_id_for(private.public_key())
    _write_private(key_id, private)
    row = SigningKey.objects.create(
        key_id=key_id, public_key_multibase=public_multibase(private.public_key())
    )
    with _cache_lock:
        _cache[key_id] = (private, row.public_key_multibase)
    return row, private


def _lock_creation() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CREATION_LOCK])


def current_key() -> Key:
    """The key that signs now: created (file and row) on first use when there is none."""
    env = _env_key()
    if env is not None:
        return env
    row = SigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at").first()
    if row is None:
        with transaction.atomic():
            # One creator at a time (PostgreSQL: a lock for the transaction; SQLite
            # writes one at a time anyway); a second caller finds the first one's key.
            _lock_creation()
            row = SigningKey.objects.filter(retired_at__isnull=True).first()
            if row is None:
                row, private = _create_key()
                return Key(row.key_id, private, row.public_key_multibase)
    return Key(row.key_id, _load_private(row), row.public_key_multibase)


def key_rotate(*, actor: Any) -> SigningKey:
    """A new current key; the old ones are retired (still published, still verifying)."""
    if os.environ.get(ENV_KEY, "").strip():
        raise DomainError(
            Message(
                _(
                    "The signing key comes from the setting %(setting)s: rotate it by "
                    "setting a new key there."
                ),
                {"setting": ENV_KEY},
            )
        )
    with transaction.atomic():
        _lock_creation()
        row, _private = _create_key()
        _retire_others(row)
        audit_record(
            actor=actor,
            action="certification.key_rotate",
            target=row,
            data={"key_id": row.key_id},
            change="U",
        )
    return row


# --- the published keys ------------------------------------------------------------


def public_keys() -> list[dict[str, Any]]:
    """Every key that ever signed, newest first, as published at ``verify:keys``."""
    return [
        {
            "key_id": row.key_id,
            "type": "Multikey",
            "algorithm": row.algorithm,
            "publicKeyMultibase": row.public_key_multibase,
            "created": row.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "retired": row.retired_at.strftime("%Y-%m-%dT%H:%M:%SZ") if row.retired_at else None,
        }
        for row in SigningKey.objects.order_by("-created_at", "-pk")
    ]


def published_key(key_id: str) -> Ed25519PublicKey | None:
    """The public key published under ``key_id``, or None."""
    row = SigningKey.objects.filter(key_id=key_id).first()
    if row is None:
        return None
    try:
        return public_key_from_multibase(row.public_key_multibase)
    except ValueError:
        return None
