"""A person's current profile: one level per competency, from their assessments.

**The rule** (docs/competencies.md, "The current profile"): among a person's
assessments of a competency that are valid (not void) and still within their method's
validity on the day, the one whose method ranks highest counts (an assessment centre
outranks a competency test, a 360°, the supervisor's and a self-assessment); among
equal ranks the latest date, then the latest recorded. The ranks and validity are
data (:class:`~tangguh.competencies.models.AssessmentMethod`).

:func:`refresh` rewrites :class:`CurrentLevel` for the people given; every service that
writes an assessment calls it in its own transaction. :func:`levels_as_of` answers
the same rule for any day (gap closure over the years).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from tangguh.core.bulk import insert_rows

from .models import Assessment, AssessmentMethod, AssessmentStatus, CurrentLevel

_CHUNK = 2000


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _methods() -> dict[int, AssessmentMethod]:
    return {m.pk: m for m in AssessmentMethod.objects.all()}


def _valid_until(assessed_on: date, method: AssessmentMethod) -> date | None:
    if method.valid_months is None:
        return None
    return add_months(assessed_on, method.valid_months)


def _best(
    rows: Iterable[tuple[int, int, str, int, date, int]],
    methods: dict[int, AssessmentMethod],
    day: date,
) -> dict[tuple[int, str], tuple[int, date, int, date | None]]:
    """(employee, code) → (level, assessed_on, assessment id, valid until)."""
    best: dict[
        tuple[int, str], tuple[tuple[int, date, int], tuple[int, date, int, date | None]]
    ] = {}
    for pk, employee_id, code, level, assessed_on, method_id in rows:
        if assessed_on > day:
            continue
        method = methods[method_id]
        until = _valid_until(assessed_on, method)
        if until is not None and until < day:
            continue
        key = (method.rank, assessed_on, pk)
        current = best.get((employee_id, code))
        if current is None or key > current[0]:
            best[(employee_id, code)] = (key, (level, assessed_on, pk, until))
    return {k: v[1] for k, v in best.items()}


def _rows(employee_ids: list[int]) -> Iterable[tuple[int, int, str, int, date, int]]:
    return (
        Assessment.objects.filter(employee_id__in=employee_ids, status=AssessmentStatus.VALID)
        .order_by()
        .values_list("pk", "employee_id", "code", "level", "assessed_on", "method_id")
    )


def levels_as_of(employee_ids: Iterable[int], day: date) -> dict[int, dict[str, int]]:
    """Employee id → code → level on ``day`` by the rule (assessments up to that day)."""
    methods = _methods()
    ids = list(dict.fromkeys(employee_ids))
    result: dict[int, dict[str, int]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for (employee_id, code), (level, *_rest) in _best(_rows(chunk), methods, day).items():
            result.setdefault(employee_id, {})[code] = level
    return result


def refresh(employee_ids: Iterable[int], *, day: date | None = None) -> int:
    """Rewrite the current levels of these people (call inside the writer's transaction).

    Returns how many current levels they now have.
    """
    day = day or timezone.localdate()
    ids = list(dict.fromkeys(employee_ids))
    if connection.vendor == "postgresql":
        return _refresh_sql(ids, day)
    methods = _methods()
    written = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        best = _best(_rows(chunk), methods, day)
        CurrentLevel.objects.filter(employee_id__in=chunk).delete()
        _insert_levels(best)
        written += len(best)
    return written


# The rule in one statement (PostgreSQL): per person and code, the valid assessment on
# ``day`` whose method ranks highest, then the latest date, then the latest recorded.
# A date plus whole months ends on the month's last day when the day does not exist
# (31 Jan + 1 month = 28/29 Feb), as :func:`add_months`. tests/competencies/test_profile_sql.py
# holds it to ``_best`` on the same rows.
_REFRESH_SQL = """
INSERT INTO competencies_currentlevel
    (employee_id, code, level, assessment_id, assessed_on, valid_until)
SELECT DISTINCT ON (a.employee_id, a.code)
    a.employee_id, a.code, a.level, a.id, a.assessed_on, u.until
FROM competencies_assessment a
JOIN competencies_assessmentmethod m ON m.id = a.method_id
CROSS JOIN LATERAL (
    SELECT (a.assessed_on + make_interval(months => m.valid_months))::date AS until
) u
WHERE a.employee_id = ANY(%(ids)s) AND a.status = %(valid)s AND a.assessed_on <= %(day)s
  AND (u.until IS NULL OR u.until >= %(day)s)
ORDER BY a.employee_id, a.code, m.rank DESC, a.assessed_on DESC, a.id DESC
"""


def _refresh_sql(ids: list[int], day: date) -> int:
    """:func:`refresh` as two statements: a 100,000-row import's people in one go."""
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM competencies_currentlevel WHERE employee_id = ANY(%(ids)s)", {"ids": ids}
        )
        cursor.execute(
            _REFRESH_SQL, {"ids": ids, "valid": AssessmentStatus.VALID.value, "day": day}
        )
        return cursor.rowcount


_LEVEL_COLUMNS = ("employee_id", "code", "level", "assessment_id", "assessed_on", "valid_until")


def _insert_levels(best: dict[tuple[int, str], tuple[int, date, int, date | None]]) -> None:
    """All rows in one stream (``bulk.insert_rows``; the ORM's bulk_create prepares each
    value through its field: most of a 100,000-row assessment import's refresh)."""
    if not best:
        return
    ops = connection.ops
    days: dict[date | None, Any] = {None: None}

    def day(value: date | None) -> Any:
        if value not in days:
            days[value] = ops.adapt_datefield_value(value)
        return days[value]

    insert_rows(
        CurrentLevel._meta.db_table,
        _LEVEL_COLUMNS,
        (
            (employee_id, code, level, pk, day(assessed_on), day(until))
            for (employee_id, code), (level, assessed_on, pk, until) in best.items()
        ),
    )


def current_levels(employee_id: int) -> dict[str, CurrentLevel]:
    """Code → the person's current level row (expired rows left out: unassessed)."""
    today = timezone.localdate()
    return {
        row.code: row
        for row in CurrentLevel.objects.filter(employee_id=employee_id).select_related(
            "assessment__method"
        )
        if row.valid_until is None or row.valid_until >= today
    }
