"""The import of an assessment batch: read, judge every row, write, refresh the profiles.

Each row is one person of the institution (by NIP), one competency code of the
dictionaries in force there, a level, a date, a method and the assessor. Every row is
judged before anything is written, by the same rules as the form
(:func:`.services_assessments.check_rules`: the level, a date in the future,
separation of duties) plus what only a file can get wrong (an unknown code or method,
a NIP of another institution, the same assessment twice). Every problem is reported on
its spreadsheet row and column with a sentence.

All or nothing with ``strict`` (the page always): any bad row refuses the whole file.
Without it (the command line's default, as ``tangguh employees import``) the good rows
are written and the bad ones reported. A dry run judges and counts, writes nothing.
The good rows are written in bulk, then :func:`.profile.refresh` rewrites the
profiles of the people they concern, and one audit entry names them, all in one
transaction. Built for an assessment centre's batch of 100,000 rows
(``bench/bench_assessments_import.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.bulk import insert_rows
from tangguh.core.formatting import format_number
from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import Table, open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, EmploymentStatus

from . import profile
from .assessments_import_spec import ASSESSMENTS
from .frameworks import current_competencies
from .models import Assessment, AssessmentMethod, AssessmentStatus, Competency
from .services_assessments import check_rules, may_record

MAX_ROWS = 200_000
MAX_ERRORS = 200_000
_CHUNK = 2000
REQUIRED = {
    "nip": gettext_lazy("The NIP is empty. Type the person's 18-digit NIP."),
    "code": gettext_lazy("The competency code is empty. Write it as the dictionary does, e.g. M.01."),
    "level": gettext_lazy("The level is empty. Write a whole number from 1 to 5."),
    "assessed_on": gettext_lazy("The assessment date is empty."),
    "method": gettext_lazy("The method is empty. Write its code, e.g. assessment-centre."),
}  # fmt: skip
# The service's field → the column that carries it.
FIELD_COLUMN = {"assessor_nip": "assessor_nip", "nip": "nip", "level": "level",
                "assessed_on": "assessed_on"}  # fmt: skip
_METHOD_WORDS = {
    "assessment center": "assessment-centre",
    "assessment centre": "assessment-centre",
    "ac": "assessment-centre",
    "uji kompetensi": "competency-test",
    "sertifikasi": "certification",
    "360°": "360",
    "360 derajat": "360",
    "atasan": "supervisor",
    "penilaian atasan": "supervisor",
    "mandiri": "self",
    "penilaian mandiri": "self",
    "self-assessment": "self",
    "self assessment": "self",
}


class _Rollback(Exception):
    """Undoes a dry run's writes, or a strict import's with bad rows."""


@dataclass
class AssessmentRow:
    row: int
    values: dict[str, Any]
    raw: dict[str, Any]
    errors: list[tuple[str, Any, Message]] = field(default_factory=list)

    def reject(self, key: str, message: Message) -> None:
        self.errors.append((key, self.raw.get(key), message))


def may_import(actor: Any, institution: Institution) -> bool:
    """Staff who add assessments in ``institution`` (the system: always)."""
    if actor is None:
        return True
    probe = Employee(institution_id=institution.pk)
    return may_record(actor, probe)


def import_assessments(
    *,
    source: Any,
    filename: str,
    institution: Institution,
    actor: Any,
    dry_run: bool = False,
    strict: bool = True,
) -> ImportResult:
    """Import a batch of assessments into ``institution``; see the module's docstring.

    Raises PermissionDenied for a role that may not, :class:`ImportFileError` for a
    file that cannot be read as a whole (nothing is written then)."""
    if not may_import(actor, institution):
        raise PermissionDenied
    with open_table(source, filename, spec=ASSESSMENTS) as table:
        result = ImportResult(
            headers=list(table.header.headers),
            ignored_columns=[h for _i, h in table.header.ignored],
            dry_run=dry_run,
            strict=strict,
            sheet=table.sheet,
        )
        rows = read_rows(table, result, filename)
        headers = {key: table.header.headers[i] for key, i in table.header.columns.items()}
    good = judge(rows, institution, actor)
    count(rows, result, headers)
    if (strict and result.rejected) or not good:
        result.file_rejected = bool(strict and result.rejected)
        result.created = 0 if result.file_rejected else result.created
        return result
    if dry_run:
        return result
    with transaction.atomic():
        write(good, institution, actor, filename, result)
    return result


# --- reading -----------------------------------------------------------------------


def read_rows(table: Table, result: ImportResult, filename: str) -> list[AssessmentRow]:
    columns = table.header.columns
    specs = ASSESSMENTS.by_key
    positions = [(key, columns.get(key), specs[key].rule) for key in specs]
    # Few distinct values in most columns (codes, levels, dates, methods): each parsed once.
    caches: dict[str, dict[Any, Any]] = {key: {} for key in specs}
    rows: list[AssessmentRow] = []
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
        raw: dict[str, Any] = {}
        values: dict[str, Any] = {}
        row = AssessmentRow(row_no, values, raw)
        width = len(cells)
        for key, i, rule in positions:
            cell = cells[i] if i is not None and i < width else None
            raw[key] = cell
            cache = caches[key]
            cacheable = type(cell) in _CACHEABLE
            hit = cache.get(cell, cache) if cacheable else cache
            if hit is not cache:
                if isinstance(hit, Message):
                    row.reject(key, hit)
                else:
                    values[key] = hit
                continue
            try:
                value = rule(cell) if rule else cell
            except ParseError as exc:
                message = exc.as_message()
                row.reject(key, message)
                if cacheable and len(cache) < 10_000:
                    cache[cell] = message
                continue
            values[key] = value
            if cacheable and len(cache) < 10_000 and key not in ("note", "assessor_name"):
                cache[cell] = value
        rejected = {k for k, _v, _m in row.errors}
        for key, required in REQUIRED.items():
            if values.get(key) is None and key not in rejected:
                row.reject(key, Message(required))
        rows.append(row)
    result.total_rows = len(rows)
    if not rows:
        raise ImportFileError(
            ASSESSMENTS.message("no_rows") % {"name": filename, "row": table.header_row}
        )
    return rows


# Cell types a cache may key on (not bool: True would meet 1; an exact type check, as
# this runs for every cell of a 100,000-row batch).
_CACHEABLE = frozenset({str, int, float, date, type(None)})


# --- judging -------------------------------------------------------------------------


def find_method(text: str, methods: list[AssessmentMethod]) -> AssessmentMethod | None:
    wanted = " ".join(text.strip().casefold().split())
    wanted = _METHOD_WORDS.get(wanted, wanted)
    for method in methods:
        if wanted in (method.code, method.name.casefold(), method.name_en.casefold()):
            return method
    return None


def _people(nips: set[str], institution: Institution) -> dict[str, tuple[int, str]]:
    """NIP → (employee id, status) for the institution's people among ``nips``."""
    found: dict[str, tuple[int, str]] = {}
    ordered = sorted(nips)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        for pk, nip, status in Employee.objects.filter(
            institution_id=institution.pk, nip__in=chunk
        ).values_list("pk", "nip", "status"):
            found[nip] = (pk, status)
    return found


def _assessors(nips: set[str]) -> dict[str, int]:
    ordered = sorted(nips)
    found: dict[str, int] = {}
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.update(
            {nip: pk for pk, nip in Employee.objects.filter(nip__in=chunk).values_list("pk", "nip")}
        )
    return found


def _recorded(employee_ids: set[int]) -> set[tuple[int, str, date, int]]:
    """(employee, code, date, method) of the valid assessments these people have."""
    ordered = sorted(employee_ids)
    keys: set[tuple[int, str, date, int]] = set()
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        keys.update(
            Assessment.objects.filter(employee_id__in=chunk, status=AssessmentStatus.VALID)
            .order_by()
            .values_list("employee_id", "code", "assessed_on", "method_id")
        )
    return keys


@dataclass(frozen=True)
class GoodRow:
    employee_id: int
    nip: str
    competency: Competency
    level: int
    assessed_on: date
    method: AssessmentMethod
    assessor_id: int | None
    assessor_nip: str
    assessor_name: str
    evidence_url: str
    note: str


def judge(rows: list[AssessmentRow], institution: Institution, actor: Any) -> list[GoodRow]:
    """Judge every row (in file order); the good ones, ready to write."""
    in_force = current_competencies(institution.pk)
    methods = list(AssessmentMethod.objects.all())
    method_of: dict[str, AssessmentMethod | None] = {}
    people = _people({r.values["nip"] for r in rows if r.values.get("nip")}, institution)
    assessors = _assessors({r.values["assessor_nip"] for r in rows if r.values.get("assessor_nip")})
    recorded = _recorded({pk for pk, _status in people.values()})
    seen: dict[tuple[int, str, date, int], int] = {}
    today = timezone.localdate()
    codes_hint = ", ".join(list(in_force)[:12])
    good: list[GoodRow] = []
    for row in rows:
        values = row.values
        nip, code = values.get("nip"), values.get("code")
        person = people.get(nip) if nip else None
        if nip and person is None:
            row.reject(
                "nip",
                Message(
                    gettext_lazy("No civil servant of %(institution)s has this NIP."),
                    {"institution": institution.name},
                ),
            )
        elif person is not None and person[1] != EmploymentStatus.ACTIVE:
            row.reject("nip", Message(gettext_lazy("This person is not an active civil servant.")))
        competency = in_force.get(code) if code else None
        if code and competency is None:
            row.reject(
                "code",
                Message(
                    gettext_lazy(
                        "“%(code)s” is not a competency code of the dictionaries in force "
                        "here (e.g. %(codes)s)."
                    ),
                    {"code": code, "codes": codes_hint},
                ),
            )
        method = None
        if values.get("method"):
            text = values["method"]
            if text not in method_of:
                method_of[text] = find_method(text, methods)
            method = method_of[text]
            if method is None:
                row.reject(
                    "method",
                    Message(
                        gettext_lazy(
                            "“%(value)s” is no assessment method. Write one of: %(codes)s."
                        ),
                        {"value": text, "codes": ", ".join(m.code for m in methods)},
                    ),
                )
        if method is not None and nip:
            assessor_nip = values.get("assessor_nip") or ""
            for field, sentence in check_rules(
                person_nip=nip,
                level=values.get("level") or 1,
                assessed_on=values.get("assessed_on"),
                method=method,
                assessor_nip=assessor_nip,
                assessor_name=values.get("assessor_name") or "",
                actor=actor,
                today=today,
            ):
                row.reject(
                    FIELD_COLUMN.get(field, "nip"), Message("%(text)s", {"text": str(sentence)})
                )
        if row.errors or person is None or competency is None or method is None:
            continue
        same = (person[0], competency.code, values["assessed_on"], method.pk)
        if same in recorded:
            row.reject(
                "code",
                Message(gettext_lazy("This assessment is recorded already (same person, code, date and method).")),
            )  # fmt: skip
            continue
        if same in seen:
            row.reject(
                "code",
                Message(
                    gettext_lazy("Row %(row)s has the same person, code, date and method."),
                    {"row": seen[same]},
                ),
            )
            continue
        seen[same] = row.row
        assessor_nip = str(nip) if method.is_self else str(values.get("assessor_nip") or "")
        good.append(
            GoodRow(
                employee_id=person[0],
                nip=str(nip),
                competency=competency,
                level=values["level"],
                assessed_on=values["assessed_on"],
                method=method,
                assessor_id=person[0] if method.is_self else assessors.get(assessor_nip),
                assessor_nip=assessor_nip,
                assessor_name=values.get("assessor_name") or "",
                evidence_url=values.get("evidence_url") or "",
                note=values.get("note") or "",
            )
        )
    return good


# --- writing ---------------------------------------------------------------------------


def write(
    good: list[GoodRow], institution: Institution, actor: Any, filename: str, result: ImportResult
) -> None:
    """Write the good rows, refresh their people's profiles, audit (caller's transaction)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    _insert(good, institution, user)
    people = sorted({g.employee_id for g in good})
    profile.refresh(people)
    audit_record(
        actor=actor,
        action="competencies.assessments_import",
        institution=institution.pk,
        nips=sorted({g.nip for g in good}),
        data={"file": filename, **result.counts()},
    )


# The columns written, in order; the rest keep their defaults (no evidence file, valid).
_COLUMNS = (
    "employee_id", "nip", "institution_id", "competency_id", "code", "level", "assessed_on",
    "method_id", "assessor_id", "assessor_nip", "assessor_name", "evidence", "evidence_url",
    "note", "status", "void_reason", "source", "created_at", "created_by_id",
)  # fmt: skip


def _insert(good: list[GoodRow], institution: Institution, user: Any) -> None:
    """All rows in one stream (``bulk.insert_rows``): the ORM's bulk_create prepares every
    value of every row through its field (about 80 % of the import's time at 100,000
    rows); the values here are already checked and of the column's type."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    days: dict[date, Any] = {}
    user_id = getattr(user, "pk", None)
    valid = AssessmentStatus.VALID.value

    def values(g: GoodRow) -> tuple[Any, ...]:
        day = days.get(g.assessed_on)
        if day is None:
            day = days[g.assessed_on] = ops.adapt_datefield_value(g.assessed_on)
        return (
            g.employee_id, g.nip, institution.pk, g.competency.pk, g.competency.code, g.level,
            day, g.method.pk, g.assessor_id, g.assessor_nip, g.assessor_name[:200], "",
            g.evidence_url, g.note, valid, "", "import", now, user_id,
        )  # fmt: skip

    insert_rows(Assessment._meta.db_table, _COLUMNS, (values(g) for g in good))


def count(rows: list[AssessmentRow], result: ImportResult, headers: dict[str, str]) -> None:
    for row in rows:
        if row.errors:
            result.rejected += 1
            for key, value, message in row.errors:
                result.errors_total += 1
                if len(result.errors) < MAX_ERRORS:
                    header = headers.get(key) or ASSESSMENTS.by_key[key].header
                    result.errors.append(RowError(row.row, header, shown(value), message))
        else:
            result.created += 1
    result.errors.sort(key=lambda e: e.row)


def assessments_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of assessments."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole "
            "file is refused in that case. Correct the rows listed and upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _("%(total)s rows read: %(created)s assessments recorded, %(rejected)s rejected.") % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "rejected": format_number(result.rejected),
    }
    if result.sheet:
        text += " " + _("Sheet read: “%(sheet)s”.") % {"sheet": result.sheet}
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
