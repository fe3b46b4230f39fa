"""API of the needs analysis (AKPK): the list, one analysis with its lines, a draft
computed, recomputed, a line adjusted, filed. Same selectors and services as the
pages: an analysis outside the caller's scope is a 404, a role without the grant a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.institutions.models import Institution

from .. import selectors_needs as selectors
from ..models import NeedsAnalysis, NeedsLine
from ..services_needs import (
    LineChanges,
    needs_create,
    needs_file,
    needs_line_edit,
    needs_recompute,
)


class NeedsOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField(help_text="draft | filed")
    data_as_of = serializers.DateTimeField()
    versions = serializers.ListField(
        child=serializers.DictField(), help_text='[{"framework": "national", "version": 1}]'
    )
    people_total = serializers.IntegerField()
    people_assessed = serializers.IntegerField()
    filed_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def row(a: NeedsAnalysis) -> dict[str, Any]:
        return {
            "id": a.pk,
            "institution_code": a.institution.code,
            "institution_name": a.institution.name,
            "year": a.year,
            "status": a.status,
            "data_as_of": a.data_as_of,
            "versions": a.versions,
            "people_total": a.people_total,
            "people_assessed": a.people_assessed,
            "filed_at": a.filed_at,
        }


class NeedsLineOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competency_code = serializers.CharField()
    competency_name = serializers.CharField()
    people = serializers.IntegerField(help_text="Assessed people below the required level.")
    by_gap = serializers.DictField(
        child=serializers.IntegerField(), help_text='People per gap size: {"1": 12, "2": 3}.'
    )
    programmes = serializers.ListField(child=serializers.DictField())
    form_code = serializers.CharField(allow_null=True)
    estimated_jp = serializers.DecimalField(max_digits=7, decimal_places=2)
    estimated_cost = serializers.IntegerField(help_text="Whole Rupiah, for the whole line.")
    priority = serializers.IntegerField()
    note = serializers.CharField()

    @staticmethod
    def row(line: NeedsLine) -> dict[str, Any]:
        return {
            "id": line.pk,
            "competency_code": line.code,
            "competency_name": line.competency.name,
            "people": line.people,
            "by_gap": line.by_gap,
            "programmes": line.programmes,
            "form_code": line.form.code if line.form is not None else None,
            "estimated_jp": line.estimated_jp,
            "estimated_cost": int(line.estimated_cost),
            "priority": line.priority,
            "note": line.note,
        }


class NeedsDetailOutputSerializer(NeedsOutputSerializer):
    lines = NeedsLineOutputSerializer(many=True)
    total_jp = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_cost = serializers.IntegerField()
    approved_plans_cost = serializers.IntegerField(
        allow_null=True, help_text="The approved personal plans' cost; null: no plans."
    )


class NeedsCreateInputSerializer(serializers.Serializer):
    institution_code = serializers.CharField(max_length=20)
    year = serializers.IntegerField(min_value=2000, max_value=9999)


class NeedsLineInputSerializer(serializers.Serializer):
    form_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    estimated_jp = serializers.CharField(max_length=20)
    estimated_cost = serializers.CharField(max_length=30, help_text="Whole Rupiah.")
    priority = serializers.CharField(max_length=5)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _detail(analysis: NeedsAnalysis) -> dict[str, Any]:
    lines = selectors.lines(analysis)
    totals = selectors.totals(lines)
    plans = selectors.approved_plans(analysis.institution_id, analysis.year)
    return {
        **NeedsOutputSerializer.row(analysis),
        "lines": [NeedsLineOutputSerializer.row(line) for line in lines],
        "total_jp": totals.jp,
        "total_cost": int(totals.cost),
        "approved_plans_cost": int(plans.cost) if plans else None,
    }


def _analysis(request: Request, pk: int, action: str) -> NeedsAnalysis:
    try:
        return selectors.analysis(user=request.user, pk=pk, action=action)
    except NeedsAnalysis.DoesNotExist:
        raise NotFound(_("No needs analysis with this id in your scope.")) from None


def _refused(exc: DjangoPermissionDenied) -> PermissionDenied:
    return PermissionDenied(str(exc))


class NeedsListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The needs analyses in the caller's scope (newest year first), or one year's;
    POST computes a draft for an institution and year."""

    scoped_model = NeedsAnalysis
    serializer_class = NeedsOutputSerializer
    pagination_class = None  # one per institution and year in scope, at most 200

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Only this year.")],
        responses={200: NeedsOutputSerializer(many=True), **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("year") or ""
        year = None
        if raw:
            if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
                raise ValidationError({"year": [_("Give the year with four digits.")]})
            year = int(raw)
        rows = selectors.analyses(user=request.user, year=year)[:200]
        return Response([NeedsOutputSerializer.row(a) for a in rows])

    @extend_schema(
        request=NeedsCreateInputSerializer,
        responses={201: NeedsDetailOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = NeedsCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data["institution_code"]
        institution = selectors.preparable_institutions(user=request.user).filter(code=code).first()
        if institution is None:
            if Institution.objects.filter(code=code).exists():
                raise PermissionDenied(_("You may not prepare this institution's needs analysis."))
            raise NotFound(_("No institution with this code."))
        try:
            analysis = needs_create(
                institution=institution, year=data.validated_data["year"], actor=request.user
            )
        except DjangoPermissionDenied as exc:
            raise _refused(exc) from None
        return Response(_detail(analysis), status=status.HTTP_201_CREATED)


class NeedsDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One needs analysis with its lines and totals."""

    scoped_model = NeedsAnalysis
    serializer_class = NeedsDetailOutputSerializer

    @extend_schema(responses={200: NeedsDetailOutputSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_analysis(request, pk, "view")))


class NeedsActionAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Recompute a draft from today's gaps, or file it (frozen)."""

    scoped_model = NeedsAnalysis
    serializer_class = NeedsDetailOutputSerializer
    action_map = {"POST": "change"}
    operation = "recompute"

    @extend_schema(
        request=None,
        responses={200: NeedsDetailOutputSerializer, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        analysis = _analysis(request, pk, "change")
        service = needs_recompute if self.operation == "recompute" else needs_file
        try:
            analysis = service(analysis=analysis, actor=request.user)
        except DjangoPermissionDenied as exc:
            raise _refused(exc) from None
        return Response(_detail(analysis))


class NeedsLineAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Adjust one line of a draft (by its competency code)."""

    scoped_model = NeedsLine
    serializer_class = NeedsLineInputSerializer
    action_map = {"PUT": "change"}

    @extend_schema(
        request=NeedsLineInputSerializer,
        responses={200: NeedsLineOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def put(self, request: Request, pk: int, code: str) -> Response:
        analysis = _analysis(request, pk, "change")
        line = analysis.lines.select_related("competency", "form").filter(code=code).first()
        if line is None:
            raise NotFound(_("This analysis has no line for this competency."))
        data = NeedsLineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        form_id = None
        if v.get("form_code"):
            from tangguh.development.models import DevelopmentForm

            form = DevelopmentForm.objects.filter(code=v["form_code"], is_active=True).first()
            if form is None:
                raise ValidationError({"form_code": [_("Choose a form of development in use.")]})
            form_id = form.pk
        changes = LineChanges(
            form_id=form_id,
            estimated_jp=v["estimated_jp"],
            estimated_cost=v["estimated_cost"],
            priority=v["priority"],
            note=v.get("note") or "",
        )
        try:
            line = needs_line_edit(line=line, changes=changes, actor=request.user)
        except DjangoPermissionDenied as exc:
            raise _refused(exc) from None
        line = NeedsLine.objects.select_related("competency", "form").get(pk=line.pk)
        return Response(NeedsLineOutputSerializer.row(line))


urlpatterns = [
    path("competencies/needs/", NeedsListAPI.as_view(), name="competencies-needs"),
    path(
        "competencies/needs/<object_id:pk>/",
        NeedsDetailAPI.as_view(),
        name="competencies-needs-detail",
    ),
    path(
        "competencies/needs/<object_id:pk>/recompute/",
        NeedsActionAPI.as_view(operation="recompute"),
        name="competencies-needs-recompute",
    ),
    path(
        "competencies/needs/<object_id:pk>/file/",
        NeedsActionAPI.as_view(operation="file"),
        name="competencies-needs-file",
    ),
    path(
        "competencies/needs/<object_id:pk>/lines/<str:code>/",
        NeedsLineAPI.as_view(),
        name="competencies-needs-line",
    ),
]
