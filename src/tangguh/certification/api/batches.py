"""API of exam batches, their assessors and their participants (nominations).

Every staff role lists batches; the organiser's side creates and changes them and
assigns assessors; an institution nominates its own civil servants (checked with the
same eligibility rule as the page, which a client can ask first: ``eligibility``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts.models import User
from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.filters import FilterBackend
from tangguh.core.messages import render as render_message
from tangguh.core.scoping import has_permission
from tangguh.core.text_safety import NoBidiControls
from tangguh.institutions.models import Institution

from ..eligibility import eligibility_check
from ..filters import BatchFilter, ParticipationFilter
from ..models import Batch, BatchAssessor, BatchStatus, Participation, Scheme
from ..selectors_batches import (
    batch_assessors,
    batch_get,
    batch_list,
    batch_participants,
    nomination_candidates,
)
from ..services_batches import (
    batch_assessor_assign,
    batch_assessor_remove,
    batch_create,
    batch_update,
    participant_nominate,
    participant_withdraw,
)
from .schemes import ReasonInputSerializer


class AssessorOutputSerializer(serializers.ModelSerializer):
    assessor = serializers.CharField(source="assessor.username")
    assessor_name = serializers.CharField(source="assessor.display_name")
    licence = serializers.CharField(source="licence.number")
    licence_valid_until = serializers.DateField(source="licence.valid_until")

    class Meta:
        model = BatchAssessor
        fields = ["id", "assessor", "assessor_name", "licence", "licence_valid_until"]


class BatchOutputSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code")
    scheme_version = serializers.IntegerField(source="scheme_version.version")
    organiser = serializers.CharField(source="organiser.code")
    organiser_name = serializers.CharField(source="organiser.name")
    participant_count = serializers.IntegerField(
        read_only=True, required=False, help_text="Nominated (not withdrawn)."
    )

    class Meta:
        model = Batch
        fields = [
            "id", "code", "title", "scheme", "scheme_version", "organiser", "organiser_name",
            "exam_start", "exam_end", "place", "nomination_deadline", "capacity", "status",
            "participant_count",
        ]  # fmt: skip


class BatchDetailSerializer(BatchOutputSerializer):
    assessors = serializers.SerializerMethodField()

    class Meta(BatchOutputSerializer.Meta):
        fields = [*BatchOutputSerializer.Meta.fields, "assessors"]

    def get_assessors(self, obj: Batch) -> list[dict[str, Any]]:
        rows = batch_assessors(user=self.context["request"].user, batch=obj)
        return list(AssessorOutputSerializer(rows, many=True).data)


class _BatchFields(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                  validators=[NoBidiControls("title")])  # fmt: skip
    exam_start = serializers.DateField()
    exam_end = serializers.DateField(required=False)
    place = serializers.CharField(max_length=300, validators=[NoBidiControls("place")])
    nomination_deadline = serializers.DateField(required=False, allow_null=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class BatchCreateInputSerializer(_BatchFields):
    scheme = serializers.SlugField(max_length=32, help_text="The scheme's code.")
    organiser = serializers.CharField(max_length=16, help_text="The organiser's code.")
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)


class BatchUpdateInputSerializer(_BatchFields):
    status = serializers.ChoiceField(choices=BatchStatus.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class BatchListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Batches (``q``, ``year``, ``scheme``, ``organiser``, ``status``); POST creates one."""

    scoped_model = Batch
    serializer_class = BatchOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = BatchFilter
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return batch_list(user=self.request.user)

    @extend_schema(
        request=BatchCreateInputSerializer,
        responses={201: BatchOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request) -> Response:
        data = BatchCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        scheme = Scheme.objects.filter(code=values.pop("scheme")).first()
        organiser = Institution.objects.filter(code=values.pop("organiser")).first()
        if scheme is None or organiser is None:
            raise serializers.ValidationError(
                {
                    **({"scheme": [_("No scheme with this code.")]} if scheme is None else {}),
                    **(
                        {"organiser": [_("No institution with this code.")]}
                        if organiser is None
                        else {}
                    ),
                }
            )
        batch = batch_create(scheme=scheme, organiser=organiser, data=values, actor=request.user)
        return Response(BatchOutputSerializer(batch).data, status=status.HTTP_201_CREATED)


class _BatchObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Batch
    serializer_class = BatchDetailSerializer

    def batch(self, pk: int) -> Batch:
        try:
            return batch_get(user=self.request.user, pk=pk)
        except Batch.DoesNotExist:
            raise Http404 from None


class BatchDetailAPI(_BatchObjectAPI):
    """One batch with its assessors; PATCH changes its details or status (organiser)."""

    parser_classes = [JSONParser, FormParser]

    def get(self, request: Request, pk: int) -> Response:
        return Response(BatchDetailSerializer(self.batch(pk), context={"request": request}).data)

    @extend_schema(request=BatchUpdateInputSerializer, responses={200: BatchDetailSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        batch = Batch.objects.restrict(request.user, "change").filter(pk=pk).first()
        if batch is None:
            raise Http404
        data = BatchUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        done = batch_update(batch=batch, data=dict(data.validated_data), actor=request.user)
        return Response(
            BatchDetailSerializer(self.batch(done.pk), context={"request": request}).data
        )


class AssessorAssignInputSerializer(serializers.Serializer):
    assessor = serializers.CharField(max_length=150, help_text="The assessor's username.")


class BatchAssessorsAPI(_BatchObjectAPI):
    """Assign an assessor (organiser): refused, with the reason, without a covering licence."""

    scoped_model = BatchAssessor
    action_map = {"POST": "add"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=AssessorAssignInputSerializer,
        responses={201: AssessorOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        batch = self.batch(pk)
        data = AssessorAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessor = User.objects.filter(username=data.validated_data["assessor"]).first()
        if assessor is None:
            raise serializers.ValidationError({"assessor": [_("No user with this username.")]})
        assigned = batch_assessor_assign(batch=batch, assessor=assessor, actor=request.user)
        return Response(AssessorOutputSerializer(assigned).data, status=status.HTTP_201_CREATED)


class BatchAssessorAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Remove an assessor from a batch (organiser), unless they recorded results in it."""

    scoped_model = BatchAssessor
    serializer_class = AssessorOutputSerializer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, assigned: int) -> Response:
        found = (
            self.get_queryset()
            .select_related("batch", "assessor")
            .filter(pk=assigned, batch_id=pk)
            .first()
        )
        if found is None:
            raise Http404
        batch_assessor_remove(batch_assessor=found, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- participants --------------------------------------------------------------------


class ParticipationOutputSerializer(serializers.ModelSerializer):
    batch = serializers.CharField(source="batch.code")
    institution_code = serializers.CharField(
        source="institution.code", help_text="The nominating institution."
    )
    notes = serializers.SerializerMethodField(help_text="What the nomination was told.")

    class Meta:
        model = Participation
        fields = [
            "id", "batch", "nip", "holder_name", "institution_code", "exam_date", "status",
            "outcome", "decided_on", "days_to_decision", "notes",
        ]  # fmt: skip

    def get_notes(self, obj: Participation) -> str:
        return render_message(obj.eligibility_notes)


class NominateInputSerializer(serializers.Serializer):
    nip = serializers.RegexField(r"^\d{18}$", help_text="The civil servant's NIP (18 digits).")
    renewal_ok = serializers.BooleanField(
        default=False,
        help_text="Nominate someone holding a valid certificate of the scheme (re-certification).",
    )


class EligibilitySerializer(serializers.Serializer):
    nip = serializers.CharField()
    eligible = serializers.BooleanField()
    needs_renewal_confirmation = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


def _candidate(request: Request, nip: str) -> Any:
    person = nomination_candidates(user=request.user).filter(nip=nip).first()
    if person is None:
        raise Http404
    return person


class BatchParticipantsAPI(_BatchObjectAPI):
    """The batch's participants in the user's scope (``q``, ``status``, ``outcome``,
    ``institution``); POST nominates one of the user's institution's civil servants."""

    scoped_model = Participation
    serializer_class = ParticipationOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = ParticipationFilter
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return batch_participants(user=self.request.user, batch=self.batch(self.kwargs["pk"]))

    def get(self, request: Request, pk: int) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        audit_read(
            request=request,
            action="certification.participant_list",
            nips=[p.nip for p in rows],
        )
        return self.get_paginated_response(ParticipationOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=NominateInputSerializer,
        responses={201: ParticipationOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        batch = self.batch(pk)
        data = NominateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _candidate(request, data.validated_data["nip"])
        participation = participant_nominate(
            batch=batch,
            employee=person,
            actor=request.user,
            renewal_ok=data.validated_data["renewal_ok"],
        )
        body = ParticipationOutputSerializer(participation).data
        return Response(body, status=status.HTTP_201_CREATED)


class BatchEligibilityAPI(_BatchObjectAPI):
    """What nominating a civil servant (``nip``) for this batch would be told, writing nothing."""

    scoped_model = Participation
    serializer_class = EligibilitySerializer
    action_map = {"GET": "add"}

    @extend_schema(
        parameters=[OpenApiParameter("nip", str, description="The NIP to check (18 digits).")],
        responses={200: EligibilitySerializer, **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        batch = self.batch(pk)
        nip = str(request.query_params.get("nip", ""))
        if not (len(nip) == 18 and nip.isascii() and nip.isdigit()):
            raise serializers.ValidationError({"nip": [_("Give the 18 digits of a NIP.")]})
        person = _candidate(request, nip)
        check = eligibility_check(
            version=batch.scheme_version, employee=person, on=batch.exam_start
        )
        audit_read(request=request, action="certification.nomination_candidates", nips=[nip])
        body = {
            "nip": nip,
            "eligible": check.ok,
            "needs_renewal_confirmation": check.needs_renewal_confirmation,
            "reasons": [str(m) for m in check.blocking],
            "warnings": [str(m) for m in check.warnings],
        }
        return Response(body)


class ParticipantWithdrawAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Withdraw a participant before the plenary, with a reason (nominating side or organiser)."""

    scoped_model = Participation
    serializer_class = ParticipationOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={200: ParticipationOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        if not has_permission(request.user, Participation, "add"):
            raise PermissionDenied  # an assessor changes participations only in the plenary
        found = self.get_queryset().select_related("batch", "institution").filter(pk=pk).first()
        if found is None:
            raise Http404
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = participant_withdraw(
            participation=found, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(ParticipationOutputSerializer(done).data)
