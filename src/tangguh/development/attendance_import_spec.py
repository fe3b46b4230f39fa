"""The attendance sheet of one session: its columns and how a mark is written.

One row per participant: the NIP (the key), the name (for reading; ignored by the
import), then one column per day of the session headed by the date (``2026-12-01`` or
``01/12/2026``), each cell ``H``/``I``/``A`` or the words (Hadir / Izin / Tidak hadir,
Present / Excused / Absent). Day columns are found by their header being a date: the
fixed columns are declared here (:data:`ATTENDANCE`), the day columns by
:func:`header_day`.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import Column, ImportSpec, Merge, ParseError, Shape
from tangguh.core.importing.cells import sheet_problem
from tangguh.people.import_rules import clean_text
from tangguh.people.parsing.nip import normalize_nip

from .models import AttendanceMark

# How people write a mark, compared without case, spaces or punctuation.
MARKS = {
    "h": AttendanceMark.PRESENT,
    "hadir": AttendanceMark.PRESENT,
    "present": AttendanceMark.PRESENT,
    "p": AttendanceMark.PRESENT,
    "i": AttendanceMark.EXCUSED,
    "izin": AttendanceMark.EXCUSED,
    "ijin": AttendanceMark.EXCUSED,
    "s": AttendanceMark.EXCUSED,
    "sakit": AttendanceMark.EXCUSED,
    "excused": AttendanceMark.EXCUSED,
    "a": AttendanceMark.ABSENT,
    "alpa": AttendanceMark.ABSENT,
    "tidakhadir": AttendanceMark.ABSENT,
    "absen": AttendanceMark.ABSENT,
    "absent": AttendanceMark.ABSENT,
}
# The letter the template and exports write for each mark.
LETTERS = {
    AttendanceMark.PRESENT: "H",
    AttendanceMark.EXCUSED: "I",
    AttendanceMark.ABSENT: "A",
}
_NOT_ALNUM = re.compile(r"[\W_]+")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def participant_nip(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = sheet_problem(raw)
    if problem is not None:
        raise ParseError(problem, "attendance_nip_refused")
    return normalize_nip(raw)


def label(raw: Any) -> str | None:
    return clean_text(raw) if raw is not None else None


def mark(raw: Any) -> str | None:
    """A cell of a day column: the mark, None when blank; ParseError otherwise."""
    if raw is None:
        return None
    text = clean_text(raw) if not isinstance(raw, str) else raw.strip()
    if not text:
        return None
    found = MARKS.get(_NOT_ALNUM.sub("", str(text).casefold()))
    if found is None:
        raise ParseError(
            _("“%(value)s” is no attendance mark. Write H (hadir), I (izin) or A (tidak hadir)."),
            "attendance_mark_unknown",
            {"value": str(text)[:40]},
        )
    return str(found)


def header_day(header: Any) -> date | None:
    """The day a column's header names (None: not a date, so not a day column)."""
    if isinstance(header, datetime):
        return header.date()
    if isinstance(header, date):
        return header
    text = str(header or "").strip()
    try:
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


ATTENDANCE = ImportSpec(
    target="development_attendance",
    model="development.Attendance",
    sources=(sys.modules[__name__],),
    columns=(
        Column(
            "nip", _("the participant's NIP"),
            ("NIP", "NIP Peserta", "NI PPPK", "NIP/NI PPPK", "Participant NIP"),
            header="NIP", example="198507122010012003", text=True, required=True,
            rule=participant_nip, depends=(normalize_nip, sheet_problem),
            model_field="enrolment__nip", width=22, merge=Merge.KEY,
            samples=("198507122010012003", "'198507122010012003", "", "1.98507E+17", "=A1"),
        ),
        Column(
            "name", _("the participant's name"),
            ("Nama", "Nama Peserta", "Nama Lengkap", "Name", "Participant"),
            header="Nama", example="Siti Rahmawati", rule=label,
            model_field="enrolment__full_name", width=32, merge=Merge.NONE, shape=Shape.LABEL,
            samples=("", "Siti Rahmawati", "=A1"),
        ),
    ),
)  # fmt: skip
