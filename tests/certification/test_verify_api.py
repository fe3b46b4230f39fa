"""The public verification API: status by number, a credential checked, the rate limit."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tangguh.certification import keys
from tangguh.certification.verification import MAX_BYTES
from tests.certification.test_verify_views import issued
from tests.permissions import PublicURLSuite

THROTTLE_KEY = "throttle_certification-verify_127.0.0.1"


@pytest.fixture(autouse=True)
def _keys_and_counts(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TANGGUH_CREDENTIAL_KEY_DIR = tmp_path / "keys"
    monkeypatch.delenv(keys.ENV_KEY, raising=False)
    caches["throttle"].clear()


def _post(client: APIClient, body: bytes) -> Any:
    return client.post(reverse("api:certification-verify"), body, content_type="application/json")


@pytest.mark.django_db
def test_status_by_number() -> None:
    certificate = issued()
    url = reverse("api:certification-verify-status", args=[certificate.number])
    data = APIClient().get(url).json()
    assert data["status"] == "valid"
    assert data["holder_name"] == certificate.holder_name
    assert data["expires_on"] == certificate.expires_on.isoformat()
    assert certificate.nip not in json.dumps(data)
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    data = APIClient().get(url).json()
    assert (data["status"], data["revoked_on"]) == (
        "revoked",
        timezone.localdate(certificate.revoked_at).isoformat(),
    )
    missing = APIClient().get(reverse("api:certification-verify-status", args=["SKP-NONE-1"]))
    assert missing.status_code == 404
    assert missing.json()["status"] == "unknown"


@pytest.mark.django_db
def test_a_posted_credential_is_checked_and_a_tampered_one_fails() -> None:
    certificate = issued()
    client = APIClient()
    assert _post(client, json.dumps(certificate.credential).encode()).json()["status"] == "valid"
    tampered = copy.deepcopy(certificate.credential)
    tampered["name"] = "Sertifikat Lain"
    answer = _post(client, json.dumps(tampered).encode()).json()
    assert answer["status"] == "invalid"
    assert "diubah setelah ditandatangani" in answer["reasons"][0]


@pytest.mark.django_db
def test_hostile_bodies_are_refused_with_a_sentence() -> None:
    client = APIClient()
    bad = _post(client, b"{nope")
    assert bad.status_code == 400
    assert "bukan JSON yang sah" in bad.json()["detail"]
    deep = _post(client, b"[" * 30000 + b"]" * 30000)
    assert deep.status_code == 400
    assert "bersarang" in deep.json()["detail"]
    big = _post(client, b'{"a": "' + b"x" * MAX_BYTES + b'"}')
    assert big.status_code == 413


@pytest.mark.django_db
def test_the_rate_limit_answers_429_per_address(settings: Any) -> None:
    settings.TANGGUH_VERIFY_API_RATE = "3/minute"
    client = APIClient()
    url = reverse("api:certification-verify-status", args=["SKP-NONE-1"])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]
    limited = client.get(url)
    assert limited.status_code == 429
    assert "Retry-After" in limited
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert other.get(url).status_code == 404  # another address has its own count
    # a forged X-Forwarded-For is not a new address (no trusted proxy configured)
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429


# --- permission suites ---------------------------------------------------------------


class TestVerifyStatusAPIPublic(PublicURLSuite):
    url_name = "api:certification-verify-status"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return issued()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"number": obj.number}


class TestVerifyCredentialAPIPublic(PublicURLSuite):
    """A visitor may post a credential; what the request leaves is its count in the limit."""

    url_name = "api:certification-verify"
    method = "post"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return issued()

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(
            self.url(obj), json.dumps(obj.credential), content_type="application/json"
        )

    def state(self, obj: Any) -> Any:
        return len(caches["throttle"].get(THROTTLE_KEY) or [])

    def assert_accepted(self, response: Any, obj: Any, before: Any) -> None:
        super().assert_accepted(response, obj, before)
        assert response.json()["status"] == "valid"
