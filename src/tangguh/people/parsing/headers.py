"""Match the header row of an uploaded file to canonical field names.

Columns may come in any order, in Indonesian or English, in any case, with
any spacing or punctuation (``Tgl. Lahir``, ``TGL_LAHIR`` and ``tgl lahir``
are the same header). A note in parentheses is ignored: ``Tanggal Lahir
(DD-MM-YYYY)`` is ``Tanggal Lahir``. The synonyms are data in
:data:`FIELD_SYNONYMS`; add new ones there.

Errors: :func:`match_headers` never raises; the returned :class:`HeaderMap`
lists missing required fields and duplicated columns, and
:meth:`HeaderMap.errors` turns them into :class:`HeaderError` objects (a
:class:`~tangguh.people.parsing.ParseError`) with translatable messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import ParseError

# Canonical field -> header texts seen in the wild. Matching ignores case, spaces
# and punctuation, so list each wording once.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nip": (
        "NIP", "NIP/NI PPPK", "NI PPPK", "NIPPPK", "NIP/NIPPPK", "NIP Baru",
        "Nomor Induk Pegawai", "Nomor Induk PPPK", "Employee ID", "Employee Number",
    ),
    "full_name": (
        "Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN", "Name", "Full Name",
        "Employee Name",
    ),
    "sex": ("Jenis Kelamin", "JK", "L/P", "Kelamin", "Sex", "Gender"),
    "birth_date": (
        "Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "Tanggal Kelahiran", "Date of Birth",
        "Birth Date", "Birthdate", "DOB",
    ),
    "position": ("Jabatan", "Nama Jabatan", "Position", "Position Name", "Job Title"),
    "position_kind": ("Jenis Jabatan", "Position Kind", "Position Type"),
    "rank": (
        "Golongan", "Gol", "Golongan/Ruang", "Gol/Ruang", "Pangkat/Golongan",
        "Pangkat/Gol", "Pangkat Golongan Ruang", "Rank", "Grade",
    ),
    "work_unit": (
        "Unit Kerja", "Unit Organisasi", "OPD", "SKPD", "Satuan Kerja", "Satker",
        "Perangkat Daerah", "Work Unit", "Organisation Unit", "Organization Unit",
    ),
    "employment_status": (
        "Status Kepegawaian", "Status Pegawai", "Status", "Status ASN",
        "Employment Status", "Employee Status",
    ),
    "title_front": ("Gelar Depan", "Front Title", "Title Front", "Prefix Title"),
    "title_back": ("Gelar Belakang", "Back Title", "Title Back", "Suffix Title"),
    "tmt": (
        "TMT", "TMT Jabatan", "Terhitung Mulai Tanggal", "Effective Date",
        "Effective From",
    ),
}  # fmt: skip

REQUIRED_FIELDS: tuple[str, ...] = ("nip", "full_name")

# Header text in the downloadable XLSX template, per field (Indonesian).
TEMPLATE_HEADER_BY_FIELD: dict[str, str] = {
    "nip": "NIP",
    "title_front": "Gelar Depan",
    "full_name": "Nama",
    "title_back": "Gelar Belakang",
    "sex": "Jenis Kelamin",
    "birth_date": "Tanggal Lahir",
    "employment_status": "Status Kepegawaian",
    "position": "Jabatan",
    "position_kind": "Jenis Jabatan",
    "rank": "Golongan",
    "work_unit": "Unit Kerja",
    "tmt": "TMT",
}

# Column order of the XLSX template (TMT is optional and left out).
TEMPLATE_FIELDS: tuple[str, ...] = (
    "nip", "title_front", "full_name", "title_back", "sex", "birth_date",
    "employment_status", "position", "position_kind", "rank", "work_unit",
)  # fmt: skip
TEMPLATE_HEADERS: tuple[str, ...] = tuple(TEMPLATE_HEADER_BY_FIELD[f] for f in TEMPLATE_FIELDS)

_PARENTHESES_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def normalize_header(header: object) -> str:
    """The matching key of a header: casefolded letters and digits only."""
    if header is None:
        return ""
    text = str(header)
    bare = _PARENTHESES_RE.sub(" ", text)
    if bare.strip():  # a header that is only a note keeps its note
        text = bare
    return _NOT_ALNUM_RE.sub("", text.casefold())


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, synonyms in FIELD_SYNONYMS.items():
        for synonym in (name, *synonyms):
            key = normalize_header(synonym)
            previous = lookup.setdefault(key, name)
            if previous != name:
                raise ValueError(f"Header {synonym!r} is a synonym of both {previous} and {name}")
    return lookup


_LOOKUP = _build_lookup()


class HeaderError(ParseError):
    """The header row cannot be used as it is."""


@dataclass(slots=True)
class HeaderMap:
    """Where each canonical field is in the file.

    ``columns`` maps a field to the index of the first column holding it;
    ``ignored`` lists ``(index, header)`` of columns that match no field;
    ``blank`` lists indices of columns without a header; ``duplicates`` maps a
    field to all indices holding it when there is more than one (an error);
    ``missing_required`` lists required fields with no column (an error).
    """

    columns: dict[str, int] = field(default_factory=dict)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file can be imported with these headers."""
        return not self.duplicates and not self.missing_required

    def errors(self) -> list[HeaderError]:
        """One error per missing required field and per duplicated field."""
        found: list[HeaderError] = []
        for name in self.missing_required:
            found.append(
                HeaderError(
                    _(
                        "The file has no column for %(field)s. Add a column with the header "
                        "“%(header)s” (or use the template)."
                    ),
                    "header_missing_required",
                    {"field": FIELD_LABELS[name], "header": TEMPLATE_HEADER_BY_FIELD[name]},
                )
            )
        for name, indices in self.duplicates.items():
            found.append(
                HeaderError(
                    _(
                        "Columns %(columns)s (%(headers)s) all hold %(field)s. Keep one of "
                        "them and delete or rename the others."
                    ),
                    "header_duplicate",
                    {
                        "columns": ", ".join(column_letter(i) for i in indices),
                        "headers": ", ".join(f"“{self.headers[i]}”" for i in indices),
                        "field": FIELD_LABELS[name],
                    },
                )
            )
        return found


# Human names of the fields, for messages.
FIELD_LABELS: dict[str, Any] = {
    "nip": _("the NIP or NI PPPK"),
    "full_name": _("the full name"),
    "sex": _("the sex"),
    "birth_date": _("the birth date"),
    "position": _("the position"),
    "position_kind": _("the position kind"),
    "rank": _("the rank (golongan)"),
    "work_unit": _("the work unit"),
    "employment_status": _("the employment status"),
    "title_front": _("the front title"),
    "title_back": _("the back title"),
    "tmt": _("the effective date (TMT)"),
}


def match_headers(headers: Sequence[object]) -> HeaderMap:
    """Map the cells of a header row to canonical fields (see :class:`HeaderMap`)."""
    result = HeaderMap(headers=["" if h is None else " ".join(str(h).split()) for h in headers])
    seen: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        key = normalize_header(header)
        if not key:
            result.blank.append(index)
            continue
        name = _LOOKUP.get(key)
        if name is None:
            result.ignored.append((index, result.headers[index]))
            continue
        seen.setdefault(name, []).append(index)
    for name, indices in seen.items():
        result.columns[name] = indices[0]
        if len(indices) > 1:
            result.duplicates[name] = indices
    result.missing_required = [f for f in REQUIRED_FIELDS if f not in result.columns]
    return result


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, not {index}")
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
