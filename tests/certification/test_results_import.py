"""The assessor's spreadsheet: headers in either language, every bad row reported with its
row, column and a sentence, the dry run, all-or-nothing, and nothing written on refusal."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from tangguh.certification.models import UnitResult
from tangguh.certification.services_results import results_import
from tangguh.core.importing.results import ImportFileError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import make_user

from .factories import AssessorLicenceFactory, BatchAssessorFactory, ParticipationFactory
from .results_helpers import english  # noqa: F401  autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    batch = assigned.batch
    people = [ParticipationFactory(batch=batch) for _ in range(2)]
    return batch, assigned.assessor, people


def _csv(rows: list[list[str]]) -> io.BytesIO:
    return io.BytesIO("\n".join(";".join(r) for r in rows).encode("utf-8"))


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _run(batch, actor, rows, *, name="hasil.csv", **kwargs):  # type: ignore[no-untyped-def]
    source = _xlsx(rows) if name.endswith(".xlsx") else _csv(rows)
    return results_import(batch=batch, source=source, filename=name, actor=actor, **kwargs)


def test_an_assessors_file_in_indonesian_imports_every_row(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, b) = setup
    rows = [
        ["NIP", "Nama Peserta", "Kode Unit", "Rekomendasi", "Catatan", "Bukti"],
        [a.nip, a.holder_name, "U.01", "K", "Baik", "Portofolio"],
        [a.nip, a.holder_name, "U.02", "Belum Kompeten", "", ""],
        [b.nip, b.holder_name, "u.01", "kompeten", "", ""],
        [b.nip, b.holder_name, "U.02", "", "", ""],  # left as the template made it
    ]
    result = _run(batch, assessor, rows, name="hasil.xlsx")
    assert (result.created, result.rejected, result.skipped, result.errors) == (3, 0, 1, [])
    stored = {(r.participation.nip, r.unit.code): r for r in UnitResult.objects.all()}
    assert stored[(a.nip, "U.02")].recommendation == "BK"
    assert stored[(a.nip, "U.01")].evidence == "Portofolio"
    assert {r.source for r in stored.values()} == {"import"}
    entry = AuditEntry.objects.get(action="certification.results_import")
    assert entry.data["created"] == 3 and set(entry.subjects.values_list("nip", flat=True)) == {
        a.nip, b.nip,
    }  # fmt: skip

    again = _run(batch, assessor, rows, name="hasil.xlsx")
    assert (again.created, again.unchanged) == (0, 3)


def test_headers_in_english_in_any_order(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    rows = [
        ["Recommendation", "Unit Code", "Evidence", "Participant NIP"],
        ["K", "U.03", "x", a.nip],
    ]
    assert _run(batch, assessor, rows).created == 1


def test_every_bad_row_is_reported_by_row_column_and_sentence(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, b) = setup
    outsider = ParticipationFactory()  # in another batch
    rows = [
        ["NIP", "Kode Unit", "Rekomendasi", "Catatan"],
        [a.nip, "U.01", "K", ""],  # row 2: good
        [outsider.nip, "U.01", "K", ""],  # 3: not in the batch
        [a.nip, "U.99", "K", ""],  # 4: no such unit
        [b.nip, "U.01", "KB", ""],  # 5: not a recommendation
        [b.nip, "U.02", "", "catatan tanpa rekomendasi"],  # 6: empty recommendation
        ["12345", "U.01", "K", ""],  # 7: not a NIP
        [b.nip, "U.03", "=A1", ""],  # 8: a formula
    ]
    result = _run(batch, assessor, rows)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "NIP"), (4, "Kode Unit"), (5, "Rekomendasi"), (6, "Rekomendasi"), (7, "NIP"),
        (8, "Rekomendasi"),
    }  # fmt: skip
    messages = {e.row: e.message for e in result.errors}
    assert messages[3] == f"No participant of the batch {batch.code} has this NIP."
    assert "has no unit U.99. Its units: U.01, U.02, U.03." in messages[4]
    assert "Write K (kompeten) or BK (belum kompeten)" in messages[5]
    assert (result.created, result.rejected) == (1, 6)  # not strict: the good row goes in
    assert UnitResult.objects.count() == 1


def test_strict_refuses_the_whole_file_for_one_bad_row(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, b) = setup
    rows = [["NIP", "Kode Unit", "Rekomendasi"], [a.nip, "U.01", "K"], [b.nip, "U.01", "XX"]]
    result = _run(batch, assessor, rows, strict=True)
    assert result.file_rejected and result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "Rekomendasi")]
    assert not UnitResult.objects.exists()
    assert not AuditEntry.objects.filter(action="certification.results_import").exists()


def test_a_dry_run_counts_and_writes_nothing(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    rows = [["NIP", "Kode Unit", "Rekomendasi"], [a.nip, "U.01", "K"], [a.nip, "U.02", "BK"]]
    result = _run(batch, assessor, rows, dry_run=True)
    assert result.dry_run and result.created == 2
    assert not UnitResult.objects.exists()
    assert not AuditEntry.objects.filter(action="certification.results_import").exists()


def test_a_row_twice_is_refused_on_both_rows(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    rows = [["NIP", "Kode Unit", "Rekomendasi"], [a.nip, "U.01", "K"], [a.nip, "U.01", "BK"]]
    result = _run(batch, assessor, rows)
    assert [e.row for e in result.errors] == [2, 3]
    assert "also in row(s) 3" in result.errors[0].message
    assert not UnitResult.objects.exists()


def test_the_organisers_operator_names_the_assessor_of_each_row(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, b) = setup
    operator = make_user(Role.OPERATOR, "35")
    with pytest.raises(ImportFileError, match="no column for the assessor"):
        _run(batch, operator, [["NIP", "Kode Unit", "Rekomendasi"], [a.nip, "U.01", "K"]])
    expired = AssessorLicenceFactory(
        scheme=batch.scheme, valid_until=a.exam_date.replace(year=2020)
    )
    rows = [
        ["NIP", "Kode Unit", "Rekomendasi", "Asesor"],
        [a.nip, "U.01", "K", assessor.username],
        [b.nip, "U.01", "K", "tidak.ada"],
        [b.nip, "U.02", "K", expired.assessor.username],  # not assigned to the batch
        [b.nip, "U.03", "K", ""],
    ]
    result = _run(batch, operator, rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Asesor"),
        (4, "Asesor"),
        (5, "NIP Asesor"),
    ]
    assert "is not an assessor of the batch" in result.errors[1].message
    assert UnitResult.objects.get().assessor == assessor


def test_an_assessor_may_not_import_for_someone_else(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    other = BatchAssessorFactory(batch=batch, licence__scheme=batch.scheme).assessor
    rows = [["NIP", "Kode Unit", "Rekomendasi", "Asesor"], [a.nip, "U.01", "K", other.username]]
    result = _run(batch, assessor, rows)
    assert "You record your own recommendations only" in result.errors[0].message
    assert not UnitResult.objects.exists()


@pytest.mark.parametrize(
    ("role", "code"), [(Role.OPERATOR, "35.78"), (Role.OPERATOR, "34.04"), (Role.AUDITOR, "35")]
)
def test_outside_the_organisers_side_the_file_is_refused_before_reading(setup, role, code):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    rows = [["NIP", "Kode Unit", "Rekomendasi", "Asesor"], [a.nip, "U.01", "K", assessor.username]]
    with pytest.raises(PermissionDenied):
        _run(batch, make_user(role, code), rows)
    assert not UnitResult.objects.exists()


def test_a_file_without_the_required_headers_says_which(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    with pytest.raises(ImportFileError) as info:
        _run(batch, assessor, [["NIP", "Rekomendasi"], [a.nip, "K"]])
    assert "no column for the unit code" in str(info.value.message)
    with pytest.raises(ImportFileError, match="no rows of data"):
        _run(batch, assessor, [["NIP", "Kode Unit", "Rekomendasi"]])


def test_hostile_cells_are_refused_with_their_reason_and_a_title_row_is_skipped(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, b) = setup
    rows = [
        ["Hasil Asesmen Angkatan", "", ""],  # a title above the header
        ["NIP", "Kode Unit", "Rekomendasi", "Catatan"],
        [a.nip, "U.01", "K", "Rencana\u202ekerja"],  # row 3: a direction control
        [a.nip, "U.02", "K", "x" * 2001],  # row 4: too long
        [b.nip, "U.01", "#N/A", ""],  # row 5: a spreadsheet error
        [b.nip, "U.02", "BK", '=HYPERLINK("http://x")'],  # row 6: a formula
        [b.nip, "U.03", "K", ""],  # row 7: good
    ]
    result = _run(batch, assessor, rows, name="hasil.xlsx")
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert "reading direction" in by_row[3].message
    assert "longer than 2000 characters" in by_row[4].message.replace(",", "").replace(".", "")
    assert "#N/A" in by_row[5].message and by_row[5].column == "Rekomendasi"
    assert "formula" in by_row[6].message and by_row[6].column == "Catatan"
    assert [(r.participation.nip, r.unit.code) for r in UnitResult.objects.all()] == [
        (b.nip, "U.03")
    ]


def test_a_nip_stored_as_a_number_says_how_to_keep_it_text(setup):  # type: ignore[no-untyped-def]
    batch, assessor, (a, _b) = setup
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Kode Unit", "Rekomendasi"])
    sheet.append([int(a.nip), "U.01", "K"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = results_import(batch=batch, source=out, filename="hasil.xlsx", actor=assessor)
    (error,) = result.errors
    assert (error.row, error.column) == (2, "NIP") and "stored as a number" in error.message
    assert not UnitResult.objects.exists()
