import csv

import pytest

from tangguh.core.models import AuditEntry
from tangguh.institutions.models import Institution, InstitutionNameChange
from tangguh.institutions.services import DATA_DIR, institutions_load

pytestmark = pytest.mark.django_db


def test_real_regions_are_loaded_with_their_codes():
    assert Institution.objects.filter(kind="provinsi").count() == 38
    assert Institution.objects.filter(kind="kabupaten").count() == 416
    assert Institution.objects.filter(kind="kota").count() == 98
    assert Institution.objects.filter(kind="kementerian").count() == 48
    sby = Institution.objects.get(code="35.78")
    assert sby.name == "Kota Surabaya"
    assert sby.kind == "kota"
    assert sby.parent.code == "35"
    assert sby.parent.name == "Jawa Timur"


def test_every_regency_has_its_province_as_parent():
    for inst in Institution.objects.filter(kind__in=["kabupaten", "kota"]).select_related("parent"):
        assert inst.parent.kind == "provinsi"
        assert inst.code.startswith(inst.parent.code + ".")


def test_exactly_one_national_coordinator_kemendagri():
    coord = Institution.objects.get(is_national_coordinator=True)
    assert coord.short_name == "Kemendagri"
    assert coord.kind == "kementerian"


def test_load_is_idempotent():
    before = Institution.objects.count()
    audits = AuditEntry.objects.filter(action="institutions.load").count()
    result = institutions_load()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == before == Institution.objects.count()
    assert AuditEntry.objects.filter(action="institutions.load").count() == audits


def test_renamed_region_keeps_identity_and_history(tmp_path):
    for name in ("provinces.csv", "central.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    with (DATA_DIR / "regencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r["code"] == "35.78":
            r["name"] = "Kota Surabaya Raya"
    with (tmp_path / "regencies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["code", "province_code", "name"])
        w.writeheader()
        w.writerows(rows)
    sby_id = Institution.objects.get(code="35.78").id
    audits = AuditEntry.objects.filter(action="institutions.load").count()

    result = institutions_load(data_dir=tmp_path)

    assert result.updated == 1
    sby = Institution.objects.get(code="35.78")
    assert sby.id == sby_id
    assert sby.name == "Kota Surabaya Raya"
    change = InstitutionNameChange.objects.get(institution=sby)
    assert (change.old_name, change.new_name) == ("Kota Surabaya", "Kota Surabaya Raya")
    assert AuditEntry.objects.filter(action="institutions.load").count() == audits + 1
