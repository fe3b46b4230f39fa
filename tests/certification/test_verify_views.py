"""The public verification pages: what a visitor sees, and what hostile input gets."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tangguh.certification import keys
from tangguh.certification.credentials import credential_issue
from tangguh.certification.models import Certificate
from tangguh.certification.verification import MAX_BYTES, CredentialError, parse_credential
from tests.certification.factories import CertificateFactory
from tests.permissions import PublicURLSuite


@pytest.fixture(autouse=True)
def _keys_in_tmp(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TANGGUH_CREDENTIAL_KEY_DIR = tmp_path / "keys"
    monkeypatch.delenv(keys.ENV_KEY, raising=False)


def issued(**kwargs: Any) -> Certificate:
    certificate = CertificateFactory(**kwargs)
    certificate.credential, certificate.key_id = credential_issue(certificate)
    certificate.save(update_fields=["credential", "key_id"])
    return certificate


def _page(client: Client, number: str) -> Any:
    return client.get(reverse("verify:certificate", args=[number]))


# --- the page the QR code opens ----------------------------------------------------


@pytest.mark.django_db
def test_the_page_says_valid_with_name_scheme_dates_and_body_but_no_nip_nor_birth_date() -> None:
    certificate = issued()
    response = _page(Client(), certificate.number)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-status="valid"' in text
    assert certificate.holder_name in text
    assert certificate.scheme_version.name in text
    assert certificate.issuing_body.name in text
    assert certificate.nip not in text
    assert certificate.nip[:8] not in text  # not even the birth date part of the NIP
    birth = certificate.employee.birth_date
    for shown in (birth.isoformat(), birth.strftime("%d/%m/%Y"), birth.strftime("%d-%m-%Y")):
        assert shown not in text
    assert reverse("verify:credential", args=[certificate.number]) in text


@pytest.mark.django_db
def test_revocation_turns_the_page_to_revoked_with_its_date() -> None:
    certificate = issued()
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    text = _page(Client(), certificate.number).content.decode()
    assert 'data-status="revoked"' in text
    assert "dicabut" in text.lower()  # Indonesian by default
    status = Client().get(reverse("verify:status", args=[certificate.number])).json()
    assert status["status"] == "revoked"
    assert status["revoked"] is True
    assert status["revokedCredentials"] == [{"id": certificate.credential["id"], "revoked": True}]
    assert status["revoked_on"] == timezone.localdate(certificate.revoked_at).isoformat()


@pytest.mark.django_db
def test_an_unknown_number_is_said_unknown_with_404() -> None:
    response = _page(Client(), "SKP-NOPE-2024-00001")
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()
    assert "SKP-NOPE-2024-00001" in response.content.decode()


@pytest.mark.django_db
def test_the_credential_json_is_the_stored_one_and_status_is_json() -> None:
    certificate = issued()
    response = Client().get(reverse("verify:credential", args=[certificate.number]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert json.loads(response.content) == certificate.credential
    status = Client().get(certificate.credential["credentialStatus"]["id"].split("8000", 1)[1])
    assert status.json()["status"] == "valid"
    assert Client().get(reverse("verify:credential", args=["SKP-X-1"])).status_code == 404


@pytest.mark.django_db
def test_the_issuer_profile_is_published() -> None:
    certificate = issued()
    path = certificate.credential["issuer"]["id"].split("8000", 1)[1]
    profile = Client().get(path).json()
    assert profile["name"] == certificate.issuing_body.name
    assert profile["type"] == ["Profile"]
    assert Client().get(reverse("verify:issuer", args=["nope"])).status_code == 404


# --- paste or upload ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_pasted_credential_is_checked() -> None:
    certificate = issued()
    response = Client().post(reverse("verify:check"), {"text": json.dumps(certificate.credential)})
    assert response.status_code == 200
    assert 'data-status="valid"' in response.content.decode()


@pytest.mark.django_db
def test_an_uploaded_tampered_credential_fails_and_says_so() -> None:
    certificate = issued()
    tampered = copy.deepcopy(certificate.credential)
    tampered["credentialSubject"]["identifier"][1]["identityHash"] = "Nama Lain"
    upload = SimpleUploadedFile("c.json", json.dumps(tampered).encode(), "application/json")
    response = Client().post(reverse("verify:check"), {"file": upload})
    text = response.content.decode()
    assert 'data-status="invalid"' in text
    assert "diubah setelah ditandatangani" in text  # the reason, in Indonesian


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "says"),
    [
        (b"{not json", "bukan JSON yang sah"),
        (b"[1, 2]", "objek JSON"),
        (b"[" * 5000 + b"]" * 5000, "bersarang"),
        (b'{"a": 1, "a": 2}', "muncul dua kali"),
        (b'{"a": NaN}', "bukan angka JSON"),
        (b"\xff\xfe\x00garbage", "bukan teks"),
        (b"{" + b'"k": "' + b"x" * MAX_BYTES + b'"}', "KB"),
    ],
    ids=["syntax", "not-object", "deep", "duplicate", "nan", "binary", "too-big"],
)
def test_a_malformed_upload_is_refused_with_a_clear_message(payload: bytes, says: str) -> None:
    before = Certificate.objects.count()
    upload = SimpleUploadedFile("bad.json", payload, "application/json")
    response = Client().post(reverse("verify:check"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert says in text
    assert 'class="field-error"' in text
    assert Certificate.objects.count() == before


@pytest.mark.django_db
def test_nothing_or_both_is_refused() -> None:
    response = Client().post(reverse("verify:check"), {})
    assert response.status_code == 400
    assert "Tempel" in response.content.decode()
    upload = SimpleUploadedFile("c.json", b"{}", "application/json")
    response = Client().post(reverse("verify:check"), {"file": upload, "text": "{}"})
    assert response.status_code == 400


def test_parse_refuses_before_canonicalising() -> None:
    with pytest.raises(CredentialError):
        parse_credential(b"")
    assert parse_credential('{"a": "[[[[{{"}') == {"a": "[[[[{{"}  # brackets in strings count not


# --- permission suites: every public URL answers a visitor --------------------------


class _Public(PublicURLSuite):
    def make_object(self, institution: Any) -> Any:
        return issued()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"number": obj.number}


class TestCertificatePagePublic(_Public):
    url_name = "verify:certificate"


class TestCredentialJsonPublic(_Public):
    url_name = "verify:credential"


class TestCredentialStatusPublic(_Public):
    url_name = "verify:status"


class TestKeysPublic(_Public):
    url_name = "verify:keys"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}


class TestIssuerPublic(_Public):
    url_name = "verify:issuer"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.issuing_body.code}


class TestCheckFormPublic(_Public):
    url_name = "verify:check"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}


@pytest.mark.django_db
def test_the_kept_page_turns_revoked_at_once_and_carries_the_visitors_own_token() -> None:
    from tangguh.certification.verify_cache import CSRF_PLACEHOLDER

    certificate = issued()
    assert 'data-status="valid"' in _page(Client(), certificate.number).content.decode()
    visitor = Client(enforce_csrf_checks=True)
    again = _page(visitor, certificate.number).content.decode()  # the kept copy
    assert CSRF_PLACEHOLDER not in again
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again)
    assert token is not None
    # the language switch works from the kept page: the token matches the visitor's cookie
    switched = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)},
    )
    assert switched.status_code == 302
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    assert 'data-status="revoked"' in _page(Client(), certificate.number).content.decode()


@pytest.mark.django_db
def test_values_are_escaped_into_the_page_and_never_read_as_placeholders() -> None:
    certificate = issued(holder_name="<b>O'Brien & @@number@@</b>")
    text = _page(Client(), certificate.number).content.decode()
    assert "&lt;b&gt;O&#x27;Brien &amp; @@number@@&lt;/b&gt;" in text
    assert "<b>O'Brien" not in text
    link = f'href="{reverse("verify:credential", args=[certificate.number])}"'
    assert link in text


@pytest.mark.django_db
def test_each_page_switches_language_back_to_itself() -> None:
    first, second = issued(), issued()
    for certificate in (first, second):
        text = _page(Client(), certificate.number).content.decode()
        path = reverse("verify:certificate", args=[certificate.number])
        assert f'name="next" type="hidden" value="{path}"' in text


def test_the_shared_file_cache_keeps_and_culls(tmp_path: Path) -> None:
    from tangguh.certification.verify_cache import CULL_EVERY, SharedFileCache

    cache = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    for i in range(CULL_EVERY + 1):
        cache.set(f"k{i}", "v")
    assert cache.get(f"k{CULL_EVERY}") == "v"
    assert len(list(tmp_path.glob("*.djcache"))) < CULL_EVERY + 1  # culled once over the limit


@pytest.mark.django_db
def test_the_credential_is_one_query(django_assert_num_queries: Any) -> None:
    certificate = issued()
    with django_assert_num_queries(1):
        Client().get(reverse("verify:credential", args=[certificate.number]))


@pytest.mark.django_db
def test_the_page_is_one_query_then_none(django_assert_num_queries: Any) -> None:
    certificate = issued()
    with django_assert_num_queries(1):  # the certificate, its scheme version and body joined
        _page(Client(), certificate.number)
    with django_assert_num_queries(0):  # kept
        assert 'data-status="valid"' in _page(Client(), certificate.number).content.decode()
