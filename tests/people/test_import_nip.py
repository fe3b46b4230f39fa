"""NIP and NI PPPK rules, through the importer: every bad row is reported with a reason."""

from datetime import date

import pytest

from tangguh.people.models import Employee, IdKind

from .factories import make_nip
from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

VALID = make_nip(date(1966, 8, 1), "M", 1, appointed=(1988, 3))  # 196608011988031001


def _import_one(tmp_path, institution, **overrides):  # type: ignore[no-untyped-def]
    row = person(1, **overrides)
    return run(write_csv(tmp_path, [row]), institution)


@pytest.mark.parametrize(
    "written",
    [VALID, f"'{VALID}", f"  {VALID}  ", "19660801 198803 1 001", "’19660801 198803 1 001"],
)
def test_accepted_forms(tmp_path, surabaya, written):  # type: ignore[no-untyped-def]
    result = _import_one(
        tmp_path, surabaya, NIP=written, **{"Tanggal Lahir": "01-08-1966", "Jenis Kelamin": "L"}
    )
    assert result.errors == []
    assert result.created == 1
    assert Employee.objects.get().nip == VALID


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("1.96608E+17", "format the NIP column as Text"),
        ("196608011988031000.0", "format the NIP column as Text"),
        ("1966080119880310", "has 16 digits"),
        ("19660801198803100O", "not digits"),
        ("196613011988031001", "not a real date"),  # month 13 in the birth date
        ("196608011980031001", "before the holder's 18th birthday"),
        ("196608012099031001", "in the future"),
        ("196608011988131001", "between 01 and 12"),
        ("196608011988033001", "must be 1 (male) or 2 (female)"),
        ("196608011988031000", "between 001 and 999"),
        ("", "The NIP is empty"),
    ],
)
def test_rejected_with_reason(tmp_path, surabaya, written, fragment):  # type: ignore[no-untyped-def]
    result = _import_one(
        tmp_path, surabaya, NIP=written, **{"Tanggal Lahir": "", "Jenis Kelamin": ""}
    )
    assert result.created == 0
    assert result.rejected == 1
    [error] = result.errors
    assert (error.row, error.column) == (2, "NIP")
    assert fragment.lower() in error.message.lower()
    assert not Employee.objects.exists()


def test_birth_date_and_sex_must_agree_with_the_nip(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = _import_one(
        tmp_path, surabaya, NIP=VALID, **{"Tanggal Lahir": "02-08-1966", "Jenis Kelamin": "P"}
    )
    assert result.rejected == 1
    by_column = {e.column: e.message for e in result.errors}
    assert set(by_column) == {"Tanggal Lahir", "Jenis Kelamin"}
    assert "1 August 1966" in by_column["Tanggal Lahir"]
    assert "does not match the sex digit" in by_column["Jenis Kelamin"]


def test_birth_date_and_sex_come_from_the_nip_when_not_given(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [{"NIP": make_nip(date(1980, 2, 29), "F", 7), "Nama": "Siti"}])
    assert run(path, surabaya).created == 1
    employee = Employee.objects.get()
    assert (employee.birth_date, employee.sex) == (date(1980, 2, 29), "F")


def test_ni_pppk_is_its_own_kind(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    # Digits 13-14 are not a month: a NIP check would refuse it, the PPPK check does not.
    ni = "199603282026211001"
    result = _import_one(
        tmp_path,
        surabaya,
        NIP=ni,
        Golongan="IX",
        **{"Status Kepegawaian": "PPPK", "Tanggal Lahir": "28-03-1996", "Jenis Kelamin": "L"},
    )
    assert result.errors == []
    employee = Employee.objects.get()
    assert (employee.id_kind, employee.employee_kind, employee.rank) == (
        IdKind.NI_PPPK,
        "PPPK",
        "IX",
    )


def test_same_number_as_pns_is_rejected(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = _import_one(
        tmp_path, surabaya, NIP="199603282026211001", **{"Tanggal Lahir": "", "Jenis Kelamin": ""}
    )
    assert result.rejected == 1
    assert "PPPK" in result.errors[0].message
