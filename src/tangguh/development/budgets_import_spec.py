"""The budget sheet: the columns of a file of budgets, one row per institution and year.

A province's BPSDM (or any institution) enters its own figures and, within its scope,
those of its regencies and cities: the institution's code (the register's code,
``35.78``), the fiscal year, the kind of revision, the total budget, the allocation
to competency development, and optionally the document, the date it takes effect and
a note. Header matching and the template are derived from :data:`BUDGETS`; the
import is :mod:`.budgets_import`. Each rule cleans its cell and raises a
:class:`ParseError` with a sentence for the user.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing.dates import parse_date

from .models import RevisionKind

# How people write the kind of a revision, compared without case, spaces or punctuation.
KINDS = {
    "awal": RevisionKind.INITIAL,
    "murni": RevisionKind.INITIAL,
    "apbd": RevisionKind.INITIAL,
    "apbn": RevisionKind.INITIAL,
    "apbdmurni": RevisionKind.INITIAL,
    "anggaranawal": RevisionKind.INITIAL,
    "initial": RevisionKind.INITIAL,
    "perubahan": RevisionKind.AMENDED,
    "apbdp": RevisionKind.AMENDED,
    "apbnp": RevisionKind.AMENDED,
    "apbdperubahan": RevisionKind.AMENDED,
    "amended": RevisionKind.AMENDED,
    "pergeseran": RevisionKind.SHIFT,
    "shift": RevisionKind.SHIFT,
}
KIND_CELLS = {
    RevisionKind.INITIAL: "APBD",
    RevisionKind.AMENDED: "APBD-P",
    RevisionKind.SHIFT: "Pergeseran",
}
_NOT_ALNUM = re.compile(r"[\W_]+")
_GROUPED = re.compile(r"^-?\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^-?\d+$")


def _text(raw: Any, limit: int) -> str | None:
    """A cleaned text; None when empty; ParseError for a formula, an error or too long."""
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, limit)
    if problem is not None:
        raise ParseError(problem, "budget_cell_refused")
    if character := text_safety.bidi_control_in(text):
        raise ParseError(
            text_safety.BIDI_MESSAGE,
            text_safety.BIDI_CODE,
            {"field": _("The cell"), "character": character},
        )
    return text


def institution_code(raw: Any) -> str | None:
    """The register's code, kept as typed (``35.78``; never read as a number)."""
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        raise ParseError(
            _(
                "The institution code was read as a number (%(value)s): format the column "
                "as Text and type the code as the register writes it, e.g. 35.78."
            ),
            "budget_code_number",
            {"value": raw},
        )
    return _text(raw, 16)


def fiscal_year(raw: Any) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "budget_year_refused")
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not re.fullmatch(r"\d{4}", text):
        raise ParseError(
            _("“%(value)s” is not a year: write the fiscal year with four digits, e.g. 2025."),
            "budget_year_invalid",
            {"value": text},
        )
    return int(text)


def revision_kind(raw: Any) -> str | None:
    text = _text(raw, 40)
    if text is None:
        return None
    found = KINDS.get(_NOT_ALNUM.sub("", text.casefold()))
    if found is None:
        raise ParseError(
            _(
                "“%(value)s” is not a kind of revision: write APBD (the initial budget), "
                "APBD-P (the amended budget) or Pergeseran (a shift)."
            ),
            "budget_kind_invalid",
            {"value": text},
        )
    return str(found)


def rupiah(raw: Any) -> Decimal | None:
    """Whole Rupiah: a number, or text like ``Rp 1.500.000``; negative or with cents refused."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "budget_amount_refused")
    if isinstance(raw, bool):
        raise ParseError(_("Not an amount."), "budget_amount_invalid")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a spreadsheet's number cell: "-5", not "-5.0", in the messages
    if isinstance(raw, int | float | Decimal):
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            amount = Decimal("NaN")
    else:
        text = str(raw).strip().replace("\u00a0", " ")
        text = re.sub(r"^(rp\.?)\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
        text = re.sub(r",-$|\.-$", "", text)  # "Rp 1.500.000,-"
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", "")
        if not _PLAIN.match(text):
            raise ParseError(
                _(
                    "“%(value)s” is not an amount in Rupiah: write whole Rupiah, e.g. "
                    "1500000 or Rp 1.500.000."
                ),
                "budget_amount_invalid",
                {"value": str(raw).strip()},
            )
        amount = Decimal(text)
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ParseError(
            _("“%(value)s”: write whole Rupiah, without cents."),
            "budget_amount_cents",
            {"value": str(raw)},
        )
    if amount < 0:
        raise ParseError(
            _("The amount cannot be negative (%(value)s)."),
            "budget_amount_negative",
            {"value": str(raw)},
        )
    if len(str(int(amount))) > 18:
        raise ParseError(_("The amount is too large."), "budget_amount_large")
    return amount


def effective_date(raw: Any) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return parse_date(raw)


def document(raw: Any) -> str | None:
    return _text(raw, 200)


def note(raw: Any) -> str | None:
    return _text(raw, 2000)


_CODE_SAMPLES = ("", "35", "35.78", " 35.78 ", "35.78.01", "=A1", "#N/A", "X" * 17)
_AMOUNT_SAMPLES = ("", "1500000", "Rp 1.500.000", "1,500,000", "-5", "12,5", "abc", "=1+1")

BUDGETS = ImportSpec(
    target="development_budgets",
    model="development.BudgetRevision",
    sources=(spreadsheet_safety, text_safety, _text),
    columns=(
        Column(
            "institution", _("the institution code"),
            ("Kode Instansi", "Kode", "Kode Pemda", "Kode Wilayah", "Kode Daerah",
             "Institution Code", "Institution"),
            header="Kode Instansi", example="35.78", text=True, required=True,
            rule=institution_code, model_field="institution__code", width=14,
            merge=Merge.KEY, shape=Shape.MAPPED, samples=_CODE_SAMPLES,
        ),
        Column(
            "fiscal_year", _("the fiscal year"),
            ("Tahun Anggaran", "Tahun", "TA", "Fiscal Year", "Year"),
            header="Tahun Anggaran", example=2025, required=True, rule=fiscal_year,
            model_field="fiscal_year", width=14, shape=Shape.MAPPED,
            samples=("", "2025", "25", "dua ribu", "2025.0"),
        ),
        Column(
            "kind", _("the kind of revision"),
            ("Jenis Revisi", "Jenis", "Jenis Anggaran", "Revision Kind", "Kind"),
            header="Jenis Revisi", example="APBD", required=True, rule=revision_kind,
            model_field="kind", width=16, shape=Shape.MAPPED,
            samples=("", "APBD", "APBD-P", "Pergeseran", "murni", "lain"),
        ),
        Column(
            "total_budget", _("the total budget"),
            ("Total Anggaran", "Total APBD", "Jumlah Anggaran", "Pagu Total", "Total Budget"),
            header="Total Anggaran", example=4500000000000, required=True, rule=rupiah,
            model_field="total_budget", width=22, shape=Shape.MAPPED, samples=_AMOUNT_SAMPLES,
        ),
        Column(
            "development_allocation", _("the allocation to competency development"),
            ("Alokasi Pengembangan Kompetensi", "Alokasi Bangkom", "Anggaran Pengembangan Kompetensi",
             "Alokasi", "Development Allocation", "Allocation"),
            header="Alokasi Pengembangan Kompetensi", example=9000000000, required=True,
            rule=rupiah, model_field="development_allocation", width=30, shape=Shape.MAPPED,
            samples=_AMOUNT_SAMPLES,
        ),
        Column(
            "document", _("the document"),
            ("Nomor Dokumen", "Dokumen", "Nomor Perda", "Dasar Hukum", "Document"),
            header="Nomor Dokumen", example="Perda No. 12 Tahun 2024", rule=document,
            model_field="document", width=28, shape=Shape.LABEL,
            samples=("Perda No. 12 Tahun 2024", "", "=A1"),
        ),
        Column(
            "effective_date", _("the date it takes effect"),
            ("Tanggal Berlaku", "Tanggal", "TMT", "Effective Date", "Effective From"),
            header="Tanggal Berlaku", example=date(2025, 1, 1), rule=effective_date,
            model_field="effective_date", width=16, shape=Shape.MAPPED,
            samples=("2025-01-01", "01/01/2025", "", "2025-02-30", "besok"),
        ),
        Column(
            "note", _("the note"),
            ("Catatan", "Keterangan", "Note", "Notes"),
            header="Catatan", example="", rule=note, model_field="note", width=30,
            shape=Shape.LABEL, samples=("", "APBD murni", "=HYPERLINK(1)"),
        ),
    ),
)  # fmt: skip
