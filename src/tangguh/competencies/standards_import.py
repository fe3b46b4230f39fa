"""The import of a standards sheet: read, judge every row, write all of it or nothing.

Each row sets one position's own required level of one competency, for the positions
of one institution. A row is refused, with its row, column and a sentence, when a
cell cannot be read or is empty, no position of the institution has that name, the
code is not a competency in force for the institution, the level is outside 1–5, or
the same position and code appear twice. Any refused row refuses the whole file.

A row that asks for the level the position already requires (from its tier's default
or its own item) changes nothing, so a file exported from Tangguh imports back
unchanged, and a level edited in it becomes the position's own item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.formatting import format_number
from tangguh.core.importing import ParseError
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.readers import open_table
from tangguh.core.importing.results import ImportFileError, ImportResult, RowError
from tangguh.core.messages import Message
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution
from tangguh.people.models import Position

from .frameworks import current_competencies
from .models import StandardItem
from .services_standards import apply_levels
from .standards import required_levels
from .standards_import_spec import STANDARDS

MAX_ROWS = 50_000  # a large institution: thousands of positions × a dozen competencies
_REQUIRED = {
    "position": gettext_lazy("The position is empty."),
    "code": gettext_lazy("The competency code is empty."),
    "level": gettext_lazy("The required level is empty: write a whole number from 1 to 5."),
}


@dataclass
class StandardRow:
    row: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, Message | str]] = field(default_factory=list)
    position: Position | None = None
    outcome: str = ""  # "created" | "updated" | "unchanged"

    def reject(self, key: str, message: Message | str) -> None:
        self.errors.append((key, message))


def may_import_standards(actor: Any, institution: Institution) -> bool:
    return may(actor, StandardItem, "change", institution)


def standards_import(
    *,
    source: Any,
    filename: str,
    institution: Institution,
    actor: Any,
    dry_run: bool = False,
) -> ImportResult:
    """Import a standards sheet (path or binary file object) for ``institution``'s
    positions: every row or none.

    Raises :class:`ImportFileError` for a file that cannot be read as a whole,
    ``PermissionDenied`` when ``actor`` may not set the institution's standards.
    """
    if not may_import_standards(actor, institution):
        raise PermissionDenied(_("You may not change this institution's standards."))
    with open_table(source, filename, spec=STANDARDS) as table:
        result = ImportResult(
            headers=list(table.header.headers),
            ignored_columns=[h for _i, h in table.header.ignored],
            dry_run=dry_run,
            strict=True,
            sheet=table.sheet,
        )
        rows = _read(table, result, filename)
        headers = {key: table.header.headers[i] for key, i in table.header.columns.items()}
    with transaction.atomic():
        _judge(rows, institution)
        _count(rows, result, headers)
        if result.rejected:
            result.file_rejected = True
            result.created = result.updated = result.unchanged = 0
            return result
        if not dry_run:
            changed = _write(rows, institution, actor)
            audit_record(
                actor=actor,
                action="competencies.standard_import",
                institution=institution,
                data={"file": filename, "positions": changed, **result.counts()},
            )
    return result


def _read(table: Any, result: ImportResult, filename: str) -> list[StandardRow]:
    columns = table.header.columns
    rows: list[StandardRow] = []
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
                        "“%(name)s” has more than %(limit)s rows: a standards sheet has one "
                        "row per position and competency. Is it the right file?"
                    ),
                    {"name": filename, "limit": format_number(MAX_ROWS)},
                )
            )
        raw = {
            key: cells[i] if (i := columns.get(key)) is not None and i < len(cells) else None
            for key in STANDARDS.by_key
        }
        row = StandardRow(row_no, raw)
        for key, column in STANDARDS.by_key.items():
            try:
                row.values[key] = column.rule(raw[key]) if column.rule else raw[key]
            except ParseError as exc:
                row.reject(key, exc.as_message())
                continue
            if row.values[key] is None and key in _REQUIRED:
                row.reject(key, Message(_REQUIRED[key]))
        rows.append(row)
    result.total_rows = len(rows)
    if not rows:
        raise ImportFileError(
            Message(
                gettext_lazy(
                    "“%(name)s” has a header row but no rows of data under it. Fill in one "
                    "position and competency per row, then upload the file again."
                ),
                {"name": filename},
            )
        )
    return rows


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _judge(rows: list[StandardRow], institution: Institution) -> None:
    """The checks that need the database or other rows: positions, codes, duplicates."""
    positions = list(Position.objects.filter(institution=institution))
    exact = {p.name: p for p in positions}
    folded = {_folded(p.name): p for p in positions}
    competencies = current_competencies(institution.pk)
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        name = row.values.get("position")
        if name:
            row.position = exact.get(name) or folded.get(_folded(name))
            if row.position is None:
                row.reject(
                    "position",
                    Message(
                        gettext_lazy(
                            "%(institution)s has no position named “%(name)s”: a standard is "
                            "set for a position of the register (see the positions page)."
                        ),
                        {"institution": institution.name, "name": name},
                    ),
                )
        code = row.values.get("code")
        if code and code not in competencies:
            row.reject(
                "code",
                Message(
                    gettext_lazy(
                        "“%(code)s” is not a competency in force: see the competency dictionary."
                    ),
                    {"code": code},
                ),
            )
        if row.position is not None and code:
            first = seen.setdefault((row.position.pk, code), row.row)
            if first != row.row:
                row.reject(
                    "code",
                    Message(
                        gettext_lazy(
                            "%(position)s, %(code)s is already on row %(row)s: one row per "
                            "position and competency."
                        ),
                        {"position": row.position.name, "code": code, "row": first},
                    ),
                )
    good = [r for r in rows if not r.errors]
    resolved = required_levels({r.position.pk: r.position for r in good if r.position}.values())
    own = {
        (i.position_id, i.code)
        for i in StandardItem.objects.filter(position__institution=institution).only(
            "position_id", "code"
        )
    }
    for row in good:
        assert row.position is not None
        current = resolved.get(row.position.pk, {}).get(row.values["code"])
        if current is not None and current.level == row.values["level"]:
            row.outcome = "unchanged"
        elif (row.position.pk, row.values["code"]) in own:
            row.outcome = "updated"
        else:
            row.outcome = "created"


def _count(rows: list[StandardRow], result: ImportResult, headers: dict[str, str]) -> None:
    for row in rows:
        if row.errors:
            result.rejected += 1
        else:
            setattr(result, row.outcome, getattr(result, row.outcome) + 1)
        for key, message in row.errors:
            header = headers.get(key) or STANDARDS.by_key[key].header
            result.errors.append(RowError(row.row, header, shown(row.raw.get(key)), message))
    result.errors.sort(key=lambda e: e.row)
    result.errors_total = len(result.errors)


def _write(rows: list[StandardRow], institution: Institution, actor: Any) -> int:
    """Set the changed rows' levels, position by position; how many positions changed."""
    competencies = current_competencies(institution.pk)
    per_position: dict[int, tuple[Position, dict[str, int | None]]] = {}
    for row in rows:
        if row.outcome in ("created", "updated"):
            assert row.position is not None
            entry = per_position.setdefault(row.position.pk, (row.position, {}))
            entry[1][row.values["code"]] = row.values["level"]
    for position, levels in per_position.values():
        existing = {
            i.code: i for i in StandardItem.objects.select_for_update().filter(position=position)
        }
        apply_levels(
            existing,
            levels,
            competencies,
            lambda code, competency, level, position=position: StandardItem(
                institution_id=position.institution_id,
                position=position,
                competency=competency,
                code=code,
                required_level=level,
            ),
            actor,
        )
    return len(per_position)


def standards_import_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of standards."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and a "
            "standards sheet is imported whole or not at all. Correct the rows listed and "
            "upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _(
        "%(total)s rows read: %(created)s levels added to positions, %(updated)s changed, "
        "%(unchanged)s already required as written; %(skipped)s blank rows skipped."
    ) % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "updated": format_number(result.updated),
        "unchanged": format_number(result.unchanged),
        "skipped": format_number(result.skipped),
    }
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
