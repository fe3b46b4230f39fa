"""API of the metrics, the award categories, a category's ranking computed from the
records, and one institution's value explained. Read-only, for everyone signed in; the
records behind a value only for those who may read them (``access.may_see_records``).
The same engine as the pages (``ranking.compute``), so the same numbers.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.exceptions import DomainError

from ..access import may_see_records
from ..models import Category, Direction, TieRule
from ..ranking import Definition, check_definition, compute, method_message, period_of
from ..registry import PeriodKind, Unit, all_metrics, get_metric, json_number
from .common import (
    category_or_404,
    competitor_or_404,
    field_error,
    method_text,
    moment,
    period_param,
    records_payload,
)

PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="A year (2022) or two years (2020-2022); blank: the category's own period.",
)


class MetricSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text="In the request's language.")
    unit = serializers.ChoiceField(choices=Unit.choices)
    period_kind = serializers.ChoiceField(
        choices=PeriodKind.choices, help_text="year: one fiscal year only; range: any years."
    )
    decimals = serializers.IntegerField()
    method = serializers.CharField(help_text="How the value is computed; %(period)s stands.")


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the request's language.")
    name_id = serializers.CharField()
    name_en = serializers.CharField()
    description_id = serializers.CharField()
    description_en = serializers.CharField()
    metric = serializers.CharField()
    period = serializers.CharField(help_text="2022 or 2020-2022.")
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    competitor_kinds = serializers.ListField(child=serializers.CharField())
    direction = serializers.ChoiceField(choices=Direction.choices)
    places = serializers.IntegerField()
    tie_rule = serializers.ChoiceField(choices=TieRule.choices)
    minimum_civil_servants = serializers.IntegerField(allow_null=True)
    is_preset = serializers.BooleanField()
    is_active = serializers.BooleanField()

    @staticmethod
    def of(category: Category) -> dict[str, Any]:
        return {
            "code": category.code,
            "name": category.name(),
            "name_id": category.name_id,
            "name_en": category.name_en,
            "description_id": category.description_id,
            "description_en": category.description_en,
            "metric": category.metric,
            "period": str(period_of(category)),
            "first_year": category.first_year,
            "last_year": category.last_year,
            "competitor_kinds": list(category.competitor_kinds or []),
            "direction": category.direction,
            "places": category.places,
            "tie_rule": category.tie_rule,
            "minimum_civil_servants": category.minimum_civil_servants,
            "is_preset": category.is_preset,
            "is_active": category.is_active,
        }


class CategoryDetailSerializer(CategorySerializer):
    metric_label = serializers.CharField(allow_null=True)
    unit = serializers.ChoiceField(choices=Unit.choices, allow_null=True)
    method = serializers.CharField(help_text="The method for the category's period, in words.")


class RankRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="Equal values share a rank (the tie rule).")
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    value = serializers.FloatField(help_text="A whole number when whole (counts, Rupiah).")
    awarded = serializers.BooleanField()


class ExcludedSerializer(serializers.Serializer):
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    civil_servants = serializers.IntegerField(help_text="Below the category's minimum.")


class RankingSerializer(serializers.Serializer):
    category = serializers.CharField()
    name = serializers.CharField()
    metric = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    period = serializers.CharField()
    definition = serializers.DictField(help_text="metric, kinds, direction, places, tie_rule, …")
    method = serializers.CharField()
    computed_at = serializers.DateTimeField()
    rows = RankRowSerializer(many=True, help_text="Every competitor, zero values too.")
    excluded = ExcludedSerializer(many=True)


class RecordSerializer(serializers.Serializer):
    """One record behind a value; the kind's own details follow these keys."""

    kind = serializers.CharField(help_text="budget_revision, scheme, civil_servant, …")
    id = serializers.IntegerField(help_text="The source row's id.")
    contribution = serializers.FloatField(help_text="What it adds to the value (or numerator).")
    label = serializers.CharField()
    source = serializers.CharField(help_text="The source model: certification.Participation, …")


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    count = serializers.IntegerField()


class RecordsSerializer(serializers.Serializer):
    records_visible = serializers.BooleanField(
        help_text="False: the caller may not read the records here; only their counts."
    )
    counts = KindCountSerializer(many=True)
    records = RecordSerializer(many=True, help_text="Empty when records_visible is false.")
    message = serializers.CharField(allow_null=True, help_text="Why the records are not shown.")


class ExplanationSerializer(RecordsSerializer):
    category = serializers.CharField()
    period = serializers.CharField()
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    value = serializers.FloatField()
    numerator = serializers.FloatField(allow_null=True, help_text="A ratio's numerator.")
    denominator = serializers.FloatField(allow_null=True, help_text="A ratio's denominator.")
    denominator_label = serializers.CharField(allow_blank=True)
    total = serializers.FloatField(
        help_text="The sum of the contributions: the value, or the numerator of a ratio."
    )
    method = serializers.CharField()


def metric_row(code: str) -> dict[str, Any]:
    metric = get_metric(code)
    return {
        "code": metric.code,
        "label": str(metric.label),
        "unit": metric.unit,
        "period_kind": metric.period_kind,
        "decimals": metric.decimals,
        "method": str(metric.method),
    }


class MetricListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: every metric a category can rank by."""

    scoped_model = Category  # who may read categories may read what they rank by
    serializer_class = MetricSerializer
    pagination_class = None  # a handful, defined in code

    @extend_schema(responses={200: MetricSerializer(many=True), **error_responses(403)})
    def get(self, request: Request) -> Response:
        return Response([metric_row(m.code) for m in sorted(all_metrics(), key=lambda m: m.code)])


class CategoryListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: every award category, the latest period first."""

    scoped_model = Category
    serializer_class = CategorySerializer

    @extend_schema(responses={200: CategorySerializer(many=True), **error_responses(403, 404)})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("-last_year", "code"))
        return self.get_paginated_response([CategorySerializer.of(c) for c in page])


class CategoryDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: one category's definition and its method in words."""

    scoped_model = Category
    serializer_class = CategoryDetailSerializer

    @extend_schema(responses={200: CategoryDetailSerializer, **error_responses(403, 404)})
    def get(self, request: Request, code: str) -> Response:
        category = category_or_404(self.get_queryset(), code)
        data = CategorySerializer.of(category)
        try:
            metric = get_metric(category.metric)
        except DomainError:  # a category naming a metric since removed: still described
            data.update(metric_label=None, unit=None, method="")
            return Response(data)
        method = method_message(Definition.of(category), metric, period_of(category))
        data.update(metric_label=str(metric.label), unit=metric.unit, method=method_text(method))
        return Response(data)


class RankingAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: the category's ranking for a period, computed from the records now: every
    competitor with its value (zero too), its rank and whether it wins a place."""

    scoped_model = Category
    serializer_class = RankingSerializer
    pagination_class = None  # every competitor: a bounded list (552 regions at most)

    @extend_schema(
        parameters=[PERIOD], responses={200: RankingSerializer, **error_responses(400, 403, 404)}
    )
    def get(self, request: Request, code: str) -> Response:
        category = category_or_404(self.get_queryset(), code)
        period = period_param(request, category)
        try:
            ranking = compute(Definition.of(category), period)
        except DomainError as error:
            raise _as_period_error(error) from None
        return Response(
            {
                "category": category.code,
                "name": category.name(),
                "metric": ranking.metric.code,
                "unit": ranking.metric.unit,
                "period": str(period),
                "definition": ranking.definition.as_json(),
                "method": method_text(ranking.method()),
                "computed_at": moment(ranking.computed_at),
                "rows": [
                    {
                        "rank": row.rank,
                        "institution_code": row.institution_code,
                        "institution_name": row.institution_name,
                        "value": json_number(row.value),
                        "awarded": row.awarded,
                    }
                    for row in ranking.rows
                ],
                "excluded": [
                    {
                        "institution_code": e.institution_code,
                        "institution_name": e.institution_name,
                        "civil_servants": e.civil_servants,
                    }
                    for e in ranking.excluded
                ],
            }
        )


class ExplainAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: what one competitor's value is made of: the records behind it, each with what
    it contributes (they add up to the value, or to a ratio's numerator). The records
    only for a caller who may read them in that institution; else their counts."""

    scoped_model = Category
    serializer_class = ExplanationSerializer
    pagination_class = None

    @extend_schema(
        parameters=[PERIOD],
        responses={200: ExplanationSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, code: str, institution: str) -> Response:
        category = category_or_404(self.get_queryset(), code)
        competitor = competitor_or_404(category, institution)
        period = period_param(request, category)
        definition = Definition.of(category)
        try:
            metric = check_definition(definition, period)
        except DomainError as error:
            raise _as_period_error(error) from None
        explanation = metric.explain(period, competitor.pk)
        data = explanation.as_json()
        visible = may_see_records(request.user, metric, competitor.pk)
        return Response(
            {
                "category": category.code,
                "period": str(period),
                "institution_code": competitor.code,
                "institution_name": competitor.name,
                "unit": metric.unit,
                "value": data["value"],
                "numerator": data.get("numerator"),
                "denominator": data.get("denominator"),
                "denominator_label": explanation.denominator_label,
                "total": json_number(explanation.total),
                "method": method_text(method_message(definition, metric, period)),
                **records_payload(visible=visible, records=data["records"]),
            }
        )


def _as_period_error(error: DomainError) -> DomainError:
    """A definition the period does not fit (a one-year metric over a range) is the
    ``period`` parameter's 400; anything else goes on as it is."""
    if error.code == "period":
        return field_error("period", error)
    return error
