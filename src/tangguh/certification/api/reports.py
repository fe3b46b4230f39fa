"""API of the certification reports: the figures per institution or per province, and
the certificates expiring soon. Same selectors, same scope as the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin, RestrictedListAPIView
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError

from .. import selectors_reports as reports
from ..metrics import Period
from ..models import Certificate, Participation
from ..selectors_reports import Figures


class FiguresOutputSerializer(serializers.Serializer):
    """One line of figures: an institution (or a province with its regencies and cities)."""

    institution_code = serializers.CharField(allow_null=True)
    institution_name = serializers.CharField(allow_null=True)
    distinct_schemes = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Distinct people examined.")
    certified = serializers.IntegerField(help_text="Participations decided certified.")
    decided = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True, help_text="certified / decided, 0 to 1.")
    days_to_decision_median = serializers.FloatField(allow_null=True)
    days_to_decision_mean = serializers.FloatField(allow_null=True)
    decided_within_30_days = serializers.IntegerField()
    camat_serving = serializers.IntegerField()
    camat_certified = serializers.IntegerField(
        help_text="Serving camat holding a valid certificate of the camat scheme today."
    )

    @staticmethod
    def row(figures: Figures) -> dict[str, Any]:
        institution = figures.institution
        days, coverage = figures.days, figures.coverage
        return {
            "institution_code": institution.code if institution else None,
            "institution_name": institution.name if institution else None,
            "distinct_schemes": figures.schemes,
            "participants": figures.participants,
            "certified": figures.certified,
            "decided": figures.passing.decided if figures.passing else 0,
            "pass_rate": figures.pass_rate,
            "days_to_decision_median": days.median if days else None,
            "days_to_decision_mean": round(days.mean, 2) if days else None,
            "decided_within_30_days": days.within if days else 0,
            "camat_serving": coverage.serving if coverage else 0,
            "camat_certified": coverage.certified if coverage else 0,
        }


class ReportOutputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="The years counted, e.g. 2020-2022.")
    by = serializers.CharField(help_text="province or institution.")
    scope_partial = serializers.BooleanField(
        help_text="True when the caller reads only part of the country."
    )
    total = FiguresOutputSerializer()
    rows = FiguresOutputSerializer(many=True)


_PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="A year (2024) or two years (2020-2022); default the last three years.",
)
_BY = OpenApiParameter(
    "by",
    OpenApiTypes.STR,
    enum=["province", "institution"],
    description="province: a line per province (with its regencies and cities) and per "
    "central institution; institution: a line per institution.",
)
_PROVINCE = OpenApiParameter(
    "province",
    OpenApiTypes.STR,
    description="With by=institution: only that province's institutions (its code, e.g. 35).",
)


class CertificationReportAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: the certification figures over a period, in the caller's scope."""

    scoped_model = Participation
    serializer_class = ReportOutputSerializer
    pagination_class = None

    @extend_schema(
        parameters=[_PERIOD, _BY, _PROVINCE],
        responses={200: ReportOutputSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        if not reports.may_read_reports(request.user):
            raise PermissionDenied
        params = request.query_params
        try:
            period = Period.parse(params["period"]) if params.get("period") else Period.default()
        except DomainError as error:
            raise ValidationError({"period": [str(error.message)]}) from error
        by = params.get("by") or "province"
        if by not in ("province", "institution"):
            raise ValidationError({"by": ["Write province or institution."]})
        if by == "province":
            rollup = reports.national_rollup(user=request.user, period=period)
            rows = [*rollup.rows, *rollup.others]
        else:
            code = params.get("province") or ""
            if not code:
                raise ValidationError(
                    {"province": ["Name the province (its code) with by=institution."]}
                )
            province = reports.reportable_province(user=request.user, code=code)
            rollup = reports.province_rollup(user=request.user, province=province, period=period)
            rows = rollup.rows
        data = {
            "period": str(period),
            "by": by,
            "scope_partial": rollup.partial,
            "total": FiguresOutputSerializer.row(rollup.total),
            "rows": [FiguresOutputSerializer.row(row) for row in rows],
        }
        return Response(ReportOutputSerializer(data).data)


class ExpiringOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    scheme_code = serializers.CharField(source="scheme.code", read_only=True)
    scheme_name = serializers.CharField(source="scheme_version.name", read_only=True)
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number", "holder_name", "nip", "institution_code", "scheme_code", "scheme_name",
            "issued_on", "expires_on", "days_left",
        ]  # fmt: skip

    def get_days_left(self, certificate: Certificate) -> int:
        return (certificate.expires_on - timezone.localdate()).days


class ExpiringCertificatesAPI(RestrictedListAPIView):
    """GET: valid certificates expiring within 90 days, soonest first, in the caller's scope."""

    scoped_model = Certificate
    serializer_class = ExpiringOutputSerializer

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not reports.may_read_expiring(request.user):  # a holder: "My certification"
            self.permission_denied(request)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        audit_read(
            request=self.request,
            action="certification.expiring_list",
            nips=list(dict.fromkeys(c.nip for c in rows)),
            institution_ids=[c.institution_id for c in rows],
        )
        return page

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return reports.expiring_certificates(user=self.request.user)
