"""The import of an institution's activities: read, judge every row, write, approve.

Each row is one person (by NIP, in the importer's scope) and one activity, judged by
the same service as the screen (:func:`.services_activities.activity_record`: the
conversion table's caps, the dates, the cost) and approved at once by the importing
officer: the file is the institution's statement, and the approval credits the
ledger. Rows are judged in file order, each seeing the rows before it (two coaching
rows of a month count together). Every problem is reported on its spreadsheet row and
column with a sentence.

All or nothing by default (``strict``): any bad row refuses the whole file. A dry
run does everything in a transaction and rolls it back, so its counts are the ones
the import would give. Files are small (an institution's year): held in memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_number
from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import Table, open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message
from tangguh.core.scoping import Scope, scope_for
from tangguh.people.models import Employee

from .activities_import_spec import ACTIVITIES
from .models import Activity, ActivityStatus, DevelopmentForm
from .services_activities import (
    ActivityInput,
    activity_approve,
    activity_record,
    may_record_for,
)

logger = logging.getLogger(__name__)

MAX_ROWS = 5_000
# A service's field -> the column that carries it.
FIELD_COLUMN = {
    "nip": "nip",
    "form": "form",
    "title": "title",
    "organiser_name": "organiser",
    "start_date": "start_date",
    "end_date": "end_date",
    "quantity": "quantity",
    "jp_claimed": "jp",
    "cost": "cost",
}
REQUIRED = {
    "nip": gettext_lazy("The NIP is empty. Type the person's 18-digit NIP."),
    "form": gettext_lazy("The form of development is empty. Write its code, e.g. seminar."),
    "title": gettext_lazy("The title is empty."),
    "start_date": gettext_lazy("The first day is empty."),
    "end_date": gettext_lazy("The last day is empty."),
}


class _Rollback(Exception):
    """Undoes a dry run's writes, or a strict import's with bad rows."""


@dataclass
class ActivityRow:
    row: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, Any, Message]] = field(default_factory=list)

    def reject(self, key: str, message: Message) -> None:
        self.errors.append((key, self.raw.get(key), message))


def may_import(actor: Any) -> bool:
    """Staff who record and approve their institution's activities."""
    if actor is None:
        return True
    scopes = (scope_for(actor, Activity, "add"), scope_for(actor, Activity, "change"))
    return all(scope not in (None, Scope.SELF) for scope in scopes)


def import_activities(
    *, source: Any, filename: str, actor: Any, dry_run: bool = False, strict: bool = True
) -> ImportResult:
    """Import a file of activities; see the module's docstring.

    Raises PermissionDenied for a role that may not, :class:`ImportFileError` for a file
    that cannot be read as a whole (nothing is written then)."""
    if not may_import(actor):
        raise PermissionDenied
    with open_table(source, filename, spec=ACTIVITIES) as table:
        result = ImportResult(
            headers=list(table.header.headers),
            ignored_columns=[h for _i, h in table.header.ignored],
            dry_run=dry_run,
            strict=strict,
            sheet=table.sheet,
        )
        rows = read_rows(table, result, filename)
        headers = {key: table.header.headers[i] for key, i in table.header.columns.items()}
    written: list[str] = []
    try:
        with transaction.atomic():
            written = write(rows, actor)
            count(rows, result, headers)
            if strict and result.rejected:
                result.file_rejected = True
                result.created = 0
                raise _Rollback
            if written:
                audit_record(
                    actor=actor,
                    action="development.activities_import",
                    institution=getattr(actor, "institution_id", None),
                    nips=written,
                    data={"file": filename, **result.counts()},
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except IntegrityError:
        logger.warning("Activities import collided with another write")
        raise ImportFileError(
            _("The ledger changed while this file was being imported. Nothing was changed: "
              "upload the file again.")
        ) from None  # fmt: skip
    return result


# --- reading -----------------------------------------------------------------------


def read_rows(table: Table, result: ImportResult, filename: str) -> list[ActivityRow]:
    columns = table.header.columns
    rows: list[ActivityRow] = []
    pending_blank = 0
    for row_no, cells in table.rows:
        if is_blank_row(cells):
            pending_blank += 1
            continue
        result.skipped += pending_blank
        pending_blank = 0
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                Message(
                    gettext_lazy(
                        "“%(name)s” has more than %(limit)s rows. Split it into smaller files."
                    ),
                    {"name": filename, "limit": MAX_ROWS},
                )
            )
        raw = {
            key: cells[i] if (i := columns.get(key)) is not None and i < len(cells) else None
            for key in ACTIVITIES.by_key
        }
        row = ActivityRow(row_no, raw)
        for key, column in ACTIVITIES.by_key.items():
            try:
                row.values[key] = column.rule(raw[key]) if column.rule else raw[key]
            except ParseError as exc:
                row.reject(key, exc.as_message())
        rejected = {k for k, _v, _m in row.errors}
        for key, message in REQUIRED.items():
            if row.values.get(key) is None and key not in rejected:
                row.reject(key, Message(message))
        rows.append(row)
    result.total_rows = len(rows)
    if not rows:
        raise ImportFileError(
            ACTIVITIES.message("no_rows") % {"name": filename, "row": table.header_row}
        )
    return rows


# --- judging and writing -------------------------------------------------------------


def _find_form(text: str, forms: list[DevelopmentForm]) -> DevelopmentForm | None:
    wanted = text.strip().casefold()
    for form in forms:
        if wanted in (form.code.casefold(), form.name.casefold(), form.name_en.casefold()):
            return form
    return None


def write(rows: list[ActivityRow], actor: Any) -> list[str]:
    """Record and approve each good row in order (inside the caller's transaction), each
    in a savepoint: a refused row changes nothing. The NIPs credited."""
    forms = list(DevelopmentForm.objects.all())
    people: dict[str, Employee | None] = {}
    credited: list[str] = []
    for row in rows:
        values = row.values
        nip = values.get("nip")
        person = None
        if nip is not None:
            if nip not in people:
                found = Employee.objects.restrict(actor, "view").filter(nip=nip).first()
                people[nip] = found if found is not None and may_record_for(actor, found) else None
            person = people[nip]
            if person is None:
                row.reject(
                    "nip",
                    Message(gettext_lazy("No civil servant of your institution has this NIP.")),
                )
        form = _find_form(values["form"], forms) if values.get("form") else None
        if values.get("form") and form is None:
            row.reject(
                "form",
                Message(
                    gettext_lazy(
                        "“%(value)s” is no form of development. Write its code, e.g. seminar, "
                        "workshop, coaching, e-learning, bimtek."
                    ),
                    {"value": values["form"]},
                ),
            )
        if row.errors or person is None or form is None:
            continue
        if _already_recorded(person, form, values):
            row.reject(
                "title",
                Message(
                    gettext_lazy(
                        "This person already has this activity (same form, title and first "
                        "day): it is not recorded twice."
                    )
                ),
            )
            continue
        data = ActivityInput(
            form=form,
            title=values["title"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            jp_claimed=values.get("jp"),
            quantity=values.get("quantity"),
            organiser_name=values.get("organiser") or "",
            cost=values.get("cost") or Decimal(0),
        )
        try:
            with transaction.atomic():
                activity = activity_record(
                    employee=person, data=data, actor=actor, source="import",
                    require_evidence=False,
                )  # fmt: skip
                activity_approve(activity=activity, actor=actor)
        except PermissionDenied:
            row.reject(
                "nip", Message(gettext_lazy("You may not record activities for this person."))
            )
        except DomainError as exc:
            problem = exc.errors[0] if exc.errors else {}
            key = FIELD_COLUMN.get(str(problem.get("field") or ""), "jp")
            row.reject(key, Message("%(text)s", {"text": str(exc.message)}))
        else:
            credited.append(person.nip)
    return sorted(set(credited))


def _already_recorded(person: Employee, form: DevelopmentForm, values: dict[str, Any]) -> bool:
    return (
        Activity.objects.filter(
            employee=person, form=form, start_date=values["start_date"],
            title__iexact=values["title"],
        )
        .filter(Q(status=ActivityStatus.SUBMITTED) | Q(status=ActivityStatus.APPROVED))
        .exists()
    )  # fmt: skip


def count(rows: list[ActivityRow], result: ImportResult, headers: dict[str, str]) -> None:
    for row in rows:
        if row.errors:
            result.rejected += 1
            for key, value, message in row.errors:
                header = headers.get(key) or ACTIVITIES.by_key[key].header
                result.errors.append(RowError(row.row, header, shown(value), message))
        else:
            result.created += 1
    result.errors.sort(key=lambda e: e.row)
    result.errors_total = len(result.errors)


def activities_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of activities."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole "
            "file is refused in that case. Correct the rows listed and upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _(
        "%(total)s rows read: %(created)s activities recorded and approved, %(rejected)s rejected."
    ) % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "rejected": format_number(result.rejected),
    }
    if result.sheet:
        text += " " + _("Sheet read: “%(sheet)s”.") % {"sheet": result.sheet}
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
