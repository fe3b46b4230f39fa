"""The import of an assessor's spreadsheet into one batch: read, judge every row, write.

A row is one participant (by NIP) and one unit (by code) of the batch's scheme
version, with the recommendation, notes and evidence, and, when the organiser's
operator uploads the file, the assessor who gave it. Every problem is reported on its
spreadsheet row and column with a sentence; a row left as the template made it (no
recommendation, notes or evidence) is skipped, not refused. The rules are those of the
screen (:class:`.services_results.BatchRules`).

All or nothing per row always; ``strict``: any bad row refuses the whole file. A dry
run does everything in a transaction and rolls it back, so its counts are the ones the
import would give. Files are small (a batch has tens of participants): held in memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.formatting import format_number
from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import Table, open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message

from .models import Batch, Participation, UnitResult
from .results_import_spec import RESULTS
from .results_rules import BatchRules, find_assessor, person_name, records_as_assessor
from .services_results import SOURCE_IMPORT, check_recorder, write_result

logger = logging.getLogger(__name__)

MAX_ROWS = 10_000
_ASSESSOR_KEYS = ("assessor_nip", "assessor")


class _DryRun(Exception):
    """Rolls a dry run's writes back."""


@dataclass
class ResultRow:
    row: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, Any, Message]] = field(default_factory=list)
    participation: Participation | None = None
    unit: Any = None
    assessor: Any = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def filled(self) -> bool:
        """Whether someone wrote a result in the row (not only the template's columns)."""
        return any(
            self.values.get(k) or self.raw.get(k) not in (None, "")
            for k in ("recommendation", "notes", "evidence")
        )

    def reject(self, key: str, message: Message) -> None:
        self.errors.append((key, self.raw.get(key), message))


def import_results(
    *,
    batch: Batch,
    source: Any,
    filename: str,
    actor: Any,
    dry_run: bool = False,
    strict: bool = False,
) -> ImportResult:
    """Import a file of recommendations into ``batch``; see the module's docstring.

    Raises PermissionDenied outside the actor's scope, :class:`ImportFileError` for a
    file that cannot be read as a whole (nothing is written then)."""
    check_recorder(batch=batch, actor=actor)
    with open_table(source, filename, spec=RESULTS) as table:
        result = ImportResult(
            headers=list(table.header.headers),
            ignored_columns=[h for _i, h in table.header.ignored],
            dry_run=dry_run,
            strict=strict,
            sheet=table.sheet,
        )
        if not records_as_assessor(actor) and not any(
            k in table.header.columns for k in _ASSESSOR_KEYS
        ):
            raise ImportFileError(
                Message(
                    gettext_lazy(
                        "“%(name)s” has no column for the assessor. When the organiser uploads "
                        "the results, each row names the assessor who gave the recommendation: "
                        "add a column “NIP Asesor” (or “Asesor”, their username), or use the "
                        "template."
                    ),
                    {"name": filename},
                )
            )
        rows = read_rows(table, result, filename)
        headers = {key: table.header.headers[i] for key, i in table.header.columns.items()}
    try:
        with transaction.atomic():
            # One import or entry per batch at a time: the rows are judged as they stand.
            Batch.objects.select_for_update().filter(pk=batch.pk).first()
            rules = BatchRules.load(batch, actor)
            existing = judge(rows, rules)
            count(rows, result, headers, existing)
            if strict and result.rejected:
                result.file_rejected = True
                result.created = result.updated = result.unchanged = 0
                return result
            written = write(rows, existing, actor)
            if written:
                audit_record(
                    actor=actor,
                    action="certification.results_import",
                    target=batch,
                    institution=batch.organiser_id,
                    nips=written,
                    data={"file": filename, "batch": batch.code, **result.counts()},
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except IntegrityError:
        logger.warning("Results import into batch %s collided with another write", batch.pk)
        raise ImportFileError(
            _(
                "The results of %(batch)s changed while this file was being imported. Nothing "
                "was changed: upload the file again."
            )
            % {"batch": batch.code}
        ) from None
    return result


# --- reading -----------------------------------------------------------------------


def read_rows(table: Table, result: ImportResult, filename: str) -> list[ResultRow]:
    """The filled rows of ``table``, each cell parsed by the spec's rule."""
    columns = table.header.columns
    rows: list[ResultRow] = []
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
                        "“%(name)s” has more than %(limit)s rows, while a batch's results take "
                        "far fewer: is it the results file of one batch?"
                    ),
                    {"name": filename, "limit": MAX_ROWS},
                )
            )
        raw = {
            key: cells[i] if (i := columns.get(key)) is not None and i < len(cells) else None
            for key in RESULTS.by_key
        }
        row = ResultRow(row_no, raw)
        for key, column in RESULTS.by_key.items():
            try:
                row.values[key] = column.rule(raw[key]) if column.rule else raw[key]
            except ParseError as exc:
                row.reject(key, exc.as_message())
        rows.append(row)
    result.total_rows = len(rows)
    if not rows:
        raise ImportFileError(
            RESULTS.message("no_rows") % {"name": filename, "row": table.header_row}
        )
    return rows


# --- judging -------------------------------------------------------------------------


def judge(rows: list[ResultRow], rules: BatchRules) -> dict[tuple[int, int], UnitResult]:
    """Fill each row's participation, unit and assessor, or its errors; the stored
    results of the batch by (participation, unit)."""
    batch = rules.batch
    participants = {p.nip: p for p in Participation.objects.filter(batch=batch)}
    existing = {
        (r.participation_id, r.unit_id): r
        for r in UnitResult.objects.filter(participation__batch=batch).select_related(
            "unit", "assessor", "participation"
        )
    }
    assessors: dict[str, Any] = {}
    seen: dict[tuple[str, str], list[ResultRow]] = {}
    for row in rows:
        if not row.filled and not row.errors:
            continue
        values = row.values
        if values.get("recommendation") is None and "recommendation" not in _keys(row):
            row.reject(
                "recommendation",
                Message(gettext_lazy("The recommendation is empty. Write K or BK.")),
            )
        nip, code = values.get("nip"), values.get("unit_code")
        if nip is None and "nip" not in _keys(row):
            row.reject(
                "nip", Message(gettext_lazy("The NIP is empty. Type the participant's NIP."))
            )
        elif nip is not None:
            row.participation = participants.get(nip)
            if row.participation is None:
                row.reject(
                    "nip",
                    Message(
                        gettext_lazy("No participant of the batch %(batch)s has this NIP."),
                        {"batch": batch.code},
                    ),
                )
            elif problem := rules.participation_problem(row.participation):
                row.reject("nip", problem)
        if code is None and "unit_code" not in _keys(row):
            row.reject("unit_code", Message(gettext_lazy("The unit code is empty.")))
        elif code is not None:
            row.unit = rules.units.get(code) or _unit_ignoring_case(rules, code)
            if row.unit is None:
                row.reject(
                    "unit_code",
                    Message(
                        gettext_lazy(
                            "The scheme this batch examines has no unit %(unit)s. Its units: "
                            "%(units)s."
                        ),
                        {"unit": code, "units": ", ".join(sorted(rules.units))},
                    ),
                )
        _judge_assessor(row, rules, assessors)
        if row.participation is not None and row.unit is not None:
            seen.setdefault((row.participation.nip, row.unit.code), []).append(row)
            stored = existing.get((row.participation.pk, row.unit.pk))
            if problem := rules.change_problem(stored, row.assessor):
                row.reject("recommendation", problem)
    for (_nip, unit), same in seen.items():
        if len(same) > 1:
            for row in same:
                others = ", ".join(str(r.row) for r in same if r is not row)
                row.reject(
                    "unit_code",
                    Message(
                        gettext_lazy(
                            "This participant's unit %(unit)s is also in row(s) %(rows)s: keep "
                            "one row per participant and unit."
                        ),
                        {"unit": unit, "rows": others},
                    ),
                )
    return existing


def _keys(row: ResultRow) -> set[str]:
    return {k for k, _v, _m in row.errors}


def _unit_ignoring_case(rules: BatchRules, code: str) -> Any:
    wanted = code.casefold()
    return next((u for c, u in rules.units.items() if c.casefold() == wanted), None)


def _judge_assessor(row: ResultRow, rules: BatchRules, cache: dict[str, Any]) -> None:
    if _keys(row) & set(_ASSESSOR_KEYS):
        return
    named = []
    for key in _ASSESSOR_KEYS:
        value = row.values.get(key)
        if value:
            if value not in cache:
                cache[value] = find_assessor(value)
            if cache[value] is None:
                row.reject(
                    key,
                    Message(
                        gettext_lazy("No assessor account has the NIP or username %(value)s."),
                        {"value": value},
                    ),
                )
                return
            named.append((key, cache[value]))
    if len({a.pk for _k, a in named}) > 1:
        row.reject(
            named[1][0],
            Message(
                gettext_lazy("The NIP and the username name two different assessors: %(names)s."),
                {"names": ", ".join(person_name(a) for _k, a in named)},
            ),
        )
        return
    key = named[0][0] if named else "assessor_nip"
    # An assessor's own file may leave the column empty: the rows are theirs.
    row.assessor = named[0][1] if named else rules.own_assessor
    if row.participation is not None and (
        problem := rules.assessor_problem(row.assessor, row.participation.exam_date)
    ):
        row.reject(key, problem)


# --- counting and writing ----------------------------------------------------------


def count(
    rows: list[ResultRow],
    result: ImportResult,
    headers: dict[str, str],
    existing: dict[tuple[int, int], UnitResult],
) -> None:
    for row in rows:
        if row.errors:
            result.rejected += 1
            for key, value, message in row.errors:
                header = headers.get(key) or RESULTS.by_key[key].header
                result.errors.append(RowError(row.row, header, shown(value), message))
        elif not row.filled:
            result.skipped += 1
        else:
            stored = existing.get((row.participation.pk, row.unit.pk))  # type: ignore[union-attr]
            if stored is None:
                result.created += 1
            elif _same(stored, row):
                result.unchanged += 1
            else:
                result.updated += 1
    result.errors.sort(key=lambda e: e.row)
    result.errors_total = len(result.errors)


def _same(stored: UnitResult, row: ResultRow) -> bool:
    return (
        stored.recommendation == row.values["recommendation"]
        and stored.notes == (row.values.get("notes") or "")
        and stored.evidence == (row.values.get("evidence") or "")
    )


def write(
    rows: list[ResultRow], existing: dict[tuple[int, int], UnitResult], actor: Any
) -> list[str]:
    """Write the good rows (inside the caller's transaction); the NIPs of the
    participants whose results changed."""
    changed: set[str] = set()
    for row in rows:
        if row.errors or not row.filled:
            continue
        participation = row.participation
        assert participation is not None and row.unit is not None
        _saved, change = write_result(
            participation=participation,
            unit=row.unit,
            existing=existing.get((participation.pk, row.unit.pk)),
            recommendation=row.values["recommendation"],
            notes=row.values.get("notes") or "",
            evidence=row.values.get("evidence") or "",
            assessor=row.assessor,
            actor=actor,
            source=SOURCE_IMPORT,
        )
        if change != "unchanged":
            changed.add(participation.nip)
    return sorted(changed)


def results_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of results."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and the whole "
            "file was to be rejected in that case. Correct the rows listed and upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _(
        "%(total)s rows read: %(created)s new recommendations, %(updated)s changed, "
        "%(unchanged)s unchanged, %(rejected)s rejected, %(skipped)s rows without a result "
        "skipped."
    ) % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "updated": format_number(result.updated),
        "unchanged": format_number(result.unchanged),
        "rejected": format_number(result.rejected),
        "skipped": format_number(result.skipped),
    }
    if result.sheet:
        text += " " + _("Sheet read: “%(sheet)s”.") % {"sheet": result.sheet}
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
