"""An institution's spreadsheet of activities: one row per person and activity.

NIP, the form of development (its code or its name), title, organiser, first and last
day, quantity (days, sessions, occurrences, semesters), JP and the cost the
institution paid. The name is in the template for people to read; the import ignores
it. Header matching and the template come from :data:`ACTIVITIES`; the import is
:mod:`.activities_import`.
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing.dates import parse_date
from tangguh.people.parsing.nip import normalize_nip

_FIELD = Merge.COMPARED | Merge.WRITTEN


def _text(raw: Any, limit: int | None) -> str | None:
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, limit)
    if problem is not None:
        raise ParseError(problem, "activities_cell_refused")
    if character := text_safety.bidi_control_in(text):
        raise ParseError(
            text_safety.BIDI_MESSAGE,
            text_safety.BIDI_CODE,
            {"field": _("The cell"), "character": character},
        )
    return text


def person_nip(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "activities_nip_refused")
    return normalize_nip(raw)


def label(raw: Any) -> str | None:
    if raw is None:
        return None
    return clean_text(raw) or None


def form_name(raw: Any) -> str | None:
    return _text(raw, 200)


def title(raw: Any) -> str | None:
    return _text(raw, 300)


def a_day(raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "activities_date_refused")
    return parse_date(raw)


def _number(raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ParseError(_("“%(value)s” is not a number."), "activities_not_number", {"value": raw})
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "activities_number_refused")
    text = str(raw).strip().replace(" ", "")
    if isinstance(raw, str) and "," in text:
        # Indonesian writing: 4,5 JP; 1.500.000 Rupiah.
        text = text.replace(".", "").replace(",", ".")
    elif isinstance(raw, str) and text.count(".") > 1:
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ParseError(
            _("“%(value)s” is not a number."), "activities_not_number", {"value": raw}
        ) from None
    if not value.is_finite():
        raise ParseError(_("“%(value)s” is not a number."), "activities_not_number", {"value": raw})
    return value


def quantity(raw: Any) -> int | None:
    value = _number(raw)
    if value is None:
        return None
    if value != value.to_integral_value() or value < 1 or value > 366:
        raise ParseError(
            _("The quantity must be a whole number from 1 to 366, not “%(value)s”."),
            "activities_quantity",
            {"value": raw},
        )
    return int(value)


def jp(raw: Any) -> Decimal | None:
    value = _number(raw)
    if value is None:
        return None
    if value <= 0 or value > 1000 or value != value.quantize(Decimal("0.01")):
        raise ParseError(
            _("The JP must be more than zero, at most 1000, with at most two decimals."),
            "activities_jp",
        )
    return value


def _rupiah_text(raw: str) -> str:
    """Rupiah as people type it: "Rp 1.500.000", "1.500.000,00", "750000"."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if text[:2].casefold() == "rp":
        text = text[2:].lstrip(".")
    whole, _comma, cents = text.partition(",")
    if cents and cents.strip("0"):
        raise ParseError(
            _("The cost is whole Rupiah, below one quadrillion."), "activities_cost_invalid"
        )
    return whole.replace(".", "")


def cost(raw: Any) -> Decimal | None:
    if isinstance(raw, str) and raw.strip() and sheet_problem(raw) is None:
        raw = _rupiah_text(raw)
    value = _number(raw)
    if value is None:
        return None
    if value < 0:
        raise ParseError(_("The cost cannot be negative."), "activities_cost_negative")
    if value != value.to_integral_value() or value >= Decimal(10) ** 15:
        raise ParseError(
            _("The cost is whole Rupiah, below one quadrillion."), "activities_cost_invalid"
        )
    return value.quantize(Decimal(1))


_NIPS = ("198507122010012003", "'198507122010012003", "", "1.98507E+17", "=A1")

ACTIVITIES = ImportSpec(
    target="development_activities",
    model="development.Activity",
    sources=(spreadsheet_safety, text_safety, sys.modules[__name__]),
    columns=(
        Column(
            "nip", _("the NIP"),
            ("NIP", "NIP Pegawai", "NI PPPK", "NIP/NI PPPK", "Employee NIP"),
            header="NIP", example="198507122010012003", text=True, required=True,
            rule=person_nip, depends=(normalize_nip, sheet_problem), model_field="nip",
            width=22, merge=Merge.KEY, samples=_NIPS,
        ),
        Column(
            "name", _("the name"), ("Nama", "Nama Pegawai", "Nama Lengkap", "Name"),
            header="Nama", example="Siti Rahmawati", rule=label, model_field="full_name",
            width=28, merge=Merge.NONE, shape=Shape.LABEL, samples=("", "Siti Rahmawati", "=A1"),
        ),
        Column(
            "form", _("the form of development"),
            ("Bentuk", "Bentuk Pengembangan", "Jenis Kegiatan", "Jenis", "Form", "Form of Development"),
            header="Bentuk", example="seminar", required=True, rule=form_name,
            model_field="form__name", width=22, merge=_FIELD,
            samples=("seminar", "Seminar", "Bimbingan teknis", "", "tidak ada"),
        ),
        Column(
            "title", _("the title"), ("Judul", "Judul Kegiatan", "Nama Kegiatan", "Title", "Activity"),
            header="Judul", example="Seminar Nasional Reformasi Birokrasi", required=True,
            rule=title, model_field="title", width=40, merge=_FIELD, shape=Shape.LABEL,
            samples=("Seminar Nasional", "", "=A1"),
        ),
        Column(
            "organiser", _("the organiser"),
            ("Penyelenggara", "Diselenggarakan Oleh", "Organiser", "Organizer", "Organised By"),
            header="Penyelenggara", example="Universitas Airlangga", rule=title,
            model_field="organiser_name", width=30, merge=_FIELD, shape=Shape.LABEL,
            samples=("Universitas Airlangga", "", "@SUM(A1)"),
        ),
        Column(
            "start_date", _("the first day"),
            ("Tanggal Mulai", "Tgl Mulai", "Mulai", "Start Date", "From"),
            header="Tanggal Mulai", example="2025-03-03", required=True, rule=a_day,
            model_field="start_date", width=16, merge=_FIELD,
            samples=("2025-03-03", "03/03/2025", "", "31-02-2025", "kemarin"),
        ),
        Column(
            "end_date", _("the last day"),
            ("Tanggal Selesai", "Tgl Selesai", "Selesai", "End Date", "To", "Until"),
            header="Tanggal Selesai", example="2025-03-04", required=True, rule=a_day,
            model_field="end_date", width=16, merge=_FIELD,
            samples=("2025-03-04", "04/03/2025", "", "2025-13-01"),
        ),
        Column(
            "quantity", _("the quantity"),
            ("Jumlah", "Jumlah Hari", "Jumlah Sesi", "Kuantitas", "Quantity", "Days", "Sessions"),
            header="Jumlah", example="2", rule=quantity, model_field="quantity", width=10,
            merge=_FIELD, samples=("2", "", "0", "-1", "dua", "99999"),
        ),
        Column(
            "jp", _("the JP"), ("JP", "Jumlah JP", "Jam Pelajaran", "JP Diklaim", "Lesson Hours"),
            header="JP", example="8", rule=jp, model_field="jp_claimed", width=8, merge=_FIELD,
            samples=("8", "4,5", "", "0", "-2", "delapan"),
        ),
        Column(
            "cost", _("the cost"), ("Biaya", "Biaya (Rp)", "Biaya Rp", "Cost", "Cost (Rp)"),
            header="Biaya", example="0", rule=cost, model_field="cost", width=16, merge=_FIELD,
            samples=("0", "Rp 1.500.000", "750.000", "", "-5", "gratis"),
        ),
    ),
)  # fmt: skip
