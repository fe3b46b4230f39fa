"""`tangguh certificates verify FILE.json [--keys]` and `tangguh certificates keys`."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tangguh.certification import keys
from tangguh.certification.models import SigningKey
from tests.certification.test_verify_views import issued


@pytest.fixture(autouse=True)
def _keys_in_tmp(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TANGGUH_CREDENTIAL_KEY_DIR = tmp_path / "keys"
    monkeypatch.delenv(keys.ENV_KEY, raising=False)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("certificates", *args, stdout=out)
    return out.getvalue()


def _file(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return str(path)


@pytest.mark.django_db
def test_verify_a_file_against_this_installation(tmp_path: Path) -> None:
    certificate = issued()
    out = _run("verify", _file(tmp_path, "c.json", certificate.credential), "--json")
    data = json.loads(out)
    assert data["status"] == "valid"
    assert data["number"] == certificate.number


@pytest.mark.django_db
def test_verify_offline_with_the_published_keys(
    tmp_path: Path, django_assert_num_queries: Any
) -> None:
    certificate = issued()
    keys_file = _file(tmp_path, "keys.json", Client().get(reverse("verify:keys")).json())
    credential = _file(tmp_path, "c.json", certificate.credential)
    with django_assert_num_queries(0):  # offline: no database at all
        out = _run("verify", credential, "--keys", keys_file)
    assert "valid" in out
    assert certificate.holder_name in out
    tampered = copy.deepcopy(certificate.credential)
    tampered["validUntil"] = "2099-01-01T00:00:00Z"
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "certificates",
            "verify",
            _file(tmp_path, "t.json", tampered),
            "--keys",
            keys_file,
            stdout=out,
        )
    assert "invalid" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"\x00\x01 not json", b"[1]", b"{" * 100])
def test_a_broken_file_is_a_sentence_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    out = StringIO()
    with pytest.raises(CommandError, match="invalid"):
        call_command("certificates", "verify", _file(tmp_path, "b.json", content), stdout=out)
    assert "  - " in out.getvalue()  # the reason


@pytest.mark.django_db
def test_a_missing_or_bad_keys_file_is_said(tmp_path: Path) -> None:
    certificate = issued()
    credential = _file(tmp_path, "c.json", certificate.credential)
    with pytest.raises(CommandError, match=r"Cannot read|Tidak dapat"):
        _run("verify", credential, "--keys", str(tmp_path / "none.json"))
    with pytest.raises(CommandError):
        _run("verify", credential, "--keys", _file(tmp_path, "k.json", [1, 2]))


@pytest.mark.django_db
def test_keys_rotate_then_old_and_new_credentials_verify_offline(tmp_path: Path) -> None:
    before = issued()
    out = _run("keys", "rotate")
    new = SigningKey.objects.get(retired_at__isnull=True)
    assert new.key_id in out
    assert new.key_id != before.key_id
    assert (Path(keys.key_dir()) / f"{new.key_id}.pem").stat().st_mode & 0o777 == 0o600
    after = issued()
    assert after.key_id == new.key_id
    listed = _run("keys", "list")
    assert before.key_id in listed and new.key_id in listed
    keys_file = _file(tmp_path, "keys.json", Client().get(reverse("verify:keys")).json())
    for certificate in (before, after):
        credential = _file(tmp_path, f"{certificate.pk}.json", certificate.credential)
        assert (
            json.loads(_run("verify", credential, "--keys", keys_file, "--json"))["status"]
            == "valid"
        )
