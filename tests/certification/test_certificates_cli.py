"""`tangguh certificates list`: every certificate with the issue's keys, by institution."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from .factories import CertificateFactory

pytestmark = pytest.mark.django_db

KEYS = {
    "number",
    "holder_name",
    "holder_nip",
    "institution_code",
    "scheme_code",
    "issued_on",
    "expires_on",
    "status",
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("certificates", "list", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_certificate_with_exactly_the_keys_and_its_status(sleman):
    valid = CertificateFactory(issued_on=date(2025, 3, 1), expires_on=date(2099, 3, 1))
    expired = CertificateFactory(issued_on=date(2020, 3, 1), expires_on=date(2023, 3, 1))
    revoked = CertificateFactory(
        issued_on=date(2024, 2, 29),
        expires_on=date(2099, 2, 28),
        revoked_at=timezone.now(),
        participation__employee__institution=sleman,
    )
    rows = json.loads(run("--json"))
    assert [r["number"] for r in rows] == [valid.number, revoked.number, expired.number]
    assert all(set(r) == KEYS for r in rows)
    by_number = {r["number"]: r for r in rows}
    assert by_number[valid.number] == {
        "number": valid.number,
        "holder_name": valid.holder_name,
        "holder_nip": valid.nip,
        "institution_code": "35.78",
        "scheme_code": valid.scheme.code,
        "issued_on": "2025-03-01",
        "expires_on": "2099-03-01",
        "status": "valid",
    }
    assert by_number[expired.number]["status"] == "expired"
    assert by_number[revoked.number]["status"] == "revoked"
    assert by_number[revoked.number]["institution_code"] == "34.04"


def test_the_institution_is_the_holders_when_issued_and_only_its_own(sleman):
    mine = CertificateFactory()  # Kota Surabaya
    CertificateFactory(participation__employee__institution=sleman)
    assert [r["number"] for r in json.loads(run("--institution", "35.78", "--json"))] == [
        mine.number
    ]
    assert json.loads(run("--institution", "35", "--json")) == []  # the province: none of its own
    mine.employee.institution = sleman  # the holder moves later: the certificate stays
    mine.employee.save()
    assert len(json.loads(run("--institution", "35.78", "--json"))) == 1


def test_an_unknown_institution_is_refused_by_name_also_in_json():
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"99\.99"):
        call_command("certificates", "list", "--institution", "99.99", "--json", stdout=out)
    assert "99.99" in json.loads(out.getvalue())["error"]


def test_the_table_has_a_header_a_row_each_and_a_count():
    cert = CertificateFactory()
    lines = run().strip().splitlines()
    assert lines[0].split("\t")[0] == "number" and len(lines) == 3
    assert lines[1].startswith(cert.number + "\t")
    assert "1" in lines[2]


def test_an_empty_json_list_is_valid_json():
    assert json.loads(run("--json")) == []
