"""Certification metrics over a period, counted by the nominating institution as
recorded on the participation (``certification.metrics``, the reports' own counts):
distinct schemes, distinct participants, certified participations.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tangguh.certification import metrics as cert
from tangguh.certification.metrics import Period
from tangguh.certification.models import Participation

from .registry import Explanation, Metric, PeriodKind, Unit, register_metric


def _source(ids: Sequence[int]):  # type: ignore[no-untyped-def]
    return Participation.objects.filter(institution_id__in=list(ids))


def _schemes(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: Decimal(n) for pk, n in cert.distinct_schemes(period, _source(ids)).items()}


def _participants(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {pk: Decimal(n) for pk, n in cert.participants(period, _source(ids)).items()}


def _explain_schemes(period: Period, institution_id: int) -> Explanation:
    value = _schemes(period, [institution_id]).get(institution_id, Decimal(0))
    return Explanation(value=value, records=[])  # helper A: one record per scheme


def _explain_participants(period: Period, institution_id: int) -> Explanation:
    value = _participants(period, [institution_id]).get(institution_id, Decimal(0))
    return Explanation(value=value, records=[])  # helper A: one record per person


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
        record_models=("certification.Participation",),
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
        record_models=("certification.Participation",),
        sources=("participations",),
    )
)
