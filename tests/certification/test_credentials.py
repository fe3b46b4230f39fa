"""Signed Open Badges 3.0 credentials: the official schema, the proof checked by an
independent Ed25519 implementation (PyNaCl) and canonicaliser (rfc8785), the W3C test
vector, tampering, expiry, revocation and unknown numbers."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import base58
import jsonschema
import nacl.exceptions
import nacl.signing
import pytest
import rfc8785
from django.urls import reverse
from django.utils import timezone

from tangguh.certification import keys
from tangguh.certification.credentials import (
    canonical,
    credential_issue,
    credential_verify,
    identity_hash,
    sign,
)
from tangguh.certification.verification import check_proof
from tests.certification.factories import CertificateFactory

SCHEMAS = Path(__file__).parent / "openbadges"

# W3C vc-di-eddsa test vector (TestVectors/eddsa-jcs-2022/signedJCS.json, keyPair.json).
W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_PRIVATE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_SIGNED: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": f"https://vc.example/issuers/5678#{W3C_PUBLIC}",
        "proofPurpose": "assertionMethod",
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
    },
}


def _issued(**kwargs: Any) -> Any:
    certificate = CertificateFactory(**kwargs)
    certificate.credential, certificate.key_id = credential_issue(certificate)
    certificate.save(update_fields=["credential", "key_id"])
    return certificate


def _independent_check(document: dict[str, Any], public_multibase: str) -> None:
    """eddsa-jcs-2022 by hand: rfc8785 + hashlib + PyNaCl (raises when it fails)."""
    proof = document["proof"]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    data = (
        hashlib.sha256(rfc8785.dumps(config)).digest()
        + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    )
    raw = base58.b58decode(public_multibase[1:])
    assert raw[:2] == b"\xed\x01"
    signature = base58.b58decode(proof["proofValue"][1:])
    nacl.signing.VerifyKey(raw[2:]).verify(data, signature)


@pytest.fixture(autouse=True)
def _keys_in_tmp(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TANGGUH_CREDENTIAL_KEY_DIR = tmp_path / "keys"
    monkeypatch.delenv(keys.ENV_KEY, raising=False)


# --- the official schema and an independent check -----------------------------------


@pytest.mark.django_db
def test_the_credential_is_valid_against_the_official_open_badges_schema() -> None:
    schema = json.loads((SCHEMAS / "achievementcredential.schema.json").read_text())
    certificate = _issued()
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(certificate.credential)]
    assert errors == []
    # and the schema does bite: without its subject the same document fails
    broken = {k: v for k, v in certificate.credential.items() if k != "credentialSubject"}
    assert not validator.is_valid(broken)


@pytest.mark.django_db
def test_the_credential_says_what_the_issue_asks() -> None:
    certificate = _issued()
    doc = certificate.credential
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["id"].endswith(f"/verify/{certificate.number}/credential.json")
    assert doc["issuer"]["type"] == ["Profile"]
    assert doc["issuer"]["name"] == certificate.issuing_body.name
    assert doc["validFrom"].startswith(certificate.issued_on.isoformat())
    assert doc["validUntil"].startswith(certificate.expires_on.isoformat())
    assert doc["credentialStatus"]["type"] == "1EdTechRevocationList"
    assert doc["credentialStatus"]["id"].endswith(f"/verify/{certificate.number}/status")
    achievement = doc["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.scheme_version.name
    assert achievement["achievementType"] == "Certificate"
    assert "U.01 Unit kompetensi 1" in achievement["criteria"]["narrative"]
    nip_id = doc["credentialSubject"]["identifier"][0]
    assert nip_id["hashed"] is True
    assert nip_id["identityHash"] == identity_hash(certificate.nip, nip_id["salt"])
    assert (
        nip_id["identityHash"]
        == "sha256$" + hashlib.sha256((certificate.nip + nip_id["salt"]).encode()).hexdigest()
    )
    # never the NIP nor the birth date in clear
    text = json.dumps(doc)
    assert certificate.nip not in text
    assert certificate.employee.birth_date.isoformat() not in text
    assert doc["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert doc["proof"]["verificationMethod"].endswith(f"/verify/keys#{certificate.key_id}")


@pytest.mark.django_db
def test_the_proof_checks_with_pynacl_against_the_published_key(client: Any) -> None:
    certificate = _issued()
    published = client.get(reverse("verify:keys")).json()
    method = next(
        m for m in published["verificationMethod"] if m["id"].endswith("#" + certificate.key_id)
    )
    _independent_check(certificate.credential, method["publicKeyMultibase"])
    tampered = copy.deepcopy(certificate.credential)
    tampered["validUntil"] = "2099-12-31T23:59:59Z"
    with pytest.raises(nacl.exceptions.BadSignatureError):
        _independent_check(tampered, method["publicKeyMultibase"])


def test_the_w3c_test_vector_verifies_and_is_reproduced() -> None:
    public = keys.public_key_from_multibase(W3C_PUBLIC)
    key_id, problems = check_proof(W3C_SIGNED, lambda kid: public if kid == W3C_PUBLIC else None)
    assert (key_id, problems) == (W3C_PUBLIC, [])
    # Ed25519 is deterministic: signing the vector's document with its key gives its proof.
    raw = base58.b58decode(W3C_PRIVATE[1:])
    assert raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(raw[2:])
    key = keys.Key("vector", private, W3C_PUBLIC)
    unsigned = {k: v for k, v in W3C_SIGNED.items() if k != "proof"}
    signed = sign(
        unsigned,
        key,
        created=W3C_SIGNED["proof"]["created"],
        verification_method=W3C_SIGNED["proof"]["verificationMethod"],
    )
    assert signed["proof"]["proofValue"] == W3C_SIGNED["proof"]["proofValue"]


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": [True, None, "x"], "é": "ü\u2028\x7f", "ctl": '\x00\x1f\n\t"\\/'},
        {"emoji": "😀", "keys": {"\ue000": 1, "z": 2, "a": {"nested": [1, -2, 9007199254740991]}}},
        {"float": 1.5, "big": 2**60},  # goes through rfc8785 itself
    ],
)
def test_the_fast_canonical_form_is_rfc8785(value: dict[str, Any]) -> None:
    if "big" in value:
        with pytest.raises(ValueError):
            canonical(value)
        return
    assert canonical(value) == rfc8785.dumps(value)


# --- what the check says --------------------------------------------------------------


@pytest.mark.django_db
def test_a_fresh_credential_is_valid() -> None:
    certificate = _issued()
    result = credential_verify(certificate.credential)
    assert result.status == "valid", [str(r) for r in result.reasons]
    assert result.holder_name == certificate.holder_name
    assert result.number == certificate.number
    assert result.expires_on == certificate.expires_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(validUntil="2099-12-31T23:59:59Z"),
        lambda d: d["credentialSubject"]["identifier"][1].update(identityHash="Someone Else"),
        lambda d: d["credentialSubject"]["achievement"].update(name="Sertifikasi Lain"),
        lambda d: d["issuer"].update(name="Lembaga Palsu"),
        lambda d: d["proof"].update(created="2020-01-01T00:00:00Z"),
        lambda d: d.update(extra="added"),
    ],
    ids=["validUntil", "holder", "scheme", "issuer", "proof-created", "added-field"],
)
def test_any_changed_field_fails_and_says_so(change: Any) -> None:
    certificate = _issued()
    tampered = copy.deepcopy(certificate.credential)
    change(tampered)
    result = credential_verify(tampered)
    assert result.status == "invalid"
    assert "changed after it was signed" in result.reasons[0].msgid


@pytest.mark.django_db
def test_a_forged_proof_value_or_key_fails() -> None:
    certificate = _issued()
    forged = copy.deepcopy(certificate.credential)
    forged["proof"]["verificationMethod"] = "https://elsewhere.example/keys#key-x"
    assert "never published" in credential_verify(forged).reasons[0].msgid
    forged = copy.deepcopy(certificate.credential)
    forged["proof"]["proofValue"] = "z0OIl"  # not base58
    assert credential_verify(forged).status == "invalid"
    forged = copy.deepcopy(certificate.credential)
    del forged["proof"]
    assert "no proof" in credential_verify(forged).reasons[0].msgid


@pytest.mark.django_db
def test_revoked_then_expired_then_unknown() -> None:
    certificate = _issued()
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    result = credential_verify(certificate.credential)
    assert result.status == "revoked"
    assert result.revoked_at == certificate.revoked_at
    old = _issued(issued_on=date.today() - timedelta(days=4 * 365))
    assert credential_verify(old.credential).status == "expired"
    assert credential_verify(old.credential, today=old.expires_on).status == "valid"
    lost = _issued()
    lost.number = "SKP-RENAMED-1"
    lost.save(update_fields=["number"])
    result = credential_verify(lost.credential)
    assert result.status == "unknown"


@pytest.mark.django_db
def test_offline_check_uses_the_given_keys_only() -> None:
    certificate = _issued()
    published = {k["key_id"]: k["publicKeyMultibase"] for k in keys.public_keys()}
    result = credential_verify(certificate.credential, published=published)
    assert result.status == "valid"
    assert "offline" in result.reasons[-1].msgid
    assert credential_verify(certificate.credential, published={}).status == "invalid"


# --- keys: files outside the database, rotation -------------------------------------


@pytest.mark.django_db
def test_the_private_key_is_a_0600_file_and_never_in_the_database(settings: Any) -> None:
    certificate = _issued()
    path = Path(settings.TANGGUH_CREDENTIAL_KEY_DIR) / f"{certificate.key_id}.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    from tangguh.certification.models import SigningKey

    row = SigningKey.objects.get(key_id=certificate.key_id)
    assert row.public_key_multibase.startswith("z6Mk")
    assert "PRIVATE" not in json.dumps(list(SigningKey.objects.values()), default=str)


@pytest.mark.django_db
def test_a_rotated_key_still_verifies_what_it_signed(client: Any) -> None:
    before = _issued()
    new = keys.key_rotate(actor=None)
    after = _issued()
    assert after.key_id == new.key_id != before.key_id
    assert credential_verify(before.credential).status == "valid"
    assert credential_verify(after.credential).status == "valid"
    published = client.get(reverse("verify:keys")).json()["verificationMethod"]
    retired = {m["id"].rpartition("#")[2]: m["retired"] for m in published}
    assert retired[new.key_id] is None
    assert retired[before.key_id] is not None
    from tangguh.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="certification.key_rotate").count() == 1


@pytest.mark.django_db
def test_a_missing_key_file_is_said_clearly(settings: Any) -> None:
    certificate = _issued()
    (Path(settings.TANGGUH_CREDENTIAL_KEY_DIR) / f"{certificate.key_id}.pem").unlink()
    keys._cache.clear()
    from tangguh.core.exceptions import DomainError

    with pytest.raises(DomainError) as refused:
        keys.current_key()
    assert "is missing from" in refused.value.message.msgid


@pytest.mark.django_db
def test_the_key_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    monkeypatch.setenv(keys.ENV_KEY, pem)
    certificate = _issued()
    assert certificate.credential["proof"]["verificationMethod"].endswith(certificate.key_id)
    assert keys.current_key().public_key_multibase == keys.public_multibase(private.public_key())
    assert credential_verify(certificate.credential).status == "valid"
    from tangguh.core.exceptions import DomainError

    with pytest.raises(DomainError):
        keys.key_rotate(actor=None)
    monkeypatch.setenv(keys.ENV_KEY, "-----BEGIN PRIVATE KEY-----\nnonsense\n")
    with pytest.raises(DomainError) as refused:
        keys.current_key()
    assert "cannot be read" in refused.value.message.msgid


@pytest.mark.django_db
def test_issuing_in_bulk_stores_what_verifies() -> None:
    from tangguh.certification.credentials import credential_address, credentials_save
    from tangguh.certification.models import Certificate
    from tangguh.certification.public_urls import credential_url

    certificates = [CertificateFactory() for _ in range(3)]
    key = keys.current_key()
    for certificate in certificates:
        certificate.credential, certificate.key_id = credential_issue(certificate, key=key)
        assert credential_address(certificate.number) == credential_url(certificate.number)
    credentials_save(certificates)
    for certificate in certificates:
        stored = Certificate.objects.get(pk=certificate.pk)
        assert stored.key_id == key.key_id
        assert stored.credential == certificate.credential
        assert credential_verify(stored.credential).status == "valid"


@pytest.mark.django_db
def test_issuing_many_stores_json_that_is_the_signed_credential() -> None:
    from tangguh.certification.credentials import credentials_issue_many
    from tangguh.certification.models import Certificate

    certificates = [CertificateFactory() for _ in range(3)]
    credentials_issue_many(certificates)
    for certificate in certificates:
        stored = Certificate.objects.get(pk=certificate.pk)
        assert stored.credential == certificate.credential
        assert credential_verify(stored.credential).status == "valid"


def test_the_fast_base58_is_base58btc() -> None:
    import os

    from tangguh.certification.credentials import multibase_b58

    samples = [os.urandom(64) for _ in range(300)] + [
        b"",
        b"\0",
        b"\0\0\x01",
        b"\x01",
        b"\xff" * 33,
    ]
    for data in samples:
        assert multibase_b58(data) == "z" + base58.b58encode(data).decode()


@pytest.mark.django_db
def test_spacing_and_key_order_do_not_matter() -> None:
    certificate = _issued()
    reordered = json.dumps(dict(reversed(list(certificate.credential.items()))), indent=4)
    assert credential_verify(reordered.encode()).status == "valid"
