"""Signed Open Badges 3.0 credentials: build, sign (eddsa-jcs-2022), verify.

A certificate's credential is an ``OpenBadgeCredential`` (VC data model 2.0 context
and the OB 3.0.3 context) with the issuing body as its issuer ``Profile``, the scheme
version as its ``achievement`` and the holder identified by a salted SHA-256 of the
NIP (``identityHash``). Its ``credentialStatus`` points at ``verify:status``, which
answers revoked once the certificate is revoked: the credential itself never changes.

The proof is a W3C Data Integrity ``DataIntegrityProof`` with cryptosuite
``eddsa-jcs-2022`` (W3C "Data Integrity EdDSA Cryptosuites v1.0"): the proof options
(with the document's ``@context``) and the document without its proof are each
canonicalised with JCS (RFC 8785) and hashed with SHA-256; the signature is Ed25519 over
``sha256(proof config) || sha256(document)``, written as multibase base58btc (``z…``).
``verificationMethod`` is ``<public url>/verify/keys#<key id>``: the key published at
``verify:keys``. The checking side is in ``verification.py``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import rfc8785
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from . import keys
from .models import Certificate, IssuingBody

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
CRYPTOSUITE = "eddsa-jcs-2022"
IDENTITY_TYPE = "ext:NIP"
NAME_TYPE = "ext:name"
_MAX_SAFE_INTEGER = 2**53 - 1


# --- public addresses -----------------------------------------------------------------

_PLACEHOLDER = "__ARG__"


@lru_cache(maxsize=32)
def _address(name: str, public_url: str, with_arg: bool) -> str:
    """The absolute address of route ``name``, its argument as a placeholder (cached:
    issuing thousands of credentials would otherwise spend most of its time reversing)."""
    path = reverse(name, args=[_PLACEHOLDER] if with_arg else [])
    return f"{public_url}{path}"


def _url(name: str, arg: str | None = None) -> str:
    address = _address(name, settings.TANGGUH_PUBLIC_URL, arg is not None)
    if arg is None:
        return address
    return address.replace(_PLACEHOLDER, quote(arg, safe="-._~!$&'()*+,;=:@"))


def credential_address(number: str) -> str:
    """``public_urls.credential_url`` without a reverse() per call."""
    return _url("verify:credential", number)


def status_url(number: str) -> str:
    return _url("verify:status", number)


def keys_url() -> str:
    return _url("verify:keys")


def issuer_url(body: IssuingBody) -> str:
    return _url("verify:issuer", body.code)


def key_url(key_id: str) -> str:
    """The ``verificationMethod`` of a key: its entry in the published keys."""
    return f"{keys_url()}#{key_id}"


# --- canonical form (RFC 8785) -------------------------------------------------------


def _plain(value: Any) -> bool:
    """True when ``json.dumps(sort_keys=True)`` gives exactly the JCS form of ``value``.

    That holds for strings, booleans, None and integers within IEEE 754's exact range,
    in objects whose keys sort the same by code point as by UTF-16 unit (no character
    from U+D800 up in a key). Anything else (floats, big integers) goes through rfc8785.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) or item is None or isinstance(item, bool):
            continue
        if isinstance(item, int):
            if -_MAX_SAFE_INTEGER <= item <= _MAX_SAFE_INTEGER:
                continue
            return False
        if isinstance(item, dict):
            for key in item:
                if not isinstance(key, str) or not (key.isascii() or max(key) < "\ud800"):
                    return False
            stack.extend(item.values())
            continue
        if isinstance(item, list):
            stack.extend(item)
            continue
        return False
    return True


def canonical(value: Any, *, plain: bool = False) -> bytes:
    """The RFC 8785 (JCS) bytes of ``value``; ValueError when it has none.

    ``plain``: the caller built ``value`` itself from strings, small integers and
    booleans under ASCII keys (a credential being issued): no need to check.
    """
    if plain or _plain(value):
        try:
            return json.dumps(
                value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: not JSON text
            raise ValueError(str(exc)) from exc
    try:
        return rfc8785.dumps(value)
    except Exception as exc:  # rfc8785 raises its own errors on floats, sizes, types
        raise ValueError(str(exc)) from exc


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_PAIRS = [a + b for a in _B58 for b in _B58]


def multibase_b58(data: bytes) -> str:
    """``z`` + base58btc of ``data`` (the Bitcoin alphabet), four digits per division:
    the same text as ``base58.b58encode``, about three times faster."""
    number = int.from_bytes(data, "big")
    chunks = []
    while number:
        number, rest = divmod(number, 11316496)  # 58 ** 4
        high, low = divmod(rest, 3364)  # 58 ** 2
        chunks.append(_B58_PAIRS[high] + _B58_PAIRS[low])
    digits = "".join(reversed(chunks)).lstrip("1")
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


# --- building ---------------------------------------------------------------------


def identity_hash(nip: str, salt: str) -> str:
    """OB 3.0's IdentityHash of a NIP: ``sha256$`` + hex SHA-256 of NIP ‖ salt (UTF-8)."""
    return "sha256$" + hashlib.sha256((nip + salt).encode("utf-8")).hexdigest()


def _datetime(day: date, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}Z"


def _issuer(body: IssuingBody) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": issuer_url(body), "type": ["Profile"], "name": body.name}
    if body.url:
        profile["url"] = body.url
    if body.email:
        profile["email"] = body.email
    return profile


def _scheme_parts(certificate: Certificate) -> tuple[dict[str, Any], dict[str, Any]]:
    """The issuer Profile and the Achievement of the certificate's scheme version.

    Kept on the version object (keyed on everything they say), so that many
    certificates of one version loaded together build them once; the dicts are then
    shared by those credentials: read-only.
    """
    version = certificate.scheme_version
    body = certificate.issuing_body
    code = certificate.scheme.code
    key = (settings.TANGGUH_PUBLIC_URL, body.pk, body.name, body.url, body.email, code)
    cached = version.__dict__.get("_credential_parts")
    if cached is not None and cached[0] == key:
        return cached[1]
    units = [f"{unit.code} {unit.title}" for unit in version.units.all()]
    narrative = version.requirements.strip() or version.name
    if units:
        narrative = f"{narrative}\n\nUnit kompetensi: " + "; ".join(units) + "."
    issuer = _issuer(body)
    achievement = {
        "id": f"{issuer['id']}#scheme-{code}-v{version.version}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "humanCode": code.upper(),
        "name": version.name,
        "description": version.description.strip() or version.name,
        "criteria": {"narrative": narrative},
        "creator": issuer,
    }
    version.__dict__["_credential_parts"] = (key, (issuer, achievement))
    return issuer, achievement


def build_credential(certificate: Certificate, *, salt: str | None = None) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``certificate``."""
    version = certificate.scheme_version
    number = certificate.number
    salt = salt if salt is not None else secrets.token_hex(8)
    issued = _datetime(certificate.issued_on)
    issuer, achievement = _scheme_parts(certificate)
    return {
        "@context": list(CONTEXT),
        "id": credential_address(number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{version.name} — {number}",
        "issuer": issuer,
        "validFrom": issued,
        "validUntil": _datetime(certificate.expires_on, end=True),
        # The OB 3.0 schema still requires the VC 1.1 name of the issue date.
        "issuanceDate": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": IDENTITY_TYPE,
                    "hashed": True,
                    "identityHash": identity_hash(certificate.nip, salt),
                    "salt": salt,
                },
                {
                    "type": "IdentityObject",
                    "identityType": NAME_TYPE,
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                },
            ],
            "achievement": achievement,
        },
        "credentialStatus": {"id": status_url(number), "type": "1EdTechRevocationList"},
        "credentialSchema": [dict(CREDENTIAL_SCHEMA)],
    }


def _signed(
    document: dict[str, Any],
    key: keys.Key,
    *,
    created: str,
    verification_method: str | None,
    plain: bool,
) -> tuple[dict[str, Any], bytes]:
    """The signed document, and the canonical bytes of the document without its proof."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method or key_url(key.key_id),
        "proofPurpose": "assertionMethod",
        "@context": unsecured["@context"],
    }
    body = canonical(unsecured, plain=plain)
    data = hashlib.sha256(canonical(proof, plain=plain)).digest() + hashlib.sha256(body).digest()
    proof["proofValue"] = multibase_b58(key.sign(data))
    return {**unsecured, "proof": proof}, body


def sign(
    document: dict[str, Any],
    key: keys.Key,
    *,
    created: str,
    verification_method: str | None = None,
    plain: bool = False,
) -> dict[str, Any]:
    """``document`` with an embedded eddsa-jcs-2022 proof by ``key``.

    ``verification_method``: where the key is published; ours (``verify:keys``) by default.
    """
    signed, _body = _signed(
        document, key, created=created, verification_method=verification_method, plain=plain
    )
    return signed


def _now() -> str:
    return timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def credential_issue(
    certificate: Certificate, *, key: keys.Key | None = None
) -> tuple[dict[str, Any], str]:
    """The signed credential of ``certificate`` and the id of the key that signed it.

    The caller stores both (``certificate.credential``, ``certificate.key_id``) in its
    own transaction. ``key``: the current key unless given (many at once: fetch once).
    """
    key = key or keys.current_key()
    signed, _body = _signed(
        build_credential(certificate), key, created=_now(), verification_method=None, plain=True
    )
    return signed, key.key_id


def credentials_issue_many(
    certificates: Sequence[Certificate], *, key: keys.Key | None = None
) -> None:
    """Sign a credential for each of ``certificates`` (stored rows) and store them all.

    For issuing in bulk (the national generator, a benchmark): one key, one timestamp,
    and the JSON stored is written from the canonical bytes already made for the
    signature (no second serialisation). Runs in the caller's transaction.
    """
    key = key or keys.current_key()
    created = _now()
    texts = []
    for certificate in certificates:
        signed, body = _signed(
            build_credential(certificate),
            key,
            created=created,
            verification_method=None,
            plain=True,
        )
        certificate.credential, certificate.key_id = signed, key.key_id
        proof = json.dumps(signed["proof"], ensure_ascii=False, separators=(",", ":"))
        texts.append(body[:-1].decode("utf-8") + ',"proof":' + proof + "}")
    credentials_save(certificates, texts=texts)


def credentials_save(
    certificates: Sequence[Certificate], *, texts: Sequence[str] | None = None
) -> None:
    """Store the credential and key id of many certificates in few statements.

    For issuing in bulk (a generator, a benchmark): on PostgreSQL the rows are copied
    (COPY) into a temporary table and applied with one UPDATE; on SQLite one
    executemany. Runs in the caller's transaction.
    """
    table = connection.ops.quote_name(Certificate._meta.db_table)
    if texts is None:
        texts = [
            json.dumps(c.credential, ensure_ascii=False, separators=(",", ":"))
            for c in certificates
        ]
    rows = [(c.pk, text, c.key_id) for c, text in zip(certificates, texts, strict=True)]
    with transaction.atomic():
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET credential = %s, key_id = %s WHERE id = %s",  # noqa: S608
                    [(credential, key_id, pk) for pk, credential, key_id in rows],
                )
            return
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # psycopg's own: COPY
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS certification_credential_load "
                "(id bigint, credential jsonb, key_id text) ON COMMIT DELETE ROWS"
            )
            with cursor.copy(
                "COPY certification_credential_load (id, credential, key_id) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS c SET credential = v.credential, key_id = v.key_id "  # noqa: S608
                "FROM certification_credential_load AS v WHERE c.id = v.id"
            )
            cursor.execute("DELETE FROM certification_credential_load")


def credential_verify(
    document: dict[str, Any] | bytes | str,
    *,
    today: date | None = None,
    published: dict[str, str] | None = None,
) -> Any:
    """Check a credential: see ``verification.credential_verify`` (a ``Verification``)."""
    from .verification import credential_verify as verify

    return verify(document, today=today, published=published)
