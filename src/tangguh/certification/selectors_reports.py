"""Reads of the certification reports: the figures of ``metrics`` over what a user may read.

Scoping is the one mechanism (docs/permissions.md): the participations counted are
``Participation.objects.restrict(user, "view")`` narrowed to the institutions the
grant gives (a regency its own, a province its tree, the national administrator and
the national auditor all), so a participation counts for the institution that
nominated the person, never for a batch's organiser. Roles that read participations
only as their own (a civil servant, an assessor) read no report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import IntegerField, Max, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from tangguh.core.scoping import Scope, institution_ids_in_scope, scope_for
from tangguh.institutions.models import Institution, InstitutionKind
from tangguh.people.models import Employee

from . import metrics
from .metrics import Coverage, DecisionTimes, PassRate, Period
from .models import Certificate, Participation, ParticipationStatus, SchemeVersion

EXPIRING_DAYS = 90
REPORT_SCOPES = (Scope.ALL, Scope.TREE, Scope.INSTITUTION)


def may_read_reports(user: Any) -> bool:
    """Staff whose grant on participations covers institutions (not only their own rows)."""
    return scope_for(user, Participation, "view") in REPORT_SCOPES


def may_read_expiring(user: Any) -> bool:
    """Staff whose grant on certificates covers institutions (a civil servant reads their
    own on "My certification")."""
    return scope_for(user, Certificate, "view") in REPORT_SCOPES


def report_institution_ids(user: Any) -> frozenset[int] | None:
    """The institutions whose figures ``user`` reads; None means every one."""
    if not may_read_reports(user):
        return frozenset()
    return institution_ids_in_scope(user, Participation, "view")


def reads_everything(user: Any) -> bool:
    return may_read_reports(user) and report_institution_ids(user) is None


def participations_for(user: Any) -> QuerySet[Participation]:
    """The participations counted in ``user``'s reports (by nominating institution)."""
    ids = report_institution_ids(user)
    queryset = Participation.objects.restrict(user, "view")
    return queryset if ids is None else queryset.filter(institution_id__in=ids)


def employees_for(user: Any) -> QuerySet[Employee]:
    """The civil servants counted in ``user``'s camat coverage."""
    ids = report_institution_ids(user)
    queryset = Employee.objects.restrict(user, "view")
    return queryset if ids is None else queryset.filter(institution_id__in=ids)


# --- one line of figures ---------------------------------------------------------------


@dataclass
class Figures:
    """Every figure of one group (an institution, a province, a year, a scheme)."""

    key: Any
    institution: Institution | None = None
    label: str = ""
    code: str = ""
    schemes: int = 0
    participants: int = 0
    certified: int = 0
    passing: PassRate | None = None
    days: DecisionTimes | None = None
    coverage: Coverage | None = None
    children: list[Figures] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passing.rate if self.passing else None

    @property
    def pass_percent(self) -> float | None:
        return None if self.pass_rate is None else 100 * self.pass_rate

    @property
    def within_percent(self) -> float | None:
        return 100 * self.days.within_share if self.days else None

    @property
    def coverage_percent(self) -> float | None:
        rate = self.coverage.rate if self.coverage else None
        return None if rate is None else 100 * rate

    @property
    def name(self) -> str:
        if self.institution is not None:
            return self.institution.name
        return self.label or str(self.key)


def _figures(
    period: Period,
    on: date,
    source: QuerySet[Participation],
    employees: QuerySet[Employee] | None,
    by: metrics.Group,
) -> dict[Any, Figures]:
    """Every metric of ``source`` grouped ``by``, one ``Figures`` per group that has any."""
    rows: dict[Any, Figures] = {}

    def row(key: Any) -> Figures:
        return rows.setdefault(key, Figures(key=key))

    for key, counts in metrics.summary(period, source, by=by).items():
        figures = row(key)
        figures.schemes, figures.participants = counts.schemes, counts.participants
        figures.certified = counts.certified
        if counts.decided:
            figures.passing = PassRate(counts.decided, counts.certified)
    for key, times in metrics.days_to_decision(period, source, by=by).items():
        row(key).days = times
    if employees is not None:
        for key, coverage in metrics.camat_coverage(on, employees, by=by).items():
            row(key).coverage = coverage
    return rows


def _total(
    period: Period, on: date, source: QuerySet[Participation], employees: QuerySet[Employee]
) -> Figures:
    """The figures of everything in ``source`` together (distinct people across groups)."""
    total = _figures(period, on, source, employees, Value(1, output_field=IntegerField())).get(1)
    return total or Figures(key=1)


# --- the pages' reads ------------------------------------------------------------------


@dataclass
class Rollup:
    period: Period
    on: date
    total: Figures
    rows: list[Figures]
    others: list[Figures] = field(default_factory=list)  # ministries and agencies
    partial: bool = False  # the user reads only part of the country


def national_rollup(*, user: Any, period: Period, on: date | None = None) -> Rollup:
    """Figures per province (its own institution and its regencies and cities), and per
    central institution, over what ``user`` reads."""
    on = on or timezone.localdate()
    source = participations_for(user)
    employees = employees_for(user)
    lines = _figures(period, on, source, employees, metrics.REGION)
    names = Institution.objects.in_bulk(list(lines))
    for key, figures in lines.items():
        figures.institution = names.get(key)
    provinces = [f for f in lines.values() if _kind(f) == InstitutionKind.PROVINSI]
    central = [f for f in lines.values() if _kind(f) != InstitutionKind.PROVINSI]
    return Rollup(
        period=period,
        on=on,
        total=_total(period, on, source, employees),
        rows=sorted(provinces, key=_by_code),
        others=sorted(central, key=_by_code),
        partial=not reads_everything(user),
    )


def _kind(figures: Figures) -> str:
    return figures.institution.kind if figures.institution else ""


def _by_code(figures: Figures) -> str:
    return figures.institution.code if figures.institution else ""


def province_rollup(
    *, user: Any, province: Institution, period: Period, on: date | None = None
) -> Rollup:
    """A province's own figures and those of each of its regencies and cities."""
    on = on or timezone.localdate()
    # The tree's ids, not a join to the parent: the (institution, exam date) index serves it.
    tree = [
        province.pk,
        *Institution.objects.filter(parent_id=province.pk).values_list("pk", flat=True),
    ]
    source = participations_for(user).filter(institution_id__in=tree)
    employees = employees_for(user).filter(institution_id__in=tree)
    rows = _figures(period, on, source, employees, "institution_id")
    names = Institution.objects.in_bulk(list(rows))
    for key, figures in rows.items():
        figures.institution = names.get(key)
    return Rollup(
        period=period,
        on=on,
        total=_total(period, on, source, employees),
        rows=sorted(rows.values(), key=_by_code),
        partial=not reads_everything(user)
        and province.pk not in (report_institution_ids(user) or ()),
    )


@dataclass
class InstitutionReport:
    institution: Institution
    period: Period
    on: date
    total: Figures
    years: list[Figures]
    schemes: list[Figures]


def institution_report(
    *, user: Any, institution: Institution, period: Period, on: date | None = None
) -> InstitutionReport:
    """One institution's figures, per year of the period and per scheme."""
    on = on or timezone.localdate()
    source = participations_for(user).filter(institution_id=institution.pk)
    employees = employees_for(user).filter(institution_id=institution.pk)
    total = _figures(period, on, source, employees, "institution_id").get(institution.pk)
    years = _figures(period, on, source, None, ExtractYear("exam_date"))
    for year in range(period.start.year, period.end.year + 1):
        years.setdefault(year, Figures(key=year))
    for key, figures in years.items():
        figures.label = str(key)
    schemes = _figures(period, on, source, None, "scheme_id")
    scheme_names = _scheme_names(list(schemes))
    for key, figures in schemes.items():
        figures.code, figures.label = scheme_names.get(key, (str(key), str(key)))
    return InstitutionReport(
        institution=institution,
        period=period,
        on=on,
        total=total or Figures(key=institution.pk, institution=institution),
        years=[years[k] for k in sorted(years)],
        schemes=sorted(schemes.values(), key=lambda f: f.label),
    )


def _scheme_names(ids: list[int]) -> dict[int, tuple[str, str]]:
    """``{scheme id: (code, name of its newest version)}`` in one query."""
    names = {}
    versions = SchemeVersion.objects.filter(scheme_id__in=ids).select_related("scheme")
    for version in versions.order_by("scheme_id", "version"):
        names[version.scheme_id] = (version.scheme.code, version.name)
    return names


def _codelike(code: str) -> bool:
    """What could be an institution's code: PostgreSQL refuses a NUL in a query (a 500)."""
    return 0 < len(code) <= 16 and code.isprintable()


def reportable_institution(*, user: Any, code: str) -> Institution:
    """The institution whose report ``user`` may read (404 outside the scope)."""
    institution = Institution.objects.filter(code=code).first() if _codelike(code) else None
    ids = report_institution_ids(user)
    if institution is None or (ids is not None and institution.pk not in ids):
        raise Http404
    return institution


def reportable_province(*, user: Any, code: str) -> Institution:
    """A province with at least one institution of its tree in ``user``'s scope (404 else)."""
    province = (
        Institution.objects.filter(code=code, kind=InstitutionKind.PROVINSI).first()
        if _codelike(code)
        else None
    )
    if province is None:
        raise Http404
    ids = report_institution_ids(user)
    if ids is None:
        return province
    tree = Institution.objects.filter(Q(pk=province.pk) | Q(parent_id=province.pk), pk__in=ids)
    if not tree.exists():
        raise Http404
    return province


def own_report_target(user: Any) -> tuple[str, Institution] | None:
    """Where a user's reports start: the national roll-up, their province, or their institution."""
    if reads_everything(user):
        return None
    institution = getattr(user, "institution", None)
    if institution is None:
        return None
    if institution.kind == InstitutionKind.PROVINSI:
        return ("province", institution)
    return ("institution", institution)


# --- certificates expiring ----------------------------------------------------------------


def expiring_certificates(
    *, user: Any, today: date | None = None, days: int = EXPIRING_DAYS
) -> QuerySet[Certificate]:
    """Valid certificates that expire within ``days`` days from ``today``, soonest first,
    that ``user`` may read (by the holder's institution when issued)."""
    today = today or timezone.localdate()
    return (
        Certificate.objects.restrict(user, "view")
        .filter(revoked_at__isnull=True, expires_on__gte=today)
        .filter(expires_on__lte=today + timedelta(days=days))
        .select_related("institution", "scheme", "scheme_version")
        .order_by("expires_on", "number")
    )


def one_per_holder(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """One of ``certificates`` per holder (the audit records each person read once)."""
    last = certificates.order_by().values("nip").annotate(last=Max("pk")).values("last")
    return Certificate.objects.filter(pk__in=last)


# --- the command line's list ------------------------------------------------------------

PARTICIPANT_KEYS = ("batch", "scheme_code", "institution_code", "nip", "exam_date", "outcome")


def participation_rows(
    *, user: Any = None, period: Period | None = None, institution: Institution | None = None
) -> QuerySet:
    """Participations as tuples of ``PARTICIPANT_KEYS`` (withdrawn ones left out, as in every
    figure), by exam date; ``user=None`` is the system (the command line): every row."""
    source = Participation.objects.all() if user is None else participations_for(user)
    if period is not None:
        queryset = metrics.examined(period, source)
    else:
        queryset = source.exclude(status=ParticipationStatus.WITHDRAWN)
    if institution is not None:
        queryset = queryset.filter(institution_id=institution.pk)
    return queryset.order_by("exam_date", "batch__code", "nip").values_list(*_PARTICIPANT_PATHS)


# The model path of each of PARTICIPANT_KEYS, in the same order.
_PARTICIPANT_PATHS = (
    "batch__code",
    "scheme__code",
    "institution__code",
    "nip",
    "exam_date",
    "outcome",
)
