"""API of attendance and completion (the host's side): the attendance grid, completing a
session (JP credited, certificates numbered), correcting one participant's result."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read

from ..models import AttendanceMark, Enrolment
from ..selectors_enrolment import attendance_grid, is_host_side
from ..services_attendance import Mark, attendance_record
from ..services_completion import Outcome, completion_correct, score_value, session_complete
from .enrolment import (
    EnrolmentOutputSerializer,
    EnrolmentReasonInputSerializer,
    _enrolment,
    _host_session,
    _not_self_only,
)


class CompletionCorrectionInputSerializer(EnrolmentReasonInputSerializer):
    completed = serializers.BooleanField()
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )


class AttendanceMarkSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    day = serializers.DateField()
    mark = serializers.ChoiceField(choices=["", *AttendanceMark.values], allow_blank=True)


class AttendanceInputSerializer(serializers.Serializer):
    marks = AttendanceMarkSerializer(many=True, allow_empty=False, max_length=5000)


class AttendanceRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    nip = serializers.CharField()
    full_name = serializers.CharField()
    marks = serializers.DictField(child=serializers.CharField(), help_text="day → mark")


class AttendanceOutputSerializer(serializers.Serializer):
    days = serializers.ListField(child=serializers.DateField())
    rows = AttendanceRowSerializer(many=True)


class CompletionOutcomeSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    completed = serializers.BooleanField()
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )


class CompleteInputSerializer(serializers.Serializer):
    outcomes = CompletionOutcomeSerializer(many=True, max_length=5000)
    actual_cost = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class CompleteOutputSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    status = serializers.CharField()
    completed = serializers.IntegerField()
    not_completed = serializers.IntegerField()


class EnrolmentResultAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Correct a participant's result after completion (the host): the ledger entry is
    reversed or appended, never edited."""

    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=CompletionCorrectionInputSerializer,
        responses={200: EnrolmentOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        e = _enrolment(request, pk, "change")
        if not is_host_side(request.user, e.session):
            raise Http404
        data = CompletionCorrectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = completion_correct(
            enrolment=e,
            completed=data.validated_data["completed"],
            actor=request.user,
            reason=data.validated_data["reason"],
            score=data.validated_data.get("score"),
        )
        return Response(EnrolmentOutputSerializer(done).data)


class SessionAttendanceAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The attendance grid of a session (the host); POST records marks (all or nothing;
    a day outside the session's dates is refused)."""

    scoped_model = Enrolment
    serializer_class = AttendanceOutputSerializer
    action_map = {"GET": "change", "POST": "change"}
    parser_classes = [JSONParser]

    def get(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        session = _host_session(request, pk)
        days, rows = attendance_grid(session=session)
        audit_read(
            request=request,
            action="development.attendance_read",
            nips=[r.enrolment.nip for r in rows],
            institution=session.organiser_id,
        )
        body = {
            "days": days,
            "rows": [
                {
                    "enrolment": r.enrolment.pk,
                    "nip": r.enrolment.nip,
                    "full_name": r.enrolment.full_name,
                    "marks": {d.isoformat(): m for d, m in r.cells if m},
                }
                for r in rows
            ],
        }
        return Response(AttendanceOutputSerializer(body).data)

    @extend_schema(
        request=AttendanceInputSerializer,
        responses={200: AttendanceOutputSerializer, **error_responses(404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        session = _host_session(request, pk)
        data = AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marks = [
            Mark(int(m["enrolment"]), m["day"], m["mark"]) for m in data.validated_data["marks"]
        ]
        attendance_record(session=session, marks=marks, actor=request.user, source="api")
        return self.get(request, pk)


class SessionCompleteAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Complete a session (the host, from its last day on): every enrolled participant
    completed (with a score) or not; JP credited, certificate numbers given."""

    scoped_model = Enrolment
    serializer_class = CompleteOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser]

    @extend_schema(
        request=CompleteInputSerializer,
        responses={200: CompleteOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _not_self_only(request)
        session = _host_session(request, pk)
        data = CompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcomes = [
            Outcome(int(o["enrolment"]), bool(o["completed"]), score_value(o.get("score")))
            for o in data.validated_data["outcomes"]
        ]
        done = session_complete(
            session=session,
            outcomes=outcomes,
            actor=request.user,
            actual_cost=data.validated_data.get("actual_cost"),
        )
        completed = sum(1 for o in outcomes if o.completed)
        body = {
            "session": done.pk,
            "status": done.status,
            "completed": completed,
            "not_completed": len(outcomes) - completed,
        }
        return Response(CompleteOutputSerializer(body).data)
