"""The import of a budget sheet: read, judge every row, write all of it or nothing.

Each row is a revision of one institution's budget for one year, entered by the
importer and awaiting approval by another person (as on screen). A row is refused,
with its row, column and a sentence, when a cell cannot be read, the institution is
unknown or outside the importer's scope, the year is far outside, the allocation
exceeds the total, an initial budget is given for a year already approved, or the
same institution and year appear twice. Any refused row refuses the whole file:
budgets are figures an administrator approves one by one, so a partial file would
only confuse. A dry run judges and counts without writing.
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
from tangguh.core.scoping import has_permission, institution_ids_in_scope
from tangguh.institutions.models import Institution

from .budgets_import_spec import BUDGETS
from .models import Budget, BudgetRevision, RevisionKind
from .services_budgets import Figures, _create, _initial_allowed, figures_problems

MAX_ROWS = 5_000  # 552 institutions a year: a file is small
_REQUIRED = {
    "institution": gettext_lazy("The institution code is empty."),
    "fiscal_year": gettext_lazy("The fiscal year is empty."),
    "kind": gettext_lazy("The kind of revision is empty: write APBD, APBD-P or Pergeseran."),
    "total_budget": gettext_lazy("The total budget is empty."),
    "development_allocation": gettext_lazy("The allocation to competency development is empty."),
}


@dataclass
class BudgetRow:
    row: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, Message | str]] = field(default_factory=list)
    institution: Institution | None = None

    def reject(self, key: str, message: Message | str) -> None:
        self.errors.append((key, message))


def may_import_budgets(actor: Any) -> bool:
    return has_permission(actor, BudgetRevision, "add")


def budgets_import(
    *, source: Any, filename: str, actor: Any, dry_run: bool = False
) -> ImportResult:
    """Import a budget sheet (path or binary file object): every row or none.

    Raises :class:`ImportFileError` for a file that cannot be read as a whole,
    ``PermissionDenied`` for a role that enters no budgets.
    """
    if not may_import_budgets(actor):
        raise PermissionDenied(_("You may not enter budgets."))
    with open_table(source, filename, spec=BUDGETS) as table:
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
        _judge(rows, actor)
        _count(rows, result, headers)
        if result.rejected:
            result.file_rejected = True
            result.created = 0
            return result
        if not dry_run:
            _write(rows, actor)
            audit_record(
                actor=actor,
                action="development.budget_import",
                institution=getattr(actor, "institution_id", None),
                data={"file": filename, **result.counts()},
            )
    return result


def _read(table: Any, result: ImportResult, filename: str) -> list[BudgetRow]:
    columns = table.header.columns
    rows: list[BudgetRow] = []
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
                        "“%(name)s” has more than %(limit)s rows: a budget sheet has one row "
                        "per institution and year. Is it the right file?"
                    ),
                    {"name": filename, "limit": MAX_ROWS},
                )
            )
        raw = {
            key: cells[i] if (i := columns.get(key)) is not None and i < len(cells) else None
            for key in BUDGETS.by_key
        }
        row = BudgetRow(row_no, raw)
        for key, column in BUDGETS.by_key.items():
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
                    "institution and year per row, then upload the file again."
                ),
                {"name": filename},
            )
        )
    return rows


def _judge(rows: list[BudgetRow], actor: Any) -> None:
    """The checks that need the database or other rows: scope, duplicates, the rules."""
    codes = {r.values.get("institution") for r in rows if r.values.get("institution")}
    found = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    allowed = institution_ids_in_scope(actor, BudgetRevision, "add")
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        code = row.values.get("institution")
        if code:
            institution = found.get(code)
            if institution is None:
                row.reject(
                    "institution",
                    Message(
                        gettext_lazy("No institution has the code “%(code)s”."), {"code": code}
                    ),
                )
            elif allowed is not None and institution.pk not in allowed:
                row.reject(
                    "institution",
                    Message(
                        gettext_lazy(
                            "%(name)s is outside your scope: you may enter budgets for your "
                            "institution and the institutions below it only."
                        ),
                        {"name": institution.name},
                    ),
                )
            else:
                row.institution = institution
        year = row.values.get("fiscal_year")
        if code and year:
            first = seen.setdefault((code, year), row.row)
            if first != row.row:
                row.reject(
                    "institution",
                    Message(
                        gettext_lazy(
                            "%(code)s, fiscal year %(year)s is already on row %(row)s: one row "
                            "per institution and year."
                        ),
                        {"code": code, "year": year, "row": first},
                    ),
                )
        if row.errors:
            continue
        problems, _total, _allocation = figures_problems(year, _figures(row))
        for problem in problems:
            key = {"fiscal_year": "fiscal_year"}.get(problem["field"], problem["field"])
            row.reject(key if key in BUDGETS.by_key else "institution", str(problem["message"]))
        if not row.errors and year and row.values["kind"] == RevisionKind.INITIAL:
            budget = Budget.objects.filter(institution=row.institution, fiscal_year=year).first()
            if budget is not None:
                for problem in _initial_allowed(budget, RevisionKind.INITIAL):
                    row.reject("kind", str(problem["message"]))


def _figures(row: BudgetRow) -> Figures:
    v = row.values
    return Figures(
        kind=v["kind"],
        total_budget=v["total_budget"],
        development_allocation=v["development_allocation"],
        document=v.get("document") or "",
        effective_date=v.get("effective_date"),
        note=v.get("note") or "",
    )


def _count(rows: list[BudgetRow], result: ImportResult, headers: dict[str, str]) -> None:
    for row in rows:
        if row.errors:
            result.rejected += 1
        else:
            result.created += 1
        for key, message in row.errors:
            header = headers.get(key) or BUDGETS.by_key[key].header
            result.errors.append(RowError(row.row, header, shown(row.raw.get(key)), message))
    result.errors.sort(key=lambda e: e.row)
    result.errors_total = len(result.errors)


def _write(rows: list[BudgetRow], actor: Any) -> None:
    for row in rows:
        assert row.institution is not None
        figures = _figures(row)
        budget, _created = Budget.objects.get_or_create(
            institution=row.institution, fiscal_year=row.values["fiscal_year"]
        )
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        _create(
            budget,
            figures,
            figures.total_budget,
            figures.development_allocation,
            actor,
            "import",
        )


def budgets_import_summary(result: ImportResult) -> str:
    """One readable paragraph about an import of budgets."""
    if result.file_rejected:
        return _(
            "Nothing was imported: %(rejected)s of %(total)s rows have problems and a budget "
            "sheet is imported whole or not at all. Correct the rows listed and upload again."
        ) % {"rejected": format_number(result.rejected), "total": format_number(result.total_rows)}
    text = _(
        "%(total)s rows read: %(created)s revisions to enter, each awaiting approval by an "
        "administrator other than you; %(skipped)s blank rows skipped."
    ) % {
        "total": format_number(result.total_rows),
        "created": format_number(result.created),
        "skipped": format_number(result.skipped),
    }
    if result.dry_run:
        text = _("Dry run, nothing was saved. ") + text
    return text
