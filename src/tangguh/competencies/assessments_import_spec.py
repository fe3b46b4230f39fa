"""An assessment centre's spreadsheet: one row per person, competency and assessment.

NIP, competency code, level, assessment date, method, the assessor's NIP (and name),
an evidence link and a note. Header matching and the template come from
:data:`ASSESSMENTS`; the import is :mod:`.assessments_import`. The rules here read one
cell; what needs the database (the person, the code, separation of duties) is judged
by the import with :func:`.services_assessments.check_rules`.
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem, shown
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing.dates import parse_date
from tangguh.people.parsing.nip import normalize_nip

_FIELD = Merge.COMPARED | Merge.WRITTEN
_URL = URLValidator(schemes=["http", "https"])


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: Any, limit: int) -> str | None:
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, limit)
    if problem is not None:
        raise ParseError(problem, "assessments_cell_refused")
    if character := text_safety.bidi_control_in(text):
        raise ParseError(
            text_safety.BIDI_MESSAGE,
            text_safety.BIDI_CODE,
            {"field": _("The cell"), "character": character},
        )
    return text


def a_nip(raw: Any) -> str | None:
    if _blank(raw):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "assessments_nip_refused")
    return normalize_nip(raw)


def competency_code(raw: Any) -> str | None:
    text = _text(raw, 20)
    return text.upper() if text else None


def a_level(raw: Any) -> int | None:
    if _blank(raw):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "assessments_level_refused")
    refused = ParseError(
        _("The level must be a whole number from 1 to 5, not “%(value)s”."),
        "assessments_level",
        {"value": shown(raw)},
    )
    if isinstance(raw, bool):
        raise refused
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise refused from None
    if not value.is_finite() or value != value.to_integral_value() or not 1 <= value <= 5:
        raise refused
    return int(value)


def a_day(raw: Any) -> Any:
    if _blank(raw):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "assessments_date_refused")
    return parse_date(raw)


def method_text(raw: Any) -> str | None:
    return _text(raw, 120)


def name(raw: Any) -> str | None:
    return _text(raw, 200)


def link(raw: Any) -> str | None:
    text = _text(raw, 500)
    if text is None:
        return None
    try:
        _URL(text)
    except ValidationError:
        raise ParseError(
            _("The evidence link must be a web address starting with https:// or http://."),
            "assessments_link",
        ) from None
    return text


def note(raw: Any) -> str | None:
    return _text(raw, 1000)


_NIPS = ("198507122010012003", "'198507122010012003", "", "1.98507E+17", "=A1")

ASSESSMENTS = ImportSpec(
    target="competencies_assessments",
    model="competencies.Assessment",
    sources=(spreadsheet_safety, text_safety, sys.modules[__name__]),
    columns=(
        Column(
            "nip", _("the NIP"),
            ("NIP", "NIP Pegawai", "NI PPPK", "NIP/NI PPPK", "NIP Peserta", "Employee NIP"),
            header="NIP", example="198507122010012003", text=True, required=True,
            rule=a_nip, depends=(normalize_nip, sheet_problem), model_field="nip",
            width=22, merge=Merge.KEY, samples=_NIPS,
        ),
        Column(
            "code", _("the competency code"),
            ("Kode Kompetensi", "Kode", "Kompetensi", "Competency Code", "Competency"),
            header="Kode Kompetensi", example="M.01", required=True, rule=competency_code,
            model_field="code", width=16, merge=_FIELD,
            samples=("M.01", "m.02", "", "X.99", "=A1"),
        ),
        Column(
            "level", _("the level"), ("Level", "Tingkat", "Level Kompetensi", "Assessed Level"),
            header="Level", example="3", required=True, rule=a_level, model_field="level",
            width=8, merge=_FIELD, samples=("3", "5", "", "0", "7", "2,5", "tiga"),
        ),
        Column(
            "assessed_on", _("the assessment date"),
            ("Tanggal Asesmen", "Tanggal Penilaian", "Tanggal", "Assessment Date", "Date"),
            header="Tanggal Asesmen", example="2026-03-02", required=True, rule=a_day,
            model_field="assessed_on", width=16, merge=_FIELD,
            samples=("2026-03-02", "02/03/2026", "", "31-02-2025", "kemarin"),
        ),
        Column(
            "method", _("the method"),
            ("Metode", "Metode Asesmen", "Metode Penilaian", "Method", "Assessment Method"),
            header="Metode", example="assessment-centre", required=True, rule=method_text,
            model_field="method__name", width=20, merge=_FIELD,
            samples=("assessment-centre", "Assessment Center", "self", "", "wawancara"),
        ),
        Column(
            "assessor_nip", _("the assessor's NIP"),
            ("NIP Asesor", "NIP Penilai", "Assessor NIP", "Assessor's NIP"),
            header="NIP Asesor", example="197803152005011002", text=True, rule=a_nip,
            depends=(normalize_nip, sheet_problem), model_field="assessor_nip", width=22,
            merge=_FIELD, samples=_NIPS,
        ),
        Column(
            "assessor_name", _("the assessor's name"),
            ("Nama Asesor", "Nama Penilai", "Asesor", "Assessor", "Assessor Name"),
            header="Nama Asesor", example="Budi Santoso", rule=name,
            model_field="assessor_name", width=26, merge=_FIELD, shape=Shape.LABEL,
            samples=("Budi Santoso", "", "=A1"),
        ),
        Column(
            "evidence_url", _("the evidence link"),
            ("Bukti", "Tautan Bukti", "Link Bukti", "Evidence", "Evidence Link"),
            header="Bukti", example="https://asesmen.example.go.id/laporan/123", rule=link,
            model_field="evidence_url", width=36, merge=_FIELD,
            samples=("https://example.org/a.pdf", "", "laporan.pdf", "javascript:alert(1)"),
        ),
        Column(
            "note", _("the note"), ("Catatan", "Keterangan", "Note", "Notes", "Remarks"),
            header="Catatan", example="", rule=note, model_field="note", width=30,
            merge=_FIELD, shape=Shape.LABEL, samples=("", "Hasil assessment centre 2026", "=A1"),
        ),
    ),
)  # fmt: skip
