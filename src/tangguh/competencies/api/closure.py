"""Gap closure's API: an institution's closure per year, as the page shows it (same
selectors, same scope: staff reading institutions; a civil servant gets 403)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses

from .. import selectors_closure as selectors
from ..closure import YearClosure
from ..models import Assessment


class YearClosureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    start = serializers.DateField(help_text="31 December of the year before.")
    end = serializers.DateField(help_text="31 December of the year, or today while it runs.")
    open = serializers.IntegerField(help_text="Gaps (person × competency) open at the start.")
    closed = serializers.IntegerField(help_text="Of those, closed by the end.")
    still_open = serializers.IntegerField()
    no_longer_assessed = serializers.IntegerField(
        help_text="Of those, whose result expired with nothing to replace it."
    )
    rate = serializers.FloatField(
        allow_null=True, help_text="Closed ÷ open, 0 to 1; null with no gap open at the start."
    )

    @staticmethod
    def of(row: YearClosure) -> dict[str, Any]:
        return {
            "year": row.year,
            "start": row.start,
            "end": row.end,
            "open": row.open,
            "closed": row.closed,
            "still_open": row.still_open,
            "no_longer_assessed": row.unassessed,
            "rate": None if row.rate is None else float(row.rate),
        }


class ClosureSerializer(serializers.Serializer):
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    years = YearClosureSerializer(many=True)


class ClosureAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: an institution's gap closure per year (oldest first)."""

    scoped_model = Assessment
    serializer_class = ClosureSerializer
    pagination_class = None

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not selectors.may_read(request.user):  # a civil servant: their own page
            self.permission_denied(request)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "institution",
                OpenApiTypes.STR,
                description="An institution's code in the caller's scope (default: the "
                "caller's own when it has assessments, else the first that has).",
            )
        ],
        responses={200: ClosureSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request) -> Response:
        institution = selectors.institution_for(
            request.user, request.query_params.get("institution")
        )
        if institution is None:
            raise Http404
        report = selectors.closure_report(request.user, institution)
        return Response(
            {
                "institution_code": institution.code,
                "institution_name": institution.name,
                "years": [YearClosureSerializer.of(row) for row in report.years],
            }
        )


urlpatterns: list[URLPattern | URLResolver] = [
    path("competencies/closure/", ClosureAPI.as_view(), name="competencies-closure"),
]
