"""Certification metrics over a period, counted by the nominating institution as
recorded on the participation (``certification.metrics``, the reports' own counts):
distinct schemes, distinct participants, certified participations.

The explanations read the same participations (``certification.metrics.examined``:
an exam date in the period, withdrawn ones left out) in one query and group them:
one record per scheme, per person or per certified participation, each contributing
1 and listing the participations behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.certification import metrics as cert
from tangguh.certification.metrics import Period
from tangguh.certification.models import Certificate, Outcome, Participation, SchemeVersion

from .registry import Explanation, Metric, PeriodKind, Record, Unit, register_metric

PARTICIPATION = "certification.Participation"


def _source(ids: Sequence[int]) -> QuerySet[Participation]:
    return Participation.objects.filter(institution_id__in=list(ids))


def _schemes(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: Decimal(n) for pk, n in cert.distinct_schemes(period, _source(ids)).items()}


def _participants(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: Decimal(n) for pk, n in cert.participants(period, _source(ids)).items()}


def _certified(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: Decimal(n) for pk, n in cert.certified(period, _source(ids)).items()}


# --- the participations behind a value, read once ------------------------------------


@dataclass
class _Row:
    id: int
    scheme_id: int
    scheme_code: str
    employee_id: int
    nip: str
    name: str
    exam_date: date
    outcome: str


def _examined(period: Period, institution_id: int) -> list[_Row]:
    """The institution's participations that count in ``period``: one query."""
    rows = (
        cert.examined(period, _source([institution_id]))
        .order_by("exam_date", "id")
        .values_list(
            "id",
            "scheme_id",
            "scheme__code",
            "employee_id",
            "nip",
            "holder_name",
            "exam_date",
            "outcome",
        )
    )
    return [_Row(*row) for row in rows]


def scheme_names(ids: Sequence[int]) -> dict[int, str]:
    """``{scheme id: the name of its newest version}`` in one query."""
    names: dict[int, str] = {}
    versions = SchemeVersion.objects.filter(scheme_id__in=list(ids)).order_by(
        "scheme_id", "version"
    )
    for scheme_id, name in versions.values_list("scheme_id", "name"):
        names[scheme_id] = name  # the last one read is the newest
    return names


def person_label(name: str, nip: str) -> str:
    return f"{name} · {nip}"


def _by_label(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.label.casefold(), r.id))


def _explain_schemes(period: Period, institution_id: int) -> Explanation:
    groups: dict[int, list[_Row]] = {}
    for row in _examined(period, institution_id):
        groups.setdefault(row.scheme_id, []).append(row)
    names = scheme_names(list(groups))
    records = [
        Record(
            kind="scheme",
            id=scheme_id,
            contribution=Decimal(1),
            label=names.get(scheme_id) or rows[0].scheme_code,
            source="certification.Scheme",
            details={
                "scheme_code": rows[0].scheme_code,
                "participations": [r.id for r in rows],
                "participants": len({r.employee_id for r in rows}),
            },
        )
        for scheme_id, rows in groups.items()
    ]
    return Explanation(value=Decimal(len(records)), records=_by_label(records))


@dataclass
class _Person:
    name: str
    nip: str
    participations: list[int] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)


def _explain_participants(period: Period, institution_id: int) -> Explanation:
    people: dict[int, _Person] = {}
    for row in _examined(period, institution_id):
        person = people.setdefault(row.employee_id, _Person(row.name, row.nip))
        person.participations.append(row.id)
        if row.scheme_code not in person.schemes:
            person.schemes.append(row.scheme_code)
    records = [
        Record(
            kind="civil_servant",
            id=employee_id,
            contribution=Decimal(1),
            label=person_label(p.name, p.nip),
            source="people.Employee",
            details={"nip": p.nip, "participations": p.participations, "schemes": p.schemes},
        )
        for employee_id, p in people.items()
    ]
    return Explanation(value=Decimal(len(records)), records=_by_label(records))


def _explain_certified(period: Period, institution_id: int) -> Explanation:
    rows = [r for r in _examined(period, institution_id) if r.outcome == Outcome.CERTIFIED]
    behind = cert.examined(period, _source([institution_id])).filter(outcome=Outcome.CERTIFIED)
    numbers: dict[int, Any] = dict(
        Certificate.objects.filter(participation__in=behind.values("id")).values_list(
            "participation_id", "number"
        )
    )
    records = [
        Record(
            kind="participation",
            id=r.id,
            contribution=Decimal(1),
            label=person_label(r.name, r.nip),
            source=PARTICIPATION,
            details={
                "nip": r.nip,
                "scheme_code": r.scheme_code,
                "exam_date": r.exam_date.isoformat(),
                "certificate_number": numbers.get(r.id),
            },
        )
        for r in rows
    ]
    return Explanation(value=Decimal(len(records)), records=_by_label(records))


CERTIFICATION_SCHEMES = register_metric(
    Metric(
        code="certification_schemes",
        label=_("Distinct certification schemes"),
        method=_(
            "The value is the number of different certification schemes in which civil "
            "servants nominated by the institution were examined, with an exam date in "
            "%(period)s. Withdrawn participants are not counted."
        ),
        unit=Unit.COUNT,
        period_kind=PeriodKind.RANGE,
        values=_schemes,
        explain=_explain_schemes,
        record_models=(PARTICIPATION,),
        sources=("participations",),
    )
)

CERTIFICATION_PARTICIPANTS = register_metric(
    Metric(
        code="certification_participants",
        label=_("Certification participants"),
        method=_(
            "The value is the number of different civil servants nominated by the "
            "institution who were examined with an exam date in %(period)s; a person "
            "examined more than once counts once. Withdrawn participants are not counted."
        ),
        unit=Unit.COUNT,
        period_kind=PeriodKind.RANGE,
        values=_participants,
        explain=_explain_participants,
        record_models=(PARTICIPATION,),
        sources=("participations",),
    )
)

CERTIFICATION_CERTIFIED = register_metric(
    Metric(
        code="certification_certified",
        label=_("Certified participants"),
        method=_(
            "The value is the number of participations of civil servants nominated by the "
            "institution, examined with an exam date in %(period)s, that the plenary decided "
            "competent (certified); a person certified in two schemes counts twice. "
            "Withdrawn participants are not counted."
        ),
        unit=Unit.COUNT,
        period_kind=PeriodKind.RANGE,
        values=_certified,
        explain=_explain_certified,
        record_models=(PARTICIPATION,),
        sources=("participations",),
    )
)
