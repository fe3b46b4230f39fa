"""National-scale assessments: for the register loaded at the time (4.3 million civil
servants after ``tangguh employees import``), results in the managerial and
socio-cultural competencies every tier's national standard names, over two years,
and the current profile they make.

``tangguh demo --scale national`` runs this after the development step. Six in ten
active civil servants were assessed by an assessment centre last year, in the nine
national competencies (M.01–M.08, S.01), at levels 1 to 4 (spread by a hash of the
person and the code, so a second generation gives the same rows); a third of them
were assessed again this year, one level higher where they fell short of level 3.
About 21 million rows.

PostgreSQL: each year's results are one ``INSERT … SELECT`` over the register (no
round trip per row), then the current levels of the people assessed are rebuilt by
THE RULE in SQL (``DISTINCT ON`` per person and code, ordered by the method's rank,
the date and the id, among results still valid today): the same rule as
``profile.refresh``, which the tests compare it with. Another database: the rows are
written in batches and the profile by ``profile.refresh``. One audit entry
(``competencies.national_load``) records the counts; a second run finds the rows
(their source is ``NATIONAL_SOURCE``) and writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

NATIONAL_SOURCE = "national"
CODES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01")
METHOD = "assessment-centre"
ASSESSED_TENTHS = 6  # people whose id ends in 0-5 (of 10) were assessed last year
RETESTED_THIRDS = 1  # of those, whose id / 10 is divisible by 3 again this year


def generate_national(
    *, seed: int, out: Callable[[str], None], today: date | None = None, **_: Any
) -> dict[str, int]:
    from .models import Assessment

    if Assessment.objects.filter(source=NATIONAL_SOURCE).exists():
        out("Competencies (national): the assessments are already loaded; nothing to do.")
        return {}
    from .demo import ensure_reference_data

    ensure_reference_data()
    today = today or timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            rows, levels = _load_postgresql(today)
        else:
            rows, levels = _load_python(today)
        from tangguh.core.audit import audit_record

        audit_record(
            actor=None,
            action="competencies.national_load",
            data={"assessments": rows, "current_levels": levels},
        )
    out(
        f"Competencies (national): {rows:,} assessments and {levels:,} current levels "
        f"({time.perf_counter() - started:.0f} s)."
    )
    return {"assessments": rows, "current_levels": levels}


def _ids() -> tuple[dict[str, int], int]:
    from .frameworks import current_competencies
    from .models import AssessmentMethod

    competencies = current_competencies(None)
    return (
        {code: competencies[code].pk for code in CODES},
        AssessmentMethod.objects.get(code=METHOD).pk,
    )


def first_level(employee_id: int, order: int) -> int:
    """Last year's level of a person in the ``order``-th code (1 to 4)."""
    return 1 + (employee_id * 7 + order * 13) % 4


def first_day(employee_id: int, order: int, year: int) -> date:
    return date(year, 1, 2) + timedelta(days=(employee_id * 31 + order) % 330)


def retest_day(employee_id: int, today: date) -> date:
    first = date(today.year, 1, 2)
    span = max(1, min((today - first).days, 300))
    return first + timedelta(days=employee_id % span)


def assessed(employee_id: int) -> bool:
    return employee_id % 10 < ASSESSED_TENTHS


def retested(employee_id: int) -> bool:
    return assessed(employee_id) and (employee_id // 10) % 3 < RETESTED_THIRDS


# --- PostgreSQL -------------------------------------------------------------------------

_INSERT = """
INSERT INTO competencies_assessment (employee_id, nip, institution_id, competency_id, code,
    level, assessed_on, method_id, assessor_nip, assessor_name, evidence, evidence_url,
    note, status, void_reason, source, created_at)
SELECT e.id, e.nip, e.institution_id, c.competency_id, c.code, {level}, {day},
    %(method)s, '', '', '', '', '', 'valid', '', %(source)s, now()
FROM people_employee e
CROSS JOIN (SELECT * FROM unnest(%(codes)s::text[], %(competencies)s::bigint[])
    WITH ORDINALITY AS t(code, competency_id, ord)) c
WHERE e.status = 'active' AND {who}
"""
_FIRST_LEVEL = "(1 + (e.id * 7 + c.ord * 13) %% 4)"
_FIRST = _INSERT.format(
    level=_FIRST_LEVEL,
    day="(make_date(%(year)s, 1, 2) + ((e.id * 31 + c.ord) %% 330)::int)",
    who=f"e.id %% 10 < {ASSESSED_TENTHS}",
)
_RETEST = _INSERT.format(
    level=f"least(3, {_FIRST_LEVEL} + 1)",
    day="(make_date(%(year)s, 1, 2) + (e.id %% %(span)s)::int)",
    who=f"e.id %% 10 < {ASSESSED_TENTHS} AND (e.id / 10) %% 3 < {RETESTED_THIRDS} "
    f"AND {_FIRST_LEVEL} < 3",
)
# THE RULE (profile.py) for the people of the national load: among valid results still
# within their method's validity today, the highest rank, then the latest date and id.
_PROFILE = """
DELETE FROM competencies_currentlevel WHERE employee_id IN
    (SELECT DISTINCT employee_id FROM competencies_assessment WHERE source = %(source)s);
INSERT INTO competencies_currentlevel (employee_id, code, level, assessment_id, assessed_on,
    valid_until)
SELECT DISTINCT ON (a.employee_id, a.code) a.employee_id, a.code, a.level, a.id,
    a.assessed_on,
    CASE WHEN m.valid_months IS NULL THEN NULL
         ELSE (a.assessed_on + make_interval(months => m.valid_months))::date END
FROM competencies_assessment a JOIN competencies_assessmentmethod m ON m.id = a.method_id
WHERE a.status = 'valid' AND a.assessed_on <= %(today)s
  AND a.employee_id IN (SELECT employee_id FROM competencies_assessment WHERE source = %(source)s)
  AND (m.valid_months IS NULL
       OR (a.assessed_on + make_interval(months => m.valid_months))::date >= %(today)s)
ORDER BY a.employee_id, a.code, m.rank DESC, a.assessed_on DESC, a.id DESC;
"""


def _load_postgresql(today: date) -> tuple[int, int]:
    competencies, method = _ids()
    params: dict[str, Any] = {
        "codes": list(competencies),
        "competencies": list(competencies.values()),
        "method": method,
        "source": NATIONAL_SOURCE,
        "today": today,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(_FIRST, {**params, "year": today.year - 1})
        rows = cursor.rowcount
        span = max(1, min((today - date(today.year, 1, 2)).days, 300))
        cursor.execute(_RETEST, {**params, "year": today.year, "span": span})
        rows += cursor.rowcount
        cursor.execute("ANALYZE competencies_assessment")
        cursor.execute(_PROFILE, params)
        cursor.execute(
            "SELECT count(*) FROM competencies_currentlevel WHERE employee_id IN "
            "(SELECT DISTINCT employee_id FROM competencies_assessment WHERE source = %s)",
            [NATIONAL_SOURCE],
        )
        levels = int(cursor.fetchone()[0])
    return rows, levels


# --- any other database ----------------------------------------------------------------


def _load_python(today: date) -> tuple[int, int]:
    from tangguh.people.models import Employee, EmploymentStatus

    from .models import Assessment
    from .profile import refresh

    competencies, method = _ids()
    people = Employee.objects.filter(status=EmploymentStatus.ACTIVE).order_by("pk")
    rows = 0
    ids: list[int] = []
    batch: list[Assessment] = []
    for pk, nip, institution_id in people.values_list("pk", "nip", "institution_id").iterator(
        chunk_size=5000
    ):
        if not assessed(pk):
            continue
        ids.append(pk)
        for order, code in enumerate(CODES, start=1):
            level = first_level(pk, order)
            common = {
                "employee_id": pk,
                "nip": nip,
                "institution_id": institution_id,
                "competency_id": competencies[code],
                "code": code,
                "method_id": method,
                "source": NATIONAL_SOURCE,
            }
            batch.append(
                Assessment(**common, level=level, assessed_on=first_day(pk, order, today.year - 1))
            )
            if retested(pk) and level < 3:
                batch.append(
                    Assessment(**common, level=min(3, level + 1), assessed_on=retest_day(pk, today))
                )
        if len(batch) >= 20_000:
            Assessment.objects.bulk_create(batch, batch_size=2000)
            rows += len(batch)
            batch = []
    Assessment.objects.bulk_create(batch, batch_size=2000)
    rows += len(batch)
    return rows, refresh(ids, day=today)
