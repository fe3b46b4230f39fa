"""A national file: a "Kode Instansi" column sends each row to its institution."""

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, Position, TransferRequest, WorkUnit
from tangguh.people.services import employee_import
from tests.permissions import make_user

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def coded(n: int, code: str, header: str = "Kode Instansi", **overrides: str) -> dict[str, str]:
    return {header: code, **person(n), **overrides}


def test_each_row_goes_to_the_institution_its_code_names(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [coded(1, "35.78"), coded(2, "34.04"), coded(3, "34.04")]
    result = run(write_csv(tmp_path, rows), None)
    assert (result.created, result.rejected) == (3, 0)
    assert result.ignored_columns == []
    by_nip = dict(Employee.objects.values_list("nip", "institution__code"))
    assert by_nip == {rows[0]["NIP"]: "35.78", rows[1]["NIP"]: "34.04", rows[2]["NIP"]: "34.04"}
    # Work units and positions belong to each row's own institution.
    assert set(WorkUnit.objects.values_list("institution__code", flat=True)) == {"35.78", "34.04"}
    assert set(Position.objects.values_list("institution__code", flat=True)) == {"35.78", "34.04"}
    assert {(e.nip, e.current_period().institution.code) for e in Employee.objects.all()} == set(
        by_nip.items()
    )
    # The same file again changes nothing.
    again = run(write_csv(tmp_path, rows, name="again.csv"), None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.parametrize(
    "header", ["Kode Instansi", "KODE_INSTANSI", "Institution Code", "Kode Institusi"]
)
def test_header_synonyms(tmp_path, surabaya, header):  # type: ignore[no-untyped-def]
    result = run(write_csv(tmp_path, [coded(1, "35.78", header=header)]), None)
    assert result.created == 1
    assert Employee.objects.get().institution == surabaya


def test_unknown_or_empty_code_is_a_row_error_naming_column_and_value(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [coded(1, "35.78"), coded(2, "99.99"), coded(3, "")]
    result = run(write_csv(tmp_path, rows), None)
    assert (result.created, result.rejected) == (1, 2)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "Kode Instansi", "99.99"),
        (4, "Kode Instansi", ""),
    ]
    assert "No institution has the code “99.99”" in result.errors[0].message
    assert "institution code is empty" in result.errors[1].message


def test_code_error_adds_to_the_other_errors_of_the_row(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(write_csv(tmp_path, [coded(1, "nope", Golongan="III/z")]), None)
    assert result.rejected == 1
    assert sorted(e.column for e in result.errors) == ["Golongan", "Kode Instansi"]


def test_a_file_without_the_column_needs_an_institution(tmp_path, db):  # type: ignore[no-untyped-def]
    from tangguh.people.importing import ImportFileError

    with pytest.raises(ImportFileError, match="no “Kode Instansi” column"):
        run(write_csv(tmp_path, [person(1)]), None)


def test_with_an_institution_rows_of_another_are_rejected(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [coded(1, "35.78"), coded(2, "34.04"), coded(3, "")]
    result = run(write_csv(tmp_path, rows), surabaya)
    # An empty code means the institution imported into.
    assert (result.created, result.rejected) == (2, 1)
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (3, "Kode Instansi", "34.04")
    assert "is for the institution “34.04”" in error.message
    assert "imported into “35.78”" in error.message
    assert set(Employee.objects.values_list("institution__code", flat=True)) == {"35.78"}


def test_a_code_of_another_institution_for_a_registered_person_asks_for_a_transfer(
    tmp_path, surabaya, sleman
):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(1)]), surabaya)
    result = run(write_csv(tmp_path, [coded(1, "34.04")], name="national.csv"), None)
    assert (result.created, result.updated, result.transfers_pending) == (0, 0, 1)
    transfer = TransferRequest.objects.get()
    assert (transfer.from_institution, transfer.to_institution) == (surabaya, sleman)


def test_only_a_national_administrator_may_import_a_national_file(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [coded(1, "35.78")])

    def as_(actor):  # type: ignore[no-untyped-def]
        return employee_import(source=path, filename=path.name, institution=None, actor=actor)

    for role, code in ((Role.INSTITUTION_ADMIN, "35.78"), (Role.OPERATOR, "35.78")):
        with pytest.raises(PermissionDenied):
            as_(make_user(role, code))
    assert not Employee.objects.exists()
    assert as_(make_user(Role.NATIONAL_ADMIN, "K.09")).created == 1
    entry = AuditEntry.objects.get(action="people.import")
    assert entry.data["created"] == 1
