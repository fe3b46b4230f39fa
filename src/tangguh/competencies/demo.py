"""The demo's competencies: standards, assessments over two years, plans in every status
and a needs-analysis draft, so that the gap, closure, plan and AKPK screens mean
something (data in ``demo_data.py``).

Step ``competencies`` (order 70, after development, before rankings). Deterministic for
a seed (dates follow the day it runs: the first results fall in the year before, the
reassessments in this year up to today) and idempotent: each piece is keyed (position
items on position and code, the demo's assessments on their source, plans on person
and year, the analysis on institution and year), so a second run writes nothing.

Rows are written with the models in bulk, not through the services (a few seconds on
SQLite: it runs before the end-to-end tests); the profile is rebuilt by
``profile.refresh``, the same code every assessment service calls.

At scale "national" the step adds assessments and current levels for the register
loaded at the time (``generator.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.db import transaction
from django.utils import timezone

from tangguh.core.demo import register_demo_step

from . import demo_data as data

DEMO_SOURCE = "demo"


@register_demo_step("competencies", order=70)
def demo_competencies(
    *, scale: str, seed: int, out: Callable[[str], None], **options: Any
) -> dict[str, int]:
    if scale == "national":
        from .generator import generate_national

        return generate_national(seed=seed, out=out, **options)
    return load_demo(seed=seed, out=out)


def load_demo(
    *, seed: int, out: Callable[[str], None], today: date | None = None
) -> dict[str, int]:
    started = time.perf_counter()
    today = today or timezone.localdate()
    with transaction.atomic():
        ensure_reference_data()
        loader = _Loader(seed=seed, today=today)
        counts = loader.run()
    out(
        "Competencies: {standard_items} standard items, {assessments} assessments "
        "({people} people), {plans} plans, {needs} needs analyses loaded".format_map(counts)
        + f" ({time.perf_counter() - started:.1f} s)."
    )
    return counts


def ensure_reference_data() -> None:
    """The national dictionary, the methods and the default standards the migrations
    ship, again if a flush emptied them. Idempotent."""
    from django.apps import apps

    from .dictionary import install
    from .models import Framework

    if not Framework.objects.filter(owner__isnull=True).exists():
        install(apps)


class _Loader:
    def __init__(self, *, seed: int, today: date) -> None:
        from tangguh.accounts.models import User
        from tangguh.institutions.models import Institution
        from tangguh.people.demo import DEMO_EMPLOYEE_NIP

        from .frameworks import current_competencies
        from .models import AssessmentMethod

        self.rng = Random(f"{seed}:competencies")
        self._read: dict[tuple[str, ...], list[Any]] = {}
        self.today = today
        self.now = timezone.now()
        self.year = today.year
        self.demo_nip = DEMO_EMPLOYEE_NIP
        self.institutions = {
            i.code: i
            for i in Institution.objects.filter(
                code__in={c for c, _s in data.ASSESSED} | {data.ASSESSOR_INSTITUTION}
            )
        }
        self.competencies = current_competencies(None)
        self.methods = {m.code: m for m in AssessmentMethod.objects.all()}
        self.users = {
            u.username: u
            for u in User.objects.filter(username__in=("admin.surabaya", "admin.jatim"))
        }

    def run(self) -> dict[str, int]:
        counts = {"standard_items": self.standards()}
        counts.update(self.assessments())
        counts["plans"] = self.plans()
        counts["needs"] = self.needs()
        return counts

    # --- standards -------------------------------------------------------------------

    def standards(self) -> int:
        from tangguh.people.models import Position

        from .models import StandardItem

        government = self.competencies["P.01"]
        items = []
        for code in data.GOVERNMENT_INSTITUTIONS:
            institution = self.institutions.get(code)
            if institution is None:
                continue
            have = set(
                StandardItem.objects.filter(position__institution=institution).values_list(
                    "position_id", "code"
                )
            )
            for position in Position.objects.filter(institution=institution).order_by("pk"):
                level = _government_level(position.name)
                if level and (position.pk, "P.01") not in have:
                    items.append(
                        StandardItem(
                            institution=institution,
                            position=position,
                            competency=government,
                            code="P.01",
                            required_level=level,
                        )
                    )
        for code, defaults in data.INSTITUTION_DEFAULTS.items():
            institution = self.institutions.get(code)
            if institution is None:
                continue
            for tier, competency_code, level in defaults:
                exists = StandardItem.objects.filter(
                    institution=institution,
                    position__isnull=True,
                    tier=tier,
                    code=competency_code,
                ).exists()
                if not exists:
                    items.append(
                        StandardItem(
                            institution=institution,
                            tier=tier,
                            competency=self.competencies[competency_code],
                            code=competency_code,
                            required_level=level,
                        )
                    )
        StandardItem.objects.bulk_create(items, batch_size=1000)
        return len(items)

    # --- assessments -----------------------------------------------------------------

    def _people(self, codes: list[str]) -> list[Any]:
        """Active civil servants with a position in these institutions (read once)."""
        from tangguh.people.models import Employee, EmploymentStatus

        key = tuple(codes)
        if key not in self._read:
            self._read[key] = list(
                Employee.objects.filter(
                    institution__code__in=codes,
                    status=EmploymentStatus.ACTIVE,
                    position__isnull=False,
                )
                .select_related("position", "institution")
                .only(
                    "id",
                    "nip",
                    "full_name",
                    "institution_id",
                    "institution__code",
                    "position__id",
                    "position__name",
                    "position__kind",
                    "position__institution_id",
                )
                .order_by("nip")
            )
        return self._read[key]

    def assessments(self) -> dict[str, int]:
        from .models import Assessment
        from .profile import refresh
        from .standards import required_levels

        if Assessment.objects.filter(source=DEMO_SOURCE).exists():
            return {"assessments": 0, "people": 0}
        assessors = self._people([data.ASSESSOR_INSTITUTION])[: data.ASSESSORS]
        people = self._people([code for code, _s in data.ASSESSED])
        standards = required_levels({p.position for p in people})
        share = dict(data.ASSESSED)
        rows: list[tuple[Any, ...]] = []
        for person in people:
            required = standards.get(person.position_id, {})
            if not required:
                continue
            if person.nip == self.demo_nip:
                rows += self._demo_person(person, assessors)
                continue
            if self.rng.random() >= share[person.institution.code]:
                continue
            rows += self._two_years(person, required, assessors)
        _insert_assessments(rows)
        assessed = {row[0] for row in rows}
        refresh(assessed, day=self.today)
        return {"assessments": len(rows), "people": len(assessed)}

    def _two_years(self, person: Any, required: dict[str, Any], assessors: list[Any]) -> list[Any]:
        rows = []
        first_day = self._day(self.year - 1)
        first_method = _weighted(self.rng, data.FIRST_METHODS)
        assessor = self._assessor(person, assessors)
        retest = self.rng.random() < data.REASSESSED_SHARE
        retest_day = self._day(self.year)
        retest_method = data.RETEST_METHOD
        for code, requirement in sorted(required.items()):
            level = max(1, requirement.level - self.rng.choice(data.SHORTFALL))
            rows.append(self._row(person, code, level, first_day, first_method, assessor))
            if retest and level < requirement.level:
                rise = min(5, level + self.rng.choice(data.RISE))
                rows.append(self._row(person, code, rise, retest_day, retest_method, assessor))
        return rows

    def _demo_person(self, person: Any, assessors: list[Any]) -> list[Any]:
        assessor = self._assessor(person, assessors)
        first = date(self.year - 1, 9, 15)
        again = min(self.today, date(self.year, 4, 20))
        rows = [
            self._row(person, code, level, first, "assessment-centre", assessor)
            for code, level in data.DEMO_FIRST.items()
        ]
        rows += [
            self._row(person, code, level, again, data.RETEST_METHOD, assessor)
            for code, level in data.DEMO_RETEST.items()
        ]
        return rows

    def _assessor(self, person: Any, assessors: list[Any]) -> Any:
        others = [a for a in assessors if a.pk != person.pk]
        return self.rng.choice(others) if others else None

    def _day(self, year: int) -> date:
        first = date(year, 1, 2)
        last = min(date(year, 11, 30), self.today)
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _row(
        self, person: Any, code: str, level: int, day: date, method: str, assessor: Any
    ) -> tuple[Any, ...]:
        """One assessment in ``ASSESSMENT_COLUMNS``' order."""
        return (
            person.pk,
            person.nip,
            person.institution_id,
            self.competencies[code].pk,
            code,
            level,
            day,
            self.methods[method].pk,
            assessor.pk if assessor else None,
            assessor.nip if assessor else "",
            assessor.full_name if assessor else "",
            DEMO_SOURCE,
            self.now,
        )

    # --- plans -----------------------------------------------------------------------

    def plans(self) -> int:
        from .models import DevelopmentPlan, PlanStatus

        existing = set(
            DevelopmentPlan.objects.filter(year=self.year).values_list("employee_id", flat=True)
        )
        written = 0
        demo = [p for p in self._people(["35.78"]) if p.nip == self.demo_nip]
        for person in demo:
            if person.pk not in existing:
                self._plan(person, PlanStatus.DRAFT, ["M.04", "M.07"])
                written += 1
        for code, statuses in data.PLANS.items():
            planned = DevelopmentPlan.objects.filter(year=self.year, institution__code=code)
            if planned.exclude(nip=self.demo_nip).exists():
                continue  # planned by an earlier run
            candidates = [(p, c) for p, c in self._with_gaps(code) if p.nip != self.demo_nip]
            for status, count in statuses:
                for person, codes in candidates[:count]:
                    self._plan(person, status, codes)
                    written += 1
                candidates = candidates[count:]
        return written

    def _with_gaps(self, institution_code: str) -> list[tuple[Any, list[str]]]:
        """The institution's people with current gaps, and their two largest gaps."""
        from .models import CurrentLevel
        from .standards import required_levels

        people = self._people([institution_code])
        standards = required_levels({p.position for p in people})
        levels: dict[int, dict[str, int]] = {}
        for employee_id, code, level in CurrentLevel.objects.filter(
            employee__in=[p.pk for p in people]
        ).values_list("employee_id", "code", "level"):
            levels.setdefault(employee_id, {})[code] = level
        found = []
        for person in people:
            have = levels.get(person.pk, {})
            gaps = sorted(
                (
                    (have[code] - r.level, code)
                    for code, r in standards.get(person.position_id, {}).items()
                    if code in have and have[code] < r.level and code in data.ACTIVITIES
                ),
            )
            if gaps:
                found.append((person, [code for _g, code in gaps[:2]]))
        return found

    def _plan(self, person: Any, status: str, codes: list[str]) -> None:
        from tangguh.development.models import DevelopmentForm

        from .models import DevelopmentPlan, PlanItem, PlanStatus
        from .standards import required_for

        now = timezone.now()
        approver = self.users.get(
            "admin.surabaya" if person.institution.code == "35.78" else "admin.jatim"
        )
        plan = DevelopmentPlan.objects.create(
            employee=person,
            nip=person.nip,
            institution_id=person.institution_id,
            year=self.year,
            status=status,
            submitted_at=None if status == PlanStatus.DRAFT else now,
            decided_at=now if status in (PlanStatus.APPROVED, PlanStatus.RETURNED) else None,
            decided_by=approver if status in (PlanStatus.APPROVED, PlanStatus.RETURNED) else None,
            decision_note=data.RETURN_NOTE if status == PlanStatus.RETURNED else "",
        )
        forms = dict(DevelopmentForm.objects.values_list("code", "pk"))
        required = required_for(person.position)
        PlanItem.objects.bulk_create(
            [
                PlanItem(
                    plan=plan,
                    competency=self.competencies[code],
                    code=code,
                    target_level=required[code].level if code in required else None,
                    activity=data.ACTIVITIES[code][0],
                    form_id=forms.get(data.ACTIVITIES[code][1]),
                    jp=data.ACTIVITIES[code][2],
                    cost=data.ACTIVITIES[code][3],
                    order=n,
                )
                for n, code in enumerate(codes)
            ]
        )

    # --- the needs analysis ----------------------------------------------------------

    def needs(self) -> int:
        from .frameworks import published_versions, version_label
        from .models import NeedsAnalysis, NeedsLine

        written = 0
        year = self.year + 1  # drafted now for the coming budget year
        for code in data.NEEDS_INSTITUTIONS:
            institution = self.institutions.get(code)
            if (
                institution is None
                or NeedsAnalysis.objects.filter(institution=institution, year=year).exists()
            ):
                continue
            people = self._people([code])
            counts, assessed = self._gap_counts(people)
            analysis = NeedsAnalysis.objects.create(
                institution=institution,
                year=year,
                data_as_of=timezone.now(),
                versions=[version_label(v) for v in published_versions(institution.pk)],
                people_assessed=assessed,
                people_total=len(people),
                created_by=self.users.get("admin.surabaya"),
            )
            ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
            NeedsLine.objects.bulk_create(
                [
                    NeedsLine(
                        analysis=analysis,
                        competency=self.competencies[competency_code],
                        code=competency_code,
                        people=sum(by_gap.values()),
                        by_gap={str(g): n for g, n in sorted(by_gap.items())},
                        estimated_jp=Decimal(data.NEEDS_JP_PER_PERSON),
                        estimated_cost=Decimal(
                            sum(by_gap.values()) * data.NEEDS_JP_PER_PERSON * data.NEEDS_COST_PER_JP
                        ),
                        priority=n + 1,
                    )
                    for n, (competency_code, by_gap) in enumerate(ranked)
                    if competency_code in self.competencies
                ]
            )
            written += 1
        return written

    def _gap_counts(self, people: list[Any]) -> tuple[dict[str, dict[int, int]], int]:
        """code → {gap: people}, and how many of ``people`` have a current level."""
        from .models import CurrentLevel
        from .standards import required_levels

        standards = required_levels({p.position for p in people})
        levels: dict[int, dict[str, int]] = {}
        for employee_id, code, level in CurrentLevel.objects.filter(
            employee__in=[p.pk for p in people]
        ).values_list("employee_id", "code", "level"):
            levels.setdefault(employee_id, {})[code] = level
        counts: dict[str, dict[int, int]] = {}
        for person in people:
            have = levels.get(person.pk, {})
            for code, requirement in standards.get(person.position_id, {}).items():
                if code in have and have[code] < requirement.level:
                    gap = requirement.level - have[code]
                    counts.setdefault(code, {})
                    counts[code][gap] = counts[code].get(gap, 0) + 1
        return counts, sum(1 for p in people if p.pk in levels)


ASSESSMENT_COLUMNS = (
    "employee_id",
    "nip",
    "institution_id",
    "competency_id",
    "code",
    "level",
    "assessed_on",
    "method_id",
    "assessor_id",
    "assessor_nip",
    "assessor_name",
    "source",
    "created_at",
)
# The columns every row leaves empty (no evidence, note or void reason), and valid.
_CONSTANT = {"evidence": "", "evidence_url": "", "note": "", "void_reason": "", "status": "valid"}


def _insert_assessments(rows: list[tuple[Any, ...]]) -> None:
    """The demo's assessments in one ``executemany``: the rows are the demo's own and
    already checked (levels 1–5, codes of the dictionary, no one assessing themselves);
    model instances would cost seconds."""
    from django.db import connection

    from .models import Assessment

    columns = (*ASSESSMENT_COLUMNS, *_CONSTANT)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {Assessment._meta.db_table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    constant = tuple(_CONSTANT.values())
    ops = connection.ops
    day, at = ASSESSMENT_COLUMNS.index("assessed_on"), ASSESSMENT_COLUMNS.index("created_at")
    prepared = []
    for row in rows:
        values = list(row)
        values[day] = ops.adapt_datefield_value(values[day])
        values[at] = ops.adapt_datetimefield_value(values[at])
        prepared.append((*values, *constant))
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[start : start + 5000])


def _government_level(name: str) -> int | None:
    for prefix, level in data.GOVERNMENT_POSITIONS:
        if name.startswith(prefix):
            return level
    return None


def _weighted(rng: Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]
