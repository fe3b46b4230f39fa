"""The assessor's spreadsheet: the columns of a file of recommendations for one batch.

One row per participant and competency unit: the participant's NIP, the unit's code,
the recommendation (K / BK, or the words), notes and evidence; when the organiser's
operator uploads it, the assessor who gave it (``NIP Asesor`` or ``Asesor``, the
username). The participant's name and the unit's title are in the template to be
read by people; the import ignores them. Header matching and the template are derived
from :data:`RESULTS`; the import is :mod:`.results_import`.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import label_problem, sheet_problem
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing.nip import normalize_nip

from .models import Recommendation

TEXT_LIMIT = 2000  # notes and evidence (services_results.TEXT_LIMIT)
_FIELD = Merge.COMPARED | Merge.WRITTEN

# How people write a recommendation, compared without case, spaces or punctuation.
RECOMMENDATIONS = {
    "k": Recommendation.COMPETENT,
    "kompeten": Recommendation.COMPETENT,
    "competent": Recommendation.COMPETENT,
    "bk": Recommendation.NOT_YET,
    "belumkompeten": Recommendation.NOT_YET,
    "notyetcompetent": Recommendation.NOT_YET,
    "notcompetent": Recommendation.NOT_YET,
}
_NOT_ALNUM = re.compile(r"[\W_]+")


def _text(raw: Any, limit: int | None) -> str | None:
    """A cleaned text; None when empty; ParseError for a formula, an error or too long."""
    if raw is None:
        return None
    text = clean_text(raw)
    if not text:
        return None
    problem = label_problem(text, limit)
    if problem is not None:
        raise ParseError(problem, "results_cell_refused")
    if character := text_safety.bidi_control_in(text):
        raise ParseError(
            text_safety.BIDI_MESSAGE,
            text_safety.BIDI_CODE,
            {"field": _("The cell"), "character": character},
        )
    return text


def participant_nip(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "results_nip_refused")
    return normalize_nip(raw)


def unit_code(raw: Any) -> str | None:
    return _text(raw, 40)


def recommendation(raw: Any) -> str | None:
    text = _text(raw, 40)
    if text is None:
        return None
    found = RECOMMENDATIONS.get(_NOT_ALNUM.sub("", text.casefold()))
    if found is None:
        raise ParseError(
            _("“%(value)s” is no recommendation. Write K (kompeten) or BK (belum kompeten)."),
            "results_recommendation_unknown",
            {"value": text},
        )
    return str(found)


def long_text(raw: Any) -> str | None:
    return _text(raw, TEXT_LIMIT)


def assessor_nip(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "results_assessor_refused")
    return normalize_nip(raw)


def username(raw: Any) -> str | None:
    return _text(raw, 150)


def label(raw: Any) -> str | None:
    """A column people read (a name, a unit's title): cleaned, never judged."""
    if raw is None:
        return None
    return clean_text(raw) or None


_DEPENDS = (clean_text, label_problem, sheet_problem, _text)
_NIPS = ("198507122010012003", "'198507122010012003", "1985 0712 2010 01 2 003", "", "12345",
         "1.98507E+17", "=A1")  # fmt: skip
_WORDS = ("K", "BK", "k", "Kompeten", "Belum Kompeten", "belum kompeten", "competent", "KB",
          "", "#N/A", "=B2")  # fmt: skip
_TEXTS = ("", "Observasi dan wawancara", "Portofolio lengkap", "=HYPERLINK(\"x\")", "#REF!",
          "N" * 2001, "Catatan\u202e")  # fmt: skip

RESULTS = ImportSpec(
    target="certification_results",
    model="certification.UnitResult",
    sources=(spreadsheet_safety, text_safety, sys.modules[__name__]),
    columns=(
        Column(
            "nip", _("the participant's NIP"),
            ("NIP", "NIP Peserta", "NI PPPK", "NIP/NI PPPK", "Participant NIP", "Participant ID"),
            header="NIP", example="198507122010012003", text=True, required=True,
            rule=participant_nip, depends=(normalize_nip, sheet_problem),
            model_field="participation__nip", width=22, merge=Merge.KEY, samples=_NIPS,
        ),
        Column(
            "name", _("the participant's name"),
            ("Nama", "Nama Peserta", "Nama Lengkap", "Name", "Participant", "Participant Name"),
            header="Nama Peserta", example="Siti Rahmawati", rule=label,
            model_field="participation__holder_name", width=30, merge=Merge.NONE,
            shape=Shape.LABEL, samples=("", "Siti Rahmawati", "=A1"),
        ),
        Column(
            "unit_code", _("the unit code"),
            ("Kode Unit", "Kode Unit Kompetensi", "Kode UK", "Unit", "Unit Code",
             "Competency Unit Code"),
            header="Kode Unit", example="U.01", text=True, required=True, rule=unit_code,
            depends=_DEPENDS, model_field="unit__code", width=14, samples=_WORDS[:2] + _TEXTS,
        ),
        Column(
            "unit_title", _("the unit's title"),
            ("Nama Unit", "Judul Unit", "Unit Kompetensi", "Nama Unit Kompetensi", "Unit Title",
             "Competency Unit"),
            header="Judul Unit", example="Menyusun rencana kerja kecamatan", rule=label,
            model_field="unit__title", width=40, merge=Merge.NONE, shape=Shape.LABEL,
            samples=("", "Menyusun rencana kerja", "#N/A"),
        ),
        Column(
            "recommendation", _("the recommendation"),
            ("Rekomendasi", "Rekomendasi Asesor", "Hasil", "Hasil Asesmen", "K/BK",
             "Recommendation", "Result"),
            header="Rekomendasi", example="K", required=True, rule=recommendation,
            depends=_DEPENDS, model_field="recommendation", width=16,
            samples=_WORDS,
        ),
        Column(
            "notes", _("the notes"),
            ("Catatan", "Catatan Asesor", "Keterangan", "Notes", "Note", "Remarks"),
            header="Catatan", example="Menguasai perencanaan; perlu penguatan evaluasi.",
            rule=long_text, depends=_DEPENDS, model_field="notes", width=40,
            shape=Shape.LABEL, samples=_TEXTS,
        ),
        Column(
            "evidence", _("the evidence"),
            ("Bukti", "Bukti Pendukung", "Bukti Asesmen", "Evidence", "Evidence Reference"),
            header="Bukti", example="Portofolio, observasi, wawancara", rule=long_text,
            depends=_DEPENDS, model_field="evidence", width=36, shape=Shape.LABEL,
            samples=_TEXTS,
        ),
        Column(
            "assessor_nip", _("the assessor's NIP"),
            ("NIP Asesor", "Assessor NIP"),
            header="NIP Asesor", example="", text=True, rule=assessor_nip,
            depends=(normalize_nip, sheet_problem), model_field="assessor__nip", width=22,
            samples=_NIPS,
        ),
        Column(
            "assessor", _("the assessor's username"),
            ("Asesor", "Username Asesor", "Nama Pengguna Asesor", "Assessor",
             "Assessor Username"),
            header="Asesor", example="asesor.jatim", rule=username, depends=_DEPENDS,
            model_field="assessor__username", width=20,
            samples=("", "asesor.jatim", "=A1", "tidak.ada"),
        ),
    ),
)  # fmt: skip
