"""The register's import spec: every column a register file may hold, declared once.

Header matching (:mod:`.parsing.headers`), the template and exports
(:mod:`.exports`), the column-wise fingerprint (:mod:`.importing.fastpath`) and
the tests' alphabets are derived from :data:`REGISTER`. The cell rules below are
the ones both paths call: the per-row normaliser (:mod:`.importing.rows`) and the
column-wise path, which parses each distinct value of a column once with them.

Cached on the raw cell value: the same few values repeat millions of times. A bad
value raises every time (lru_cache does not keep exceptions).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core import spreadsheet_safety, text_safety
from tangguh.core.importing import Column, ImportSpec, Merge
from tangguh.core.spreadsheet_safety import QUOTE, restore_cell
from tangguh.people.parsing import dates as _dates
from tangguh.people.parsing import nip as _nip
from tangguh.people.parsing import values as _values
from tangguh.people.parsing.dates import parse_date
from tangguh.people.parsing.values import (
    parse_employment_status,
    parse_position_kind,
    parse_rank,
    parse_sex,
)


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


# Control characters that are not whitespace: dropped (str.split() takes the others).
_CONTROLS = dict.fromkeys([*range(0, 9), *range(14, 28), 127])


def _clean_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = text.translate(_CONTROLS)
    text = " ".join(text.split())
    # A cell our own export made inert ("'-2+3") comes back as it was stored ("-2+3").
    return restore_cell(text) if text[:1] == QUOTE else text


@lru_cache(maxsize=4096)
def _status(raw: Any) -> tuple[str | None, str | None]:
    parsed = parse_employment_status(_clean_text(raw))
    return (parsed.kind, parsed.state) if parsed else (None, None)


@lru_cache(maxsize=256)
def _sex(raw: Any) -> str | None:
    return parse_sex(_clean_text(raw))


@lru_cache(maxsize=4096)
def _rank(raw: Any, kind: str | None) -> str | None:
    return parse_rank(_clean_text(raw), employee_kind=kind)


@lru_cache(maxsize=1024)
def _position_kind(raw: Any) -> str | None:
    return parse_position_kind(_clean_text(raw))


@lru_cache(maxsize=1 << 16)
def _date(raw: Any) -> str | None:
    if _blank(raw):
        return None
    return parse_date(raw).isoformat()


@lru_cache(maxsize=1 << 17)
def _label(raw: Any) -> str | None:
    text = _clean_text(raw)
    return text or None


_TEXT = (_clean_text, _values.check_text)
_FIELD = Merge.COMPARED | Merge.WRITTEN
_TRACKED = _FIELD | Merge.HISTORY

# In template order; TMT is optional and left out of the template and exports.
REGISTER = ImportSpec(
    target="register",
    model="people.Employee",
    sources=(_values, _dates, _nip, spreadsheet_safety, text_safety),
    columns=(
        Column(
            "nip", _("the NIP or NI PPPK"),
            ("NIP", "NIP/NI PPPK", "NI PPPK", "NIPPPK", "NIP/NIPPPK", "NIP Baru",
             "Nomor Induk Pegawai", "Nomor Induk PPPK", "Employee ID", "Employee Number"),
            header="NIP", example="198507152010011003", text=True, required=True,
            rule=_nip.normalize_nip, depends=(_nip.parse_identifier, _nip.check_consistency),
            model_field="nip", width=22, merge=Merge.KEY,
        ),
        Column(
            "title_front", _("the front title"),
            ("Gelar Depan", "Front Title", "Title Front", "Prefix Title"),
            header="Gelar Depan", example="Dr.", rule=_label, depends=_TEXT,
            model_field="title_front", width=12, merge=_FIELD,
        ),
        Column(
            "full_name", _("the full name"),
            ("Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN", "Name", "Full Name",
             "Employee Name"),
            header="Nama", example="Budi Santoso", required=True, rule=_clean_text,
            depends=(_values.split_name, _values.check_text), model_field="full_name",
            width=32, merge=_FIELD,
        ),
        Column(
            "title_back", _("the back title"),
            ("Gelar Belakang", "Back Title", "Title Back", "Suffix Title"),
            header="Gelar Belakang", example="S.Kom., M.T.", rule=_label, depends=_TEXT,
            model_field="title_back", width=16, merge=_FIELD,
        ),
        Column(
            "sex", _("the sex"), ("Jenis Kelamin", "JK", "L/P", "Kelamin", "Sex", "Gender"),
            header="Jenis Kelamin", example="L", rule=_sex, depends=(parse_sex,),
            model_field="sex", width=14, merge=_FIELD,
        ),
        Column(
            "birth_date", _("the birth date"),
            ("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "Tanggal Kelahiran", "Date of Birth",
             "Birth Date", "Birthdate", "DOB"),
            header="Tanggal Lahir", example=date(1985, 7, 15), rule=_date, depends=(parse_date,),
            model_field="birth_date", width=14, merge=_FIELD,
        ),
        Column(
            "employment_status", _("the employment status"),
            ("Status Kepegawaian", "Status Pegawai", "Status", "Status ASN",
             "Employment Status", "Employee Status"),
            header="Status Kepegawaian", example="PNS Aktif", rule=_status,
            depends=(parse_employment_status,), model_field="status",
            export=("employee_kind", "status"), width=20, merge=_TRACKED,
        ),
        Column(
            "position", _("the position"),
            ("Jabatan", "Nama Jabatan", "Position", "Position Name", "Job Title"),
            header="Jabatan", example="Analis Kebijakan Ahli Muda", rule=_label, depends=_TEXT,
            model_field="position__name", width=32, merge=_TRACKED,
        ),
        Column(
            "position_kind", _("the position kind"),
            ("Jenis Jabatan", "Position Kind", "Position Type"),
            header="Jenis Jabatan", example="Fungsional", rule=_position_kind,
            depends=(parse_position_kind,), model_field="position_kind", width=16,
            merge=_TRACKED,
        ),
        Column(
            "rank", _("the rank (golongan)"),
            ("Golongan", "Gol", "Golongan/Ruang", "Gol/Ruang", "Pangkat/Golongan",
             "Pangkat/Gol", "Pangkat Golongan Ruang", "Rank", "Grade"),
            header="Golongan", example="III/c", rule=_rank, depends=(parse_rank,),
            model_field="rank", width=10, merge=_TRACKED,
        ),
        Column(
            "work_unit", _("the work unit"),
            ("Unit Kerja", "Unit Organisasi", "OPD", "SKPD", "Satuan Kerja", "Satker",
             "Perangkat Daerah", "Work Unit", "Organisation Unit", "Organization Unit"),
            header="Unit Kerja", example="Badan Kepegawaian Daerah", rule=_label, depends=_TEXT,
            model_field="work_unit__path", width=40, merge=_TRACKED,
        ),
        Column(
            "tmt", _("the effective date (TMT)"),
            ("TMT", "TMT Jabatan", "Terhitung Mulai Tanggal", "Effective Date",
             "Effective From"),
            header="TMT", rule=_date, depends=(parse_date,), in_template=False,
            model_field="period_start", merge=Merge.HISTORY,
        ),
    ),
)  # fmt: skip
