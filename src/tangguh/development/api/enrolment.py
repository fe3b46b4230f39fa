"""API of enrolment and approvals (attendance and completion: ``api/completion.py``).

The same services and selectors as the pages: a session's participants (the host all, a
guest institution its own), nominating one civil servant, a civil servant's application,
the decision of the side an enrolment waits for, cancellation (the waiting list moves
up), a civil servant's own enrolments.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.scoping import Scope, scope_for
from tangguh.core.text_safety import NoBidiControls
from tangguh.people.models import Employee

from ..models import Enrolment, EnrolmentStatus, Session
from ..selectors_enrolment import (
    enrolment_get,
    is_host_side,
    my_enrolments,
    nomination_candidates,
    session_participants,
)
from ..selectors_programmes import session_get
from ..services_enrolment import (
    enrolment_apply,
    enrolment_cancel,
    enrolment_decide,
    enrolment_nominate,
    is_self,
)


class EnrolmentOutputSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="session_id")
    programme = serializers.CharField(source="programme.code")
    institution_code = serializers.CharField(
        source="institution.code", help_text="The sending institution."
    )
    host_code = serializers.CharField(source="host.code", help_text="The session's organiser.")

    class Meta:
        model = Enrolment
        fields = [
            "id", "session", "programme", "nip", "full_name", "institution_code", "host_code",
            "is_guest", "route", "status", "reason", "result", "score", "completed_on",
            "certificate_number", "created_at", "enrolled_at",
        ]  # fmt: skip


class SessionNominateInputSerializer(serializers.Serializer):
    nip = serializers.RegexField(r"^\d{18}$", help_text="The civil servant's NIP (18 digits).")


class EnrolmentDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, validators=[NoBidiControls("reason")]
    )


class EnrolmentReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, validators=[NoBidiControls("reason")])


def _session(request: Request, pk: int) -> Session:
    try:
        return session_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _host_session(request: Request, pk: int) -> Session:
    session = _session(request, pk)
    if not is_host_side(request.user, session):
        raise Http404
    return session


def _not_self_only(request: Request) -> None:
    if scope_for(request.user, Enrolment, "view") == Scope.SELF:
        raise PermissionDenied


def _enrolment(request: Request, pk: int, action: str) -> Enrolment:
    try:
        return enrolment_get(user=request.user, pk=pk, action=action)
    except ObjectDoesNotExist:
        raise Http404 from None


class SessionEnrolmentsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The session's participants the user reads (the host all, a guest institution its
    own people); POST nominates one of the user's institution's civil servants."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer
    parser_classes = [JSONParser, FormParser]

    def get(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        session = _session(request, pk)
        rows = list(
            self.paginate_queryset(session_participants(user=request.user, session=session)) or []
        )
        audit_read(
            request=request,
            action="development.participant_list",
            nips=[e.nip for e in rows],
            institution=session.organiser_id,
        )
        return self.get_paginated_response(EnrolmentOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=SessionNominateInputSerializer,
        responses={201: EnrolmentOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        session = _session(request, pk)
        data = SessionNominateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = (
            nomination_candidates(user=request.user, session=session)
            .filter(nip=data.validated_data["nip"])
            .first()
        )
        if person is None:
            # Already in the session, or not one of the user's active civil servants.
            known = Employee.objects.restrict(request.user, "view").filter(
                nip=data.validated_data["nip"]
            )
            if not known.exists():
                raise Http404
            person = known.first()
        enrolment = enrolment_nominate(session=session, employee=person, actor=request.user)
        return Response(EnrolmentOutputSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class SessionApplyAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """A civil servant applies for the session; their institution decides next."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=None, responses={201: EnrolmentOutputSerializer, **error_responses(404, 409)}
    )
    def post(self, request: Request, pk: int) -> Response:
        nip = getattr(request.user, "nip", "")
        person = Employee.objects.filter(nip=nip).first() if nip else None
        if person is None or not is_self(request.user, person.nip):
            raise PermissionDenied(_("Only a civil servant applies, for themselves."))
        session = _session(request, pk)
        enrolment = enrolment_apply(session=session, employee=person, actor=request.user)
        return Response(EnrolmentOutputSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class EnrolmentListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Enrolments in the user's scope; ``status`` (e.g. ``awaiting_host``), ``session``,
    ``nip`` narrow it. A civil servant sees their own."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return qs
        params = self.request.query_params
        wanted = params.get("status", "")
        if wanted:
            if wanted not in EnrolmentStatus.values:
                raise serializers.ValidationError({"status": [_("Not a status of an enrolment.")]})
            qs = qs.filter(status=wanted)
        session = params.get("session", "")
        if session:
            if not (session.isascii() and session.isdigit() and len(session) <= 18):
                raise serializers.ValidationError({"session": [_("Give a session's id.")]})
            qs = qs.filter(session_id=int(session))
        if params.get("nip"):
            if "\x00" in params["nip"]:
                raise serializers.ValidationError({"nip": [_("Give a NIP.")]})
            qs = qs.filter(nip=params["nip"][:18])
        return qs.select_related("programme", "institution", "host").order_by("-created_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=EnrolmentStatus.values),
            OpenApiParameter("session", int),
            OpenApiParameter("nip", str),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.get_queryset()) or [])
        audit_read(request=request, action="development.enrolment_list", nips=[e.nip for e in rows])
        return self.get_paginated_response(EnrolmentOutputSerializer(rows, many=True).data)


class EnrolmentDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One enrolment in the user's scope."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        e = _enrolment(request, pk, "view")
        audit_read(request=request, action="development.enrolment_read", nips=[e.nip])
        return Response(EnrolmentOutputSerializer(e).data)


class EnrolmentDecideAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Approve or reject, by the side the enrolment waits for (a rejection says why)."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=EnrolmentDecisionInputSerializer,
        responses={200: EnrolmentOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        e = _enrolment(request, pk, "change")
        data = EnrolmentDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = enrolment_decide(
            enrolment=e,
            approve=data.validated_data["decision"] == "approve",
            actor=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(EnrolmentOutputSerializer(done).data)


class EnrolmentCancelAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Cancel with a reason (the person, their institution or the host); a freed seat
    goes to the first on the waiting list."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=EnrolmentReasonInputSerializer,
        responses={200: EnrolmentOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        e = _enrolment(request, pk, "change")
        data = EnrolmentReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = enrolment_cancel(
            enrolment=e, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(EnrolmentOutputSerializer(done).data)


class MyEnrolmentsAPI(RestrictedAPIMixin, generics.ListAPIView):
    """The signed-in civil servant's own enrolments."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return my_enrolments(user=self.request.user).select_related("programme", "host")
