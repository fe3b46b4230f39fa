"""The import of a session's attendance sheet: read, judge every row and cell, write.

A row is one participant (by NIP) with one column per day headed by its date
(:mod:`.attendance_import_spec`). Every problem is reported on its spreadsheet row and
column with a sentence: a NIP that is no enrolled participant of the session, a day
that is not one of the session's days, a mark that is not H/I/A, the same NIP twice. A
blank cell changes nothing. The whole file is refused when any row is bad (all or
nothing); a dry run judges and counts without writing. Files are small (a session has
tens of participants): held in memory.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.formatting import format_date
from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message
from tangguh.core.scoping import may

from .attendance_import_spec import ATTENDANCE, header_day, mark, participant_nip
from .models import Attendance, Enrolment, EnrolmentStatus, Session
from .services_attendance import Mark, attendance_record

MAX_ROWS = 5_000
MAX_ERRORS = 200


def import_attendance(
    *, session: Session, source: Any, filename: str, actor: Any, dry_run: bool = False
) -> ImportResult:
    """Import an attendance sheet into ``session``; see the module's docstring.

    Raises PermissionDenied outside the host's side, :class:`ImportFileError` for a file
    that cannot be read as a whole (nothing is written then)."""
    if not may(actor, Attendance, "change", session.organiser_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    result = ImportResult(dry_run=dry_run, strict=True)
    participants = {
        e.nip: e for e in Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED)
    }
    stored = {
        (a.enrolment_id, a.day): a.mark
        for a in Attendance.objects.filter(enrolment__session=session)
    }
    marks: list[Mark] = []
    errors: list[RowError] = []
    with open_table(source, filename, spec=ATTENDANCE) as table:
        result.headers = list(table.header.headers)
        result.sheet = table.sheet
        header_row = table.header_row
        days = [(i, h, header_day(h)) for i, h in table.header.ignored]
        day_columns = [(i, str(h), d) for i, h, d in days if d is not None]
        result.ignored_columns = [str(h) for _i, h, d in days if d is None]
        if not day_columns:
            raise ImportFileError(
                Message(
                    gettext_lazy(
                        "“%(name)s” has no column for a day. Head each day's column with its "
                        "date (for example %(example)s), or use the template."
                    ),
                    {"name": filename, "example": session.start_date.isoformat()},
                )
            )
        nip_at = table.header.columns["nip"]
        nip_header = table.header.headers[nip_at]
        seen: dict[str, int] = {}
        for row_no, cells in table.rows:
            if is_blank_row(cells):
                result.skipped += 1
                continue
            result.total_rows += 1
            if result.total_rows > MAX_ROWS:
                raise ImportFileError(
                    Message(
                        gettext_lazy(
                            "“%(name)s” has more than %(limit)s rows, while a session has far "
                            "fewer participants: is it the attendance sheet of one session?"
                        ),
                        {"name": filename, "limit": MAX_ROWS},
                    )
                )
            row_errors, row_marks = _judge_row(
                session, row_no, cells, nip_at, nip_header, day_columns, participants, seen
            )
            if row_errors:
                errors.extend(row_errors)
                result.rejected += 1
                continue
            for cell in row_marks:
                before = stored.get((cell.enrolment_id, cell.day))
                if before is None:
                    result.created += 1
                elif before != cell.mark:
                    result.updated += 1
                else:
                    result.unchanged += 1
                    continue
                marks.append(cell)
    if result.total_rows == 0:
        raise ImportFileError(ATTENDANCE.message("no_rows") % {"name": filename, "row": header_row})
    result.errors_total = len(errors)
    result.errors = errors[:MAX_ERRORS]
    if errors:
        result.file_rejected = True
        result.created = result.updated = result.unchanged = 0
        return result
    if not dry_run and marks:
        attendance_record(session=session, marks=marks, actor=actor, source="import")
    return result


def _judge_row(
    session: Session,
    row_no: int,
    cells: list[Any],
    nip_at: int,
    nip_header: str,
    day_columns: list[tuple[int, str, date]],
    participants: dict[str, Enrolment],
    seen: dict[str, int],
) -> tuple[list[RowError], list[Mark]]:
    """Every problem in the row, and its marks (written only when there is none)."""
    errors: list[RowError] = []
    raw_nip = cells[nip_at] if nip_at < len(cells) else None
    enrolment = None
    try:
        nip = participant_nip(raw_nip)
    except ParseError as exc:
        errors.append(RowError(row_no, nip_header, shown(raw_nip), exc.as_message()))
        nip = None
    else:
        if nip is None:
            errors.append(
                RowError(
                    row_no,
                    nip_header,
                    "",
                    Message(gettext_lazy("The NIP is empty. Type the participant's NIP.")),
                )
            )
        elif nip in seen:
            errors.append(
                RowError(
                    row_no,
                    nip_header,
                    nip,
                    Message(
                        gettext_lazy("This NIP is already on row %(row)s."), {"row": seen[nip]}
                    ),
                )
            )
        else:
            seen[nip] = row_no
            enrolment = participants.get(nip)
            if enrolment is None:
                errors.append(
                    RowError(
                        row_no,
                        nip_header,
                        nip,
                        Message(
                            gettext_lazy("No enrolled participant of the session has this NIP.")
                        ),
                    )
                )
    found: list[Mark] = []
    for index, header, day in day_columns:
        raw = cells[index] if index < len(cells) else None
        try:
            value = mark(raw)
        except ParseError as exc:
            errors.append(RowError(row_no, header, shown(raw), exc.as_message()))
            continue
        if value is None:
            continue
        if not session.start_date <= day <= session.end_date:
            errors.append(
                RowError(
                    row_no,
                    header,
                    shown(raw),
                    Message(
                        gettext_lazy("%(day)s is not a day of the session (%(start)s to %(end)s)."),
                        {
                            "day": format_date(day),
                            "start": format_date(session.start_date),
                            "end": format_date(session.end_date),
                        },
                    ),
                )
            )
            continue
        if enrolment is not None:
            found.append(Mark(enrolment.pk, day, value))
    return errors, found


def attendance_template_xlsx(session: Session) -> bytes:
    """The sheet to fill in: NIP and name of each enrolled participant, one column per
    day of the session (headed by its date), what is recorded already filled in (so the
    file imports back unchanged); marks offered as H, I, A."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from tangguh.core.importing.template import TEXT_FORMAT, text_cell

    from .attendance_import_spec import LETTERS
    from .services_attendance import session_days

    days = session_days(session)
    people = list(
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED).order_by(
            "full_name", "nip"
        )
    )
    stored = {
        (a.enrolment_id, a.day): a.mark
        for a in Attendance.objects.filter(enrolment__session=session)
    }
    book = Workbook()
    sheet = book.active
    sheet.title = _("Attendance")[:31]
    headers = ["NIP", "Nama", *[d.isoformat() for d in days]]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = bold, fill
        cell.number_format = TEXT_FORMAT
        sheet.column_dimensions[get_column_letter(index)].width = 22 if index < 3 else 12
    sheet.column_dimensions["B"].width = 34
    sheet.freeze_panes = "C2"
    for row_no, person in enumerate(people, start=2):
        nip = sheet.cell(row=row_no, column=1, value=person.nip)
        nip.number_format = TEXT_FORMAT
        sheet.cell(row=row_no, column=2, value=text_cell(sheet, person.full_name).value)
        for offset, day in enumerate(days, start=3):
            recorded = stored.get((person.pk, day))
            sheet.cell(row=row_no, column=offset, value=LETTERS.get(recorded) if recorded else None)
    if days:
        first, last = get_column_letter(3), get_column_letter(2 + len(days))
        choice = DataValidation(type="list", formula1='"H,I,A"', allow_blank=True)
        choice.error = _("Write H (hadir), I (izin) or A (tidak hadir).")
        choice.add(f"{first}2:{last}{max(len(people) + 1, 2) + 100}")
        sheet.add_data_validation(choice)
    notes = book.create_sheet(_("Notes")[:31])
    notes.column_dimensions["A"].width = 110
    for line_no, line in enumerate(
        (
            _("One row per participant of %(session)s.") % {"session": str(session)},
            _("One column per day, headed by its date: H (hadir), I (izin), A (tidak hadir)."),
            _("A blank cell changes nothing. Nama is for reading: the import uses the NIP."),
        ),
        start=1,
    ):
        notes.cell(row=line_no, column=1, value=text_cell(notes, line).value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
