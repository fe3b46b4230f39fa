"""Checking a credential: its proof against the published keys, then its certificate.

``credential_verify`` answers one of ``valid``, ``expired``, ``revoked`` (with its
date), ``unknown`` (well signed, but no such certificate here) or ``invalid`` (not a
credential, a broken or changed one, or a key never published here), with the
reasons as stored messages. Text from outside (an upload, a paste) goes through
``parse_credential`` first: size, depth, duplicate keys and non-JSON numbers are
refused before anything is canonicalised.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

from . import keys
from .credentials import CRYPTOSUITE, canonical

MAX_BYTES = 64 * 1024
MAX_DEPTH = 20
NUMBER_RE = re.compile(r"/verify/([A-Za-z0-9._-]{1,64})/credential\.json$")

VALID, EXPIRED, REVOKED, UNKNOWN, INVALID = "valid", "expired", "revoked", "unknown", "invalid"


class CredentialError(ValueError):
    """Text that is no credential; ``message`` says why, in the reader's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Verification:
    status: str
    reasons: list[Message] = field(default_factory=list)
    number: str = ""
    key_id: str = ""
    certificate: Any = None
    issued_on: date | None = None
    expires_on: date | None = None
    revoked_at: datetime | None = None
    holder_name: str = ""
    scheme_name: str = ""
    issuer_name: str = ""
    checked_on: date | None = None

    @property
    def signature_ok(self) -> bool:
        return self.status != INVALID

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "number": self.number or None,
            "holder_name": self.holder_name or None,
            "scheme": self.scheme_name or None,
            "issuer": self.issuer_name or None,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "revoked_on": timezone.localdate(self.revoked_at).isoformat()
            if self.revoked_at
            else None,
            "key_id": self.key_id or None,
            "checked_on": self.checked_on.isoformat() if self.checked_on else None,
            "reasons": [str(reason) for reason in self.reasons],
        }


# --- hostile text -------------------------------------------------------------------


def _depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CredentialError(
                Message(_("The key “%(key)s” appears twice in one object."), {"key": key[:60]})
            )
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise CredentialError(
        Message(_("%(value)s is not a JSON number."), {"value": name})  # NaN, Infinity
    )


def parse_credential(data: bytes | str) -> dict[str, Any]:
    """A JSON object from uploaded or pasted text, or CredentialError saying what is wrong."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise CredentialError(
            Message(
                _("The file is %(size)s KB; a credential is at most %(limit)s KB."),
                {"size": (len(raw) + 1023) // 1024, "limit": MAX_BYTES // 1024},
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CredentialError(
            Message(_("The file is not text (UTF-8): is it the .json file?"))
        ) from None
    if not text.strip():
        raise CredentialError(Message(_("The credential is empty.")))
    if _depth(text) > MAX_DEPTH:
        raise CredentialError(
            Message(
                _("The JSON nests deeper than %(limit)s levels: it is not a credential."),
                {"limit": MAX_DEPTH},
            )
        )
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise CredentialError(
            Message(
                _("This is not valid JSON (line %(line)s, column %(column)s: %(error)s)."),
                {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
            )
        ) from exc
    if not isinstance(value, dict):
        raise CredentialError(
            Message(_("A credential is a JSON object ({…}), not a list or value."))
        )
    return value


# --- the proof ----------------------------------------------------------------------


KeyLookup = Callable[[str], Ed25519PublicKey | None]


def check_proof(document: Mapping[str, Any], lookup: KeyLookup) -> tuple[str, list[Message]]:
    """The key id and the problems with ``document``'s eddsa-jcs-2022 proof (none: it holds)."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return "", [Message(_("The credential has no proof (signature)."))]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return "", [
            Message(
                _("The proof is not a DataIntegrityProof of cryptosuite %(suite)s."),
                {"suite": CRYPTOSUITE},
            )
        ]
    if proof.get("proofPurpose") != "assertionMethod":
        return "", [Message(_("The proof's purpose is not assertionMethod."))]
    method = proof.get("verificationMethod")
    key_id = method.rpartition("#")[2] if isinstance(method, str) else ""
    public_key = lookup(key_id) if key_id else None
    if public_key is None:
        return key_id, [
            Message(_("The credential was signed with a key this issuer never published."))
        ]
    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z") or len(value) > 200:
            raise ValueError("no multibase")
        signature = base58.b58decode(value[1:])
    except ValueError:
        return key_id, [Message(_("The proof's value is not a base58btc signature."))]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in config:
        context = document.get("@context")
        wanted = (
            config["@context"] if isinstance(config["@context"], list) else [config["@context"]]
        )
        have = context if isinstance(context, list) else [context]
        if have[: len(wanted)] != wanted:
            return key_id, [Message(_("The proof's @context does not match the credential's."))]
    try:
        data = (
            hashlib.sha256(canonical(config)).digest()
            + hashlib.sha256(canonical(unsecured)).digest()
        )
    except ValueError:
        return key_id, [Message(_("The credential holds values JSON canonicalisation refuses."))]
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return key_id, [
            Message(
                _(
                    "The signature does not match the content: the credential was changed "
                    "after it was signed."
                )
            )
        ]
    return key_id, []


# --- the whole check -----------------------------------------------------------------


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def number_of(document: Mapping[str, Any]) -> str:
    """The certificate number in the credential's id (``…/verify/<number>/credential.json``)."""
    ident = document.get("id")
    if not isinstance(ident, str):
        return ""
    found = NUMBER_RE.search(urlsplit(ident).path)
    return found.group(1) if found else ""


def _from_document(result: Verification, document: Mapping[str, Any]) -> None:
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    if isinstance(achievement, dict) and isinstance(achievement.get("name"), str):
        result.scheme_name = achievement["name"]
    issuer = document.get("issuer")
    if isinstance(issuer, dict) and isinstance(issuer.get("name"), str):
        result.issuer_name = issuer["name"]
    for ident in subject.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("identityType") == "ext:name":
            result.holder_name = str(ident.get("identityHash", ""))
    result.issued_on = _day(document.get("validFrom") or document.get("issuanceDate"))
    result.expires_on = _day(document.get("validUntil"))


def credential_verify(
    document: dict[str, Any] | bytes | str,
    *,
    today: date | None = None,
    published: Mapping[str, str] | None = None,
) -> Verification:
    """Check ``document`` (a dict, or text from outside) and say what it is worth today.

    ``published``: key id → publicKeyMultibase, to check offline (no database): then
    the status comes from the credential's own dates, and revocation is not known.
    """
    from .models import Certificate

    today = today or timezone.localdate()
    try:
        doc = document if isinstance(document, dict) else parse_credential(document)
    except CredentialError as exc:
        return Verification(INVALID, [exc.message], checked_on=today)

    def lookup(key_id: str) -> Ed25519PublicKey | None:
        if published is None:
            return keys.published_key(key_id)
        try:
            return keys.public_key_from_multibase(published.get(key_id, ""))
        except ValueError:
            return None

    key_id, problems = check_proof(doc, lookup)
    result = Verification(INVALID, problems, number=number_of(doc), key_id=key_id, checked_on=today)
    _from_document(result, doc)
    if problems:
        return result
    if published is not None:
        result.status = EXPIRED if result.expires_on and result.expires_on < today else VALID
        result.reasons.append(
            Message(_("Checked offline: whether it was revoked is only known online.")),
        )
        return result
    certificate = (
        Certificate.objects.select_related("scheme_version", "issuing_body")
        .filter(number=result.number)
        .first()
        if result.number
        else None
    )
    if certificate is None:
        result.status = UNKNOWN
        result.reasons.append(Message(_("No certificate with this number was issued here.")))
        return result
    result.certificate = certificate
    result.holder_name = certificate.holder_name
    result.scheme_name = certificate.scheme_version.name
    result.issuer_name = certificate.issuing_body.name
    result.issued_on = certificate.issued_on
    result.expires_on = certificate.expires_on
    result.revoked_at = certificate.revoked_at
    result.status = certificate.status_on(today)
    return result
