"""The budget sheet: every bad row reported by row, column and sentence; all or nothing;
dry run then confirm; a province enters its regencies' figures, nobody else's."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from tangguh.core.audit import AuditEntry
from tangguh.core.importing.results import ImportFileError
from tangguh.core.roles import Role
from tangguh.development.budgets_import import budgets_import
from tangguh.development.budgets_import_spec import BUDGETS, revision_kind, rupiah
from tangguh.development.models import Budget, BudgetRevision, RevisionStatus
from tests.development.factories import BudgetRevisionFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """The refusals are read in English here (the Indonesian text is the catalogue's)."""
    with translation.override("en"):
        yield


HEADER = ("Kode Instansi", "Tahun Anggaran", "Jenis Revisi", "Total Anggaran",
          "Alokasi Pengembangan Kompetensi", "Nomor Dokumen")  # fmt: skip


def xlsx(rows: list[tuple], header: tuple = HEADER) -> io.BytesIO:  # type: ignore[type-arg]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _import(rows: list[tuple], actor, *, dry_run: bool = False):  # type: ignore[no-untyped-def,type-arg]
    return budgets_import(source=xlsx(rows), filename="anggaran.xlsx", actor=actor, dry_run=dry_run)


def _problems(result) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(e.row, e.column) for e in result.errors]


GOOD = [
    ("35.78", 2025, "APBD", 10_000_000_000_000, 25_000_000_000, "Perda 1/2024"),
    ("35.15", 2025, "APBD-P", "Rp 4.000.000.000.000", "8.000.000.000", ""),
]


def test_a_province_enters_its_regencies_figures_awaiting_approval():
    operator = make_user(Role.OPERATOR, "35")
    result = _import(GOOD, operator)
    assert (result.created, result.rejected, result.file_rejected) == (2, 0, False)
    revisions = BudgetRevision.objects.order_by("institution__code")
    assert [
        (r.institution.code, r.kind, r.development_allocation, r.status, r.source)
        for r in revisions
    ] == [
        ("35.15", "amended", Decimal("8000000000"), RevisionStatus.SUBMITTED, "import"),
        ("35.78", "initial", Decimal("25000000000"), RevisionStatus.SUBMITTED, "import"),
    ]
    assert all(r.entered_by == operator for r in revisions)
    entry = AuditEntry.objects.get(action="development.budget_import")
    assert entry.data["created"] == 2


def test_a_dry_run_counts_and_writes_nothing():
    result = _import(GOOD, make_user(Role.OPERATOR, "35"), dry_run=True)
    assert result.created == 2 and result.dry_run
    assert not BudgetRevision.objects.exists()
    assert not Budget.objects.exists()


def test_bad_rows_refuse_the_whole_file_each_with_row_column_and_sentence():
    rows = [
        ("35.78", 2025, "APBD", 10_000_000, 1_000, ""),  # good
        ("35.15", 2025, "APBD", -5, 1, ""),  # negative total
        ("35.99", 2025, "APBD", 100, 1, ""),  # unknown code
        ("34.04", 2025, "APBD", 100, 1, ""),  # Sleman: outside Jawa Timur
        ("35.78", 2025, "APBD", 100, 1, ""),  # same institution and year again
        ("35.07", 2025, "APBD", 100, 101, ""),  # allocation above the total
        ("35.08", 2025, "lain-lain", 100, 1, ""),  # unknown kind
        ("35.09", 1990, "APBD", 100, 1, ""),  # a year far outside
        ("35.10", 2025, "APBD", "=1+1", 1, ""),  # a formula
    ]
    result = _import(rows, make_user(Role.OPERATOR, "35"))
    assert result.file_rejected and result.created == 0
    assert result.rejected == 8
    assert _problems(result) == [
        (3, "Total Anggaran"),
        (4, "Kode Instansi"),
        (5, "Kode Instansi"),
        (6, "Kode Instansi"),
        (7, "Alokasi Pengembangan Kompetensi"),
        (8, "Jenis Revisi"),
        (9, "Tahun Anggaran"),
        (10, "Total Anggaran"),
    ]
    messages = {e.row: e.message for e in result.errors}
    assert "negative" in messages[3]
    assert "35.99" in messages[4]
    assert "outside your scope" in messages[5]
    assert "row 2" in messages[6]
    assert not BudgetRevision.objects.exists()
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.filter(action="development.budget_import").exists()


def test_a_regency_cannot_enter_its_provinces_figures():
    result = _import([("35", 2025, "APBD", 100, 1, "")], make_user(Role.OPERATOR, "35.78"))
    assert result.file_rejected
    assert not BudgetRevision.objects.exists()


def test_an_initial_budget_for_an_approved_year_is_refused(surabaya):
    BudgetRevisionFactory(budget__institution=surabaya, budget__fiscal_year=2025, status=RevisionStatus.APPROVED)  # fmt: skip
    result = _import([("35.78", 2025, "APBD", 100, 1, "")], make_user(Role.OPERATOR))
    assert _problems(result) == [(2, "Jenis Revisi")]
    assert BudgetRevision.objects.count() == 1


def test_missing_required_cells_are_named():
    result = _import([("35.78", None, None, None, None, "")], make_user(Role.OPERATOR))
    assert sorted(c for _r, c in _problems(result)) == sorted(
        ["Tahun Anggaran", "Jenis Revisi", "Total Anggaran", "Alokasi Pengembangan Kompetensi"]
    )


def test_a_file_without_the_code_column_is_refused_as_a_whole():
    with pytest.raises(ImportFileError):
        budgets_import(
            source=xlsx([("x",)], header=("Nama",)), filename="x.xlsx",
            actor=make_user(Role.OPERATOR),
        )  # fmt: skip
    assert not BudgetRevision.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(ImportFileError):
        budgets_import(
            source=io.BytesIO(b"%PDF-1.4 not a sheet"), filename="a.xlsx",
            actor=make_user(Role.OPERATOR),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        (1500000, Decimal("1500000")),
        ("1500000", Decimal("1500000")),
        ("Rp 1.500.000", Decimal("1500000")),
        ("Rp1.500.000,-", Decimal("1500000")),
        ("1,500,000", Decimal("1500000")),
        (1500000.0, Decimal("1500000")),
        (None, None),
    ],
)
def test_amounts_as_people_write_them(raw, amount):
    assert rupiah(raw) == amount


@pytest.mark.parametrize("raw", ["-1", -1, "12,5", 12.5, "satu juta", "1.5", "#REF!", True])
def test_amounts_refused(raw):
    from tangguh.core.importing import ParseError

    with pytest.raises(ParseError):
        rupiah(raw)


@pytest.mark.parametrize(("raw", "kind"), [("APBD", "initial"), ("apbd-p", "amended"), ("Pergeseran", "shift"), ("Murni", "initial")])  # fmt: skip
def test_kinds_as_people_write_them(raw, kind):
    assert revision_kind(raw) == kind


def test_the_template_re_imports_its_example():
    response = client_for(make_user(Role.OPERATOR)).get(reverse("development:budgets_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in BUDGETS.template_columns]
    result = budgets_import(
        source=io.BytesIO(response.content), filename="t.xlsx", actor=make_user(Role.OPERATOR)
    )
    assert (result.created, result.rejected) == (1, 0)


def test_the_pages_check_then_confirm():
    client = client_for(make_user(Role.OPERATOR, "35"))
    upload = ContentFile(xlsx(GOOD).getvalue(), name="anggaran.xlsx")
    checked = client.post(reverse("development:budgets_import"), {"file": upload, "dry_run": "on"})
    assert checked.status_code == 200
    token = checked.context["token"]
    assert token and not BudgetRevision.objects.exists()
    done = client.post(reverse("development:budgets_import_confirm"), {"token": token})
    assert done.status_code == 200
    assert BudgetRevision.objects.count() == 2
    # The check is used up: confirming again imports nothing more.
    again = client.post(reverse("development:budgets_import_confirm"), {"token": token})
    assert again.status_code == 302
    assert BudgetRevision.objects.count() == 2


def test_the_page_lists_every_problem_and_saves_nothing():
    client = client_for(make_user(Role.OPERATOR, "35"))
    upload = ContentFile(xlsx([("34.04", 2025, "APBD", -1, 1, "")]).getvalue(), name="a.xlsx")
    response = client.post(reverse("development:budgets_import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="problems"' in html and 'data-testid="import-refused"' in html
    assert response.context["token"] is None
    assert not BudgetRevision.objects.exists()
