"""API of assessments: the list with the page's filters, recording one (the form's
service and rules), one assessment, voiding one with a reason. Staff only: a civil
servant reads their own profile through the gaps API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.filters import FilterBackend
from tangguh.core.scoping import Scope, scope_for
from tangguh.core.text_safety import NoBidiControls
from tangguh.people.models import Employee

from ..filters_assessments import AssessmentFilter
from ..frameworks import current_competencies
from ..models import Assessment, AssessmentMethod, AssessmentStatus
from ..selectors_assessments import assessment_get, assessment_list
from ..services_assessments import (
    AssessmentInput,
    assessment_record,
    assessment_void,
    may_record,
)


class AssessmentOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code")
    method = serializers.CharField(source="method.code")
    full_name = serializers.CharField(source="employee.full_name")
    version = serializers.IntegerField(
        source="competency.version.number", help_text="The dictionary version assessed against."
    )
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id", "nip", "full_name", "institution_code", "code", "version", "level",
            "assessed_on", "method", "assessor_nip", "assessor_name", "evidence_url",
            "has_evidence_file", "note", "status", "void_reason", "source", "created_at",
        ]  # fmt: skip

    def get_has_evidence_file(self, obj: Assessment) -> bool:
        return bool(obj.evidence)


class AssessmentInputSerializer(serializers.Serializer):
    nip = serializers.RegexField(r"^\d{18}$", help_text="The assessed person's NIP (18 digits).")
    code = serializers.CharField(max_length=20, help_text="A competency code in force, e.g. M.01.")
    level = serializers.IntegerField(help_text="1 to 5.")
    assessed_on = serializers.DateField(help_text="Not in the future.")
    method = serializers.CharField(
        max_length=30, help_text="assessment-centre, competency-test, certification, 360, "
        "supervisor or self."
    )  # fmt: skip
    assessor_nip = serializers.RegexField(
        r"^\d{18}$", required=False, allow_blank=True,
        help_text="Never the person's own, except in a self-assessment (then it may be empty).",
    )  # fmt: skip
    assessor_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[NoBidiControls("assessor_name")]
    )  # fmt: skip
    evidence_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, validators=[NoBidiControls("note")]
    )


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, validators=[NoBidiControls("reason")])


def _staff_only(request: Request) -> None:
    if scope_for(request.user, Assessment, "view") in (None, Scope.SELF):
        raise PermissionDenied


def _refused(field: str, message: Any) -> DomainError:
    return DomainError(message, errors=[{"field": field, "message": str(message)}])


class AssessmentListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Assessments in the user's scope, newest first (the list page's filters); POST
    records one for a person of the user's institution and refreshes their profile."""

    scoped_model = Assessment
    serializer_class = AssessmentOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = AssessmentFilter
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return assessment_list(user=self.request.user).select_related("competency__version")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _staff_only(request)
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        if rows:
            audit_read(
                request=request,
                action="competencies.assessment_list",
                nips=[a.nip for a in rows],
                institution_ids=[a.institution_id for a in rows],
            )
        return self.get_paginated_response(AssessmentOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=AssessmentInputSerializer,
        responses={201: AssessmentOutputSerializer, **error_responses(400)},
    )
    def post(self, request: Request) -> Response:
        _staff_only(request)
        data = AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = Employee.objects.restrict(request.user, "view").filter(nip=values["nip"]).first()
        if person is None or not may_record(request.user, person):
            raise _refused("nip", _("No civil servant of your institution has this NIP."))
        competency = current_competencies(person.institution_id).get(values["code"].strip().upper())
        if competency is None:
            raise _refused("code", _("This competency is not in the dictionaries in force here."))
        method = AssessmentMethod.objects.filter(code=values["method"]).first()
        if method is None:
            raise _refused("method", _("No assessment method has this code."))
        assessment = assessment_record(
            employee=person,
            data=AssessmentInput(
                competency=competency,
                level=values["level"],
                assessed_on=values["assessed_on"],
                method=method,
                assessor_nip=values.get("assessor_nip") or "",
                assessor_name=values.get("assessor_name") or "",
                evidence_url=values.get("evidence_url") or "",
                note=values.get("note") or "",
            ),
            actor=request.user,
            source="api",
        )
        found = assessment_get(user=request.user, pk=assessment.pk)
        return Response(AssessmentOutputSerializer(found).data, status=status.HTTP_201_CREATED)


def _assessment(request: Request, pk: int) -> Assessment:
    try:
        return assessment_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


class AssessmentDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One assessment the user reads."""

    scoped_model = Assessment
    serializer_class = AssessmentOutputSerializer

    @extend_schema(responses={200: AssessmentOutputSerializer, **error_responses(404)})
    def get(self, request: Request, pk: int) -> Response:
        _staff_only(request)
        assessment = _assessment(request, pk)
        audit_read(
            request=request,
            action="competencies.assessment_view",
            nips=[assessment.nip],
            institution=assessment.institution_id,
            target=assessment,
        )
        return Response(AssessmentOutputSerializer(assessment).data)


class AssessmentVoidAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Void an assessment with a reason: it stays, no longer counts; the profile refreshed."""

    scoped_model = Assessment
    serializer_class = AssessmentOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=VoidInputSerializer,
        responses={200: AssessmentOutputSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _staff_only(request)
        data = VoidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = _assessment(request, pk)
        if assessment.status == AssessmentStatus.VOID:
            raise DomainError(_("This assessment is void already."), code="status")
        voided = assessment_void(
            assessment=assessment, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(AssessmentOutputSerializer(_assessment(request, voided.pk)).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "competencies/assessments/",
        AssessmentListAPI.as_view(),
        name="competencies-assessments",
    ),
    path(
        "competencies/assessments/<object_id:pk>/",
        AssessmentDetailAPI.as_view(),
        name="competencies-assessment",
    ),
    path(
        "competencies/assessments/<object_id:pk>/void/",
        AssessmentVoidAPI.as_view(),
        name="competencies-assessment-void",
    ),
]
