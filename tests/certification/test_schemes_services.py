"""Schemes, their versions and assessor licences: the national administrator's writes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tangguh.certification.models import AssessorLicence, Scheme, SchemeVersion
from tangguh.certification.services_schemes import (
    licence_grant,
    licence_revoke,
    scheme_create,
    scheme_version_publish,
    version_diff,
)
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.certification.factories import AssessorFactory, IssuingBodyFactory, SchemeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


UNITS = [
    {"code": "PEM.01", "title": "Menyelenggarakan pemerintahan kecamatan"},
    {"code": "PEM.02", "title": "Mengoordinasikan pelayanan publik"},
]


def national():
    return make_user(Role.NATIONAL_ADMIN, "K.09")


def version_data(**extra):
    data = {
        "name": "Sertifikasi Camat",
        "target_positions": ["Camat"],
        "validity_years": 3,
        "issuing_body": IssuingBodyFactory(),
    }
    data.update(extra)
    return data


def test_scheme_create_makes_version_one_with_units_and_audit():
    scheme = scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    version = scheme.versions.get()
    assert (version.version, version.name, version.validity_years) == (1, "Sertifikasi Camat", 3)
    assert [u.code for u in version.units.order_by("order")] == ["PEM.01", "PEM.02"]
    entry = AuditEntry.objects.get(action="certification.scheme_create")
    assert entry.target_id == str(scheme.pk)


def test_scheme_create_refused_outside_the_national_administrator():
    with pytest.raises(PermissionDenied):
        scheme_create(
            code="camat",
            version_data=version_data(),
            units=UNITS,
            actor=make_user(Role.INSTITUTION_ADMIN, "35"),
        )
    assert not Scheme.objects.exists()
    assert not AuditEntry.objects.filter(action="certification.scheme_create").exists()


@pytest.mark.parametrize(
    ("code", "data", "units", "field"),
    [
        ("Camat Baru", {}, UNITS, "code"),
        ("camat", {"target_positions": []}, UNITS, "target_positions"),
        ("camat", {"validity_years": 0}, UNITS, "validity_years"),
        ("camat", {}, [], "units"),
        ("camat", {}, [UNITS[0], UNITS[0]], "units"),
        ("camat", {"target_position_kinds": ["raja"]}, UNITS, "target_position_kinds"),
        ("camat", {"issuing_body": None}, UNITS, "issuing_body"),
    ],
)
def test_bad_scheme_is_refused_with_its_field_and_nothing_written(code, data, units, field):
    with pytest.raises(DomainError) as refused:
        scheme_create(code=code, version_data=version_data(**data), units=units, actor=national())
    assert field in [e["field"] for e in refused.value.errors]
    assert not Scheme.objects.exists() and not SchemeVersion.objects.exists()


def test_a_taken_code_is_a_conflict():
    scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    with pytest.raises(Conflict):
        scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    assert Scheme.objects.count() == 1


def test_publish_makes_the_next_version_and_keeps_the_old_one():
    scheme = scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    new = scheme_version_publish(
        scheme=scheme,
        version_data={"validity_years": 5, "change_note": "Masa berlaku 5 tahun"},
        units=None,
        actor=national(),
    )
    assert new.version == 2 and new.validity_years == 5 and new.name == "Sertifikasi Camat"
    old = scheme.versions.get(version=1)
    assert old.validity_years == 3
    assert [u.code for u in new.units.all()] == ["PEM.01", "PEM.02"]
    assert set(version_diff(old, new)) == {"validity_years"}
    entry = AuditEntry.objects.get(action="certification.scheme_version_publish")
    assert entry.data["changed"] == ["validity_years"]


def test_publish_with_nothing_changed_is_refused():
    scheme = scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    with pytest.raises(DomainError, match="Nothing differs"):
        scheme_version_publish(scheme=scheme, version_data={}, units=None, actor=national())
    assert scheme.versions.count() == 1


def test_publish_refused_to_an_operator():
    scheme = scheme_create(code="camat", version_data=version_data(), units=UNITS, actor=national())
    with pytest.raises(PermissionDenied):
        scheme_version_publish(
            scheme=scheme,
            version_data={"validity_years": 5},
            units=None,
            actor=make_user(Role.OPERATOR),
        )
    assert scheme.versions.count() == 1


def test_licence_grant_and_revoke():
    assessor = AssessorFactory()
    scheme = SchemeFactory()
    licence = licence_grant(
        assessor=assessor,
        scheme=scheme,
        number="LIS-2025-001",
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 12, 31),
        actor=national(),
    )
    assert licence.institution_id == assessor.institution_id
    assert licence.is_valid_on(date(2026, 1, 1))
    licence_revoke(licence=licence, reason="Pelanggaran kode etik", actor=national())
    licence.refresh_from_db()
    assert licence.revoked_at is not None and not licence.is_valid_on(date(2026, 1, 1))
    assert AuditEntry.objects.filter(action="certification.licence_revoke").count() == 1


def test_licence_refused_for_a_user_who_is_no_assessor_and_for_bad_dates():
    scheme = SchemeFactory()
    with pytest.raises(DomainError, match="assessor role"):
        licence_grant(
            assessor=make_user(Role.OPERATOR), scheme=scheme, number="L-1",
            valid_from=date(2025, 1, 1), valid_until=date(2026, 1, 1), actor=national(),
        )  # fmt: skip
    with pytest.raises(DomainError, match="cannot end before it starts"):
        licence_grant(
            assessor=AssessorFactory(), scheme=scheme, number="L-2",
            valid_from=date(2025, 1, 1), valid_until=date(2024, 1, 1), actor=national(),
        )  # fmt: skip
    assert not AssessorLicence.objects.exists()


def test_licence_grant_refused_to_a_province_administrator():
    with pytest.raises(PermissionDenied):
        licence_grant(
            assessor=AssessorFactory(), scheme=SchemeFactory(), number="L-3",
            valid_from=date(2025, 1, 1), valid_until=date(2026, 1, 1),
            actor=make_user(Role.INSTITUTION_ADMIN, "35"),
        )  # fmt: skip
    assert not AssessorLicence.objects.exists()
