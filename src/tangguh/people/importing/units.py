"""The work-unit tree import: read a file of units, judge every row, plan the tree, write it.

A row names a unit by its code (unique within the institution), gives its name and
the code of the unit it belongs to (empty: a top-level unit). The parent may be a
row of the same file or a unit the institution has already. Every problem is
reported on its spreadsheet row: an empty code or name, a code given twice, a
parent that is nowhere, units that are each other's parent (a cycle, named with
every row in it), two units that would have the same full name. A row whose parent
row is rejected is rejected with it, saying why.

Matching: a row is the institution's unit with its code; else a unit without a
code (made by a register import from a name alone) whose full name is the row's,
or, at the top level, whose name is the row's, which so gets its code instead of
a twin; else a new unit. A new name or parent is an update: the full names
(``path``, "Parent / Child") of the unit and of every unit under it follow.

Files of units are small (:data:`MAX_ROWS`): everything is held in memory. Here:
reading, counting and writing; the judgement of the tree is :mod:`.units_plan`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import Table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message
from tangguh.people.models import WorkUnit
from tangguh.people.units_import_spec import UNITS

MAX_ROWS = 20_000
SEPARATOR = " / "  # between the names of a full path: "Badan Kepegawaian / Bidang Mutasi"

Node = tuple[str, int]  # ("r", row number) for a row of the file, ("u", pk) for a stored unit


@dataclass
class UnitRow:
    """One filled row of the file, and what the plan decides for it."""

    row: int
    raw: dict[str, Any]
    code: str | None = None
    name: str | None = None
    parent_code: str | None = None
    errors: list[tuple[str, Any, Message | str]] = field(default_factory=list)
    unit_id: int | None = None  # the stored unit it is (by code, or adopted)
    adopted: bool = False
    parent: Node | None = None
    path: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def reject(self, key: str, message: Message | str) -> None:
        self.errors.append((key, self.raw.get(key), message))


@dataclass(frozen=True)
class Stored:
    pk: int
    code: str
    name: str
    path: str
    parent_id: int | None


@dataclass
class Plan:
    """What the import does: rows created or updated, and stored units whose path follows."""

    rows: list[UnitRow]
    units: dict[int, Stored]
    paths: dict[int, str] = field(default_factory=dict)  # stored pk -> its new path
    parents: dict[int, Node | None] = field(default_factory=dict)  # stored pk -> new parent

    @property
    def good(self) -> list[UnitRow]:
        return [r for r in self.rows if r.ok]


# --- reading -----------------------------------------------------------------------


def read_rows(table: Table, result: ImportResult, filename: str) -> list[UnitRow]:
    """The filled rows of ``table``, each parsed by the spec's rules; counts blank rows."""
    columns = table.header.columns
    rows: list[UnitRow] = []
    pending_blank = 0
    for row_no, cells in table.rows:
        if is_blank_row(cells):
            pending_blank += 1  # trailing blank rows are not "skipped", just the end
            continue
        result.skipped += pending_blank
        pending_blank = 0
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                Message(
                    _(
                        "“%(name)s” has more than %(limit)s rows, while an institution has far "
                        "fewer work units: is it the work-unit file? Split it, or upload the "
                        "units of one institution."
                    ),
                    {"name": filename, "limit": MAX_ROWS},
                )
            )
        rows.append(_parse(row_no, cells, columns))
    result.total_rows = len(rows)
    if not rows:
        raise ImportFileError(
            Message(
                _(
                    "“%(name)s” has a header row (row %(row)s) but no rows of data under it. Fill "
                    "in one work unit per row below the header, then upload the file again."
                ),
                {"name": filename, "row": table.header_row},
            )
        )
    return rows


def _parse(row_no: int, cells: list[Any], columns: dict[str, int]) -> UnitRow:
    raw = {
        key: cells[i] if (i := columns.get(key)) is not None and i < len(cells) else None
        for key in UNITS.by_key
    }
    row = UnitRow(row_no, raw)
    for key, column in UNITS.by_key.items():
        try:
            setattr(row, key, column.rule(raw[key]) if column.rule else raw[key])
        except ParseError as exc:
            row.reject(key, exc.as_message())
    if row.code is None and not any(k == "code" for k, _v, _m in row.errors):
        row.reject(
            "code",
            Message(
                _("The unit code is empty. Type the code the institution gives the work unit.")
            ),
        )
    if row.name is None and not any(k == "name" for k, _v, _m in row.errors):
        row.reject("name", Message(_("The unit name is empty. Type the name of the work unit.")))
    return row


# --- counting and writing ----------------------------------------------------------


def count(plan: Plan, result: ImportResult, headers: dict[str, str]) -> None:
    """Created, updated and unchanged rows; rejected rows and every problem, by row.

    ``headers``: the file's header of each column (the template's when it has none)."""
    rows = {r.row: r for r in plan.good}
    for row in rows.values():
        if row.unit_id is None:
            result.created += 1
        elif _changes(plan, row, rows, counted=True):
            result.updated += 1
        else:
            result.unchanged += 1
    for row in plan.rows:
        if row.errors:
            result.rejected += 1
        for key, value, message in row.errors:
            header = headers.get(key) or UNITS.by_key[key].header
            result.errors.append(RowError(row.row, header, shown(value), message))
    result.errors.sort(key=lambda e: e.row)
    result.errors_total = len(result.errors)


def _changes(plan: Plan, row: UnitRow, rows: dict[int, UnitRow], *, counted: bool = False) -> bool:
    """Whether the row's stored unit changes. ``counted``: whether the row is an update,
    which a full name that follows a unit above does not make."""
    unit = plan.units[row.unit_id]  # type: ignore[index]
    return (
        row.adopted
        or unit.name != row.name
        or (not counted and unit.path != row.path)
        or unit.parent_id != _parent_pk(row, rows, {})
    )


_NOT_YET = -1


def _parent_pk(row: UnitRow, rows: dict[int, UnitRow], created: dict[int, int]) -> int | None:
    """The stored pk of the row's parent (a new one: from ``created``, or :data:`_NOT_YET`)."""
    parent = row.parent
    if parent is None:
        return None
    kind, key = parent
    if kind == "u":
        return key
    target = rows[key]
    if target.unit_id is not None:
        return target.unit_id
    return created.get(key, _NOT_YET)


def write(plan: Plan, institution: Any) -> int:
    """Write the plan (inside the caller's transaction); the number of units not in the
    file whose full name followed a moved or renamed unit above them."""
    rows = {r.row: r for r in plan.good}
    changing = [r for r in rows.values() if r.unit_id is not None and _changes(plan, r, rows)]
    # Every path that changes is parked first, so that two units may swap names.
    parking = uuid.uuid4().hex
    parked = [r.unit_id for r in changing if r.unit_id is not None] + list(plan.paths)
    WorkUnit.objects.bulk_update(
        [WorkUnit(pk=pk, path=f"{parking}:{pk}") for pk in parked], ["path"], batch_size=500
    )
    created: dict[int, int] = {}
    pending = [r for r in rows.values() if r.unit_id is None]
    while pending:
        # Parents first: a level of the tree at a time.
        ready = [r for r in pending if _parent_pk(r, rows, created) != _NOT_YET]
        if not ready:
            raise RuntimeError("work units: a new unit's parent is never created")
        units = WorkUnit.objects.bulk_create(
            [
                WorkUnit(
                    institution=institution,
                    code=r.code or "",
                    name=r.name or "",
                    path=r.path,
                    parent_id=_parent_pk(r, rows, created),
                )
                for r in ready
            ],
            batch_size=500,
        )
        created.update((r.row, u.pk) for r, u in zip(ready, units, strict=True))
        pending = [r for r in pending if r.row not in created]
    WorkUnit.objects.bulk_update(
        [
            WorkUnit(
                pk=r.unit_id,
                code=r.code or "",
                name=r.name or "",
                path=r.path,
                parent_id=_parent_pk(r, rows, created),
            )
            for r in changing
        ],
        ["code", "name", "path", "parent"],
        batch_size=500,
    )
    WorkUnit.objects.bulk_update(
        [WorkUnit(pk=pk, path=path) for pk, path in plan.paths.items()], ["path"], batch_size=500
    )
    return len(plan.paths)


def stored_units(institution: Any) -> list[Stored]:
    """The institution's units as the plan reads them."""
    fields = ("pk", "code", "name", "path", "parent_id")
    return [
        Stored(*values)
        for values in WorkUnit.objects.filter(institution=institution).values_list(*fields)
    ]
