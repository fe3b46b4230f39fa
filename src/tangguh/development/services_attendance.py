"""Writes of attendance: the host's grid of participants × days, on screen or from the
attendance sheet (``attendance_import.py`` judges the sheet, then calls
:func:`attendance_record`).

Only the session's own days take a mark; a day outside them is refused with the
session's dates in the sentence, and nothing is written (all or nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_date
from tangguh.core.scoping import may

from .models import Attendance, AttendanceMark, Enrolment, EnrolmentStatus, Session, SessionStatus
from .services_enrolment import _user


@dataclass(frozen=True)
class Mark:
    """One cell of the grid: a participant (enrolment id) on a day; ``mark`` "" clears it."""

    enrolment_id: int
    day: date
    mark: str


def session_days(session: Session) -> list[date]:
    span = (session.end_date - session.start_date).days
    return [session.start_date + timedelta(days=n) for n in range(span + 1)]


def day_error(session: Session, day: date) -> str | None:
    """Why ``day`` takes no mark in ``session`` (None: it does)."""
    if session.start_date <= day <= session.end_date:
        return None
    return _("%(day)s is not a day of the session (%(start)s to %(end)s).") % {
        "day": format_date(day),
        "start": format_date(session.start_date),
        "end": format_date(session.end_date),
    }


def attendance_record(
    *, session: Session, marks: Iterable[Mark], actor: Any, source: str = "screen"
) -> dict[str, int]:
    """Record the host's marks for ``session``; all or nothing. Returns the counts
    ``{"written": n, "cleared": n}``."""
    if not may(actor, Attendance, "change", session.organiser_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    failed = _("The attendance was not recorded.")
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(f"{failed} {_('The session was cancelled.')}", code="session_cancelled")
    participants = {
        e.pk: e for e in Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED)
    }
    errors: list[dict[str, Any]] = []
    cells = list(marks)
    for cell in cells:
        wrong = day_error(session, cell.day)
        if wrong:
            errors.append({"field": "day", "message": wrong})
        elif cell.enrolment_id not in participants:
            errors.append({"field": "enrolment", "message": _("Not a participant of the session.")})
        elif cell.mark and cell.mark not in AttendanceMark.values:
            errors.append({"field": "mark", "message": _("Mark present, excused or absent.")})
    if errors:
        raise DomainError(f"{failed} {errors[0]['message']}", errors=errors, code="bad_attendance")
    written = cleared = 0
    with transaction.atomic():
        for cell in cells:
            if not cell.mark:
                cleared += Attendance.objects.filter(
                    enrolment_id=cell.enrolment_id, day=cell.day
                ).delete()[0]
                continue
            Attendance.objects.update_or_create(
                enrolment_id=cell.enrolment_id,
                day=cell.day,
                defaults={"mark": cell.mark, "source": source, "recorded_by": _user(actor)},
            )
            written += 1
        audit_record(
            actor=actor,
            action="development.attendance_import"
            if source == "import"
            else "development.attendance_record",
            target=session,
            institution=session.organiser_id,
            data={"session": session.pk, "written": written, "cleared": cleared},
            nips=sorted({participants[c.enrolment_id].nip for c in cells}),
            change="U",
        )
    return {"written": written, "cleared": cleared}
