"""API of the JP conversion table, recorded activities and the ledger.

The same selectors and services as the pages, so the same scoping and the same
refusals: a claim above the rule is a 400 whose ``detail`` names the rule; nobody
approves their own activity; an entry outside the caller's scope is a JSON 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message
from tangguh.core.text_safety import NoBidiControls
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee

from ..jp_rules import rule_text
from ..ledger import ledger_reverse
from ..models import (
    Activity,
    ActivityStatus,
    DevelopmentForm,
    JpBasis,
    JpRule,
    LedgerEntry,
    LedgerSource,
)
from ..selectors_activities import activity_get, activity_list
from ..selectors_ledger import (
    LedgerFilters,
    entry_for_correction,
    ledger_list,
    person_for_ledger,
    person_ledger,
    person_years,
)
from ..services_activities import (
    ActivityInput,
    activity_approve,
    activity_record,
    activity_reject,
    activity_withdraw,
)
from ..services_rules import RuleInput, rule_add
from ..views.activities import records_for_self

# --- the conversion table ------------------------------------------------------------


class JpRuleOutputSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.code")
    form_name = serializers.CharField(source="form.name")
    text = serializers.SerializerMethodField(help_text="The rule in one sentence.")

    class Meta:
        model = JpRule
        fields = [
            "id", "form", "form_name", "valid_from", "basis", "jp_per_unit", "is_maximum",
            "max_units_per_month", "max_jp_per_year", "source", "text",
        ]  # fmt: skip

    def get_text(self, obj: JpRule) -> str:
        return str(rule_text(obj))


class JpRuleInputSerializer(serializers.Serializer):
    form = serializers.SlugField(max_length=40, help_text="The form's code (seminar).")
    valid_from = serializers.DateField()
    basis = serializers.ChoiceField(choices=JpBasis.choices)
    jp_per_unit = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    is_maximum = serializers.BooleanField(required=False, default=False)
    max_units_per_month = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=31
    )
    max_jp_per_year = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    source = serializers.CharField(
        max_length=300, required=False, allow_blank=True, validators=[NoBidiControls("source")]
    )


class RuleListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """The conversion table, every row (``form``: one form's); POST adds a row (national)."""

    scoped_model = JpRule
    serializer_class = JpRuleOutputSerializer
    parser_classes = [JSONParser]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("form")
        code = (
            query_text(self.request.query_params.get("form")) if hasattr(self, "request") else None
        )
        if code:
            qs = qs.filter(form__code=code)
        return qs.order_by("form__order", "form__code", "-valid_from")

    @extend_schema(
        parameters=[OpenApiParameter("form", str, description="A form's code.")],
        responses={200: JpRuleOutputSerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=JpRuleInputSerializer, responses={201: JpRuleOutputSerializer, **error_responses()}
    )
    def post(self, request: Request) -> Response:
        data = JpRuleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        form = DevelopmentForm.objects.filter(code=values.pop("form")).first()
        if form is None:
            raise serializers.ValidationError(
                {"form": [_("No form of development has this code.")]}
            )
        rule = rule_add(form=form, data=RuleInput(**values), actor=request.user)
        return Response(JpRuleOutputSerializer(rule).data, status=status.HTTP_201_CREATED)


# --- activities ----------------------------------------------------------------------


class ActivityOutputSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.code")
    institution_code = serializers.CharField(source="institution.code")
    rule_note = serializers.SerializerMethodField(help_text="How the JP were counted.")
    has_evidence_file = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="submitted, approved, rejected or withdrawn.")

    class Meta:
        model = Activity
        fields = [
            "id", "nip", "full_name", "institution_code", "form", "title", "organiser_name",
            "start_date", "end_date", "quantity", "jp_claimed", "jp_credited", "rule_note",
            "evidence_link", "has_evidence_file", "cost", "status", "source", "decided_at",
            "decision_note", "created_at",
        ]  # fmt: skip

    def get_rule_note(self, obj: Activity) -> str:
        return str(Message.from_json(obj.rule_note)) if obj.rule_note else ""

    def get_has_evidence_file(self, obj: Activity) -> bool:
        return bool(obj.evidence)


class ActivityInputSerializer(serializers.Serializer):
    nip = serializers.CharField(
        max_length=18, required=False, help_text="Staff: the person's NIP (a civil servant: own)."
    )
    form = serializers.SlugField(max_length=40, help_text="The form's code (seminar).")
    title = serializers.CharField(max_length=300, validators=[NoBidiControls("title")])
    organiser_name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, validators=[NoBidiControls("organiser")]
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    quantity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=366)
    jp_claimed = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    evidence = serializers.FileField(required=False, help_text="PDF, JPEG or PNG, at most 5 MB.")
    evidence_link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    cost = serializers.DecimalField(max_digits=15, decimal_places=0, required=False, default=0)


class ActivityDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, validators=[NoBidiControls("note")]
    )


class ActivityListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Activities in the caller's scope (``status``, ``form``, ``year``, ``q``, ``own``);
    POST records one (JSON, or multipart with the evidence file)."""

    scoped_model = Activity
    serializer_class = ActivityOutputSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        params = self.request.query_params
        return activity_list(
            user=self.request.user,
            status=_choice(params, "status", ActivityStatus.values),
            form=query_text(params.get("form"), max_length=40) or "",
            year=_year(params.get("year")),
            q=query_text(params.get("q"), max_length=100) or "",
            own=_flag(params, "own"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ActivityStatus.values),
            OpenApiParameter("form", str),
            OpenApiParameter("year", int),
            OpenApiParameter("q", str),
            OpenApiParameter("own", bool),
        ],
        responses={200: ActivityOutputSerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ActivityInputSerializer,
        responses={201: ActivityOutputSerializer, **error_responses(413)},
    )
    def post(self, request: Request) -> Response:
        data = ActivityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        form = DevelopmentForm.objects.filter(code=values["form"]).first()
        if form is None:
            raise serializers.ValidationError(
                {"form": [_("No form of development has this code.")]}
            )
        person = self.person(request, values.get("nip"))
        activity = activity_record(
            employee=person,
            data=ActivityInput(
                form=form,
                title=values["title"],
                start_date=values["start_date"],
                end_date=values["end_date"],
                jp_claimed=values.get("jp_claimed"),
                quantity=values.get("quantity"),
                organiser_name=values.get("organiser_name") or "",
                evidence_link=values.get("evidence_link") or "",
                cost=values.get("cost") or 0,
            ),
            evidence=values.get("evidence"),
            actor=request.user,
            source="api",
        )
        return Response(ActivityOutputSerializer(activity).data, status=status.HTTP_201_CREATED)

    def person(self, request: Request, nip: str | None) -> Employee:
        if records_for_self(request.user):
            nip = request.user.nip  # type: ignore[union-attr]
        person = (
            Employee.objects.restrict(request.user, "view").filter(nip=nip).first() if nip else None
        )
        if person is None:
            raise serializers.ValidationError(
                {"nip": [_("No civil servant of your institution has this NIP.")]}
            )
        return person


class _ActivityObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Activity
    serializer_class = ActivityOutputSerializer

    def activity(self, pk: int) -> Activity:
        try:
            return activity_get(user=self.request.user, pk=pk)
        except Activity.DoesNotExist:
            raise Http404 from None


class ActivityDetailAPI(_ActivityObjectAPI):
    """One activity, with how its JP were counted."""

    def get(self, request: Request, pk: int) -> Response:
        return Response(ActivityOutputSerializer(self.activity(pk)).data)


class ActivityDecideAPI(_ActivityObjectAPI):
    """Approve (the ledger is credited) or reject with a note (required)."""

    action_map = {"POST": "change"}  # the service checks who decides (never the person)
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ActivityDecisionInputSerializer,
        responses={200: ActivityOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = self.activity(pk)
        data = ActivityDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data.get("note") or ""
        if data.validated_data["decision"] == "approve":
            activity_approve(activity=activity, actor=request.user, note=note)
        else:
            activity_reject(activity=activity, actor=request.user, reason=note)
        return Response(ActivityOutputSerializer(self.activity(pk)).data)


class ActivityWithdrawAPI(_ActivityObjectAPI):
    """Withdraw an activity awaiting approval (the person, or their institution's staff)."""

    action_map = {"POST": "change"}  # the service checks who withdraws
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=None, responses={200: ActivityOutputSerializer, **error_responses(409)})
    def post(self, request: Request, pk: int) -> Response:
        activity = activity_withdraw(activity=self.activity(pk), actor=request.user)
        return Response(ActivityOutputSerializer(activity).data)


# --- the ledger ----------------------------------------------------------------------


class LedgerEntryOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code")
    form = serializers.CharField(source="form.code")
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    activity = serializers.IntegerField(source="activity_id", allow_null=True)
    enrolment = serializers.IntegerField(source="enrolment_id", allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id", "nip", "institution_code", "date", "year", "jp", "form", "source",
            "description", "note", "reverses", "activity", "enrolment", "created_at",
        ]  # fmt: skip


class LedgerYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=8, decimal_places=2)


class PersonLedgerSerializer(serializers.Serializer):
    nip = serializers.CharField()
    full_name = serializers.CharField()
    institution_code = serializers.CharField()
    years = LedgerYearSerializer(many=True)
    entries = LedgerEntryOutputSerializer(many=True)


class LedgerReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, validators=[NoBidiControls("reason")])


def _year(text: str | None) -> int | None:
    """A year filter: absent or empty is none; anything but four digits is a 400."""
    text = text or ""
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) == 4:
        return int(text)
    raise serializers.ValidationError({"year": [_("Give the year with four digits.")]})


def _choice(params: Any, name: str, allowed: Any) -> str:
    """An enumerated filter: absent or empty is none; a value outside ``allowed`` is a 400."""
    value = params.get(name) or ""
    if value and value not in allowed:
        raise serializers.ValidationError({name: [_("Not one of the allowed values.")]})
    return str(value)


def _flag(params: Any, name: str) -> bool:
    value = (params.get(name) or "").lower()
    if value in ("", "0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise serializers.ValidationError({name: [_("Give true or false.")]})


class LedgerListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Entries in the caller's scope, newest first (``year``, ``form``, ``source``,
    ``institution``: an institution's code), paginated."""

    scoped_model = LedgerEntry
    serializer_class = LedgerEntryOutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        params = self.request.query_params
        institution = None
        if params.get("institution"):
            code = params["institution"]
            if "\x00" in code or len(code) > 16:
                raise serializers.ValidationError(
                    {"institution": [_("Give an institution's code.")]}
                )
            found = Institution.objects.filter(code=code).first()
            institution = found.pk if found else 0
        return ledger_list(
            user=self.request.user,
            filters=LedgerFilters(
                year=_year(params.get("year")),
                form=query_text(params.get("form"), max_length=40) or "",
                source=_choice(params, "source", LedgerSource.values),
                institution=institution,
            ),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("form", str),
            OpenApiParameter("source", str, enum=LedgerSource.values),
            OpenApiParameter("institution", str, description="An institution's code."),
        ],
        responses={200: LedgerEntryOutputSerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        rows = (response.data or {}).get("results") if isinstance(response.data, dict) else None
        if rows:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=sorted({r["nip"] for r in rows}),
            )
        return response


class PersonLedgerAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One person's ledger: their JP per year and the entries (``year``: one year's)."""

    scoped_model = LedgerEntry
    serializer_class = PersonLedgerSerializer

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: PersonLedgerSerializer, **error_responses(404)},
    )
    def get(self, request: Request, nip: str) -> Response:
        employee = person_for_ledger(user=request.user, nip=nip[:18])
        if employee is None:
            raise Http404
        entries = person_ledger(
            user=request.user, employee=employee, year=_year(request.query_params.get("year"))
        )
        if getattr(request.user, "nip", "") != employee.nip:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=[employee.nip],
                institution=employee.institution_id,
            )
        body = {
            "nip": employee.nip,
            "full_name": employee.full_name,
            "institution_code": employee.institution.code,
            "years": [{"year": y, "jp": jp} for y, jp in person_years(employee=employee)],
            "entries": list(entries),
        }
        return Response(PersonLedgerSerializer(body).data)


class LedgerReverseAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Reverse an entry with a reason: a new, negative entry (never an edit)."""

    scoped_model = LedgerEntry
    serializer_class = LedgerEntryOutputSerializer
    action_map = {"POST": "add"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=LedgerReasonInputSerializer,
        responses={201: LedgerEntryOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = entry_for_correction(user=request.user, pk=pk)
        if entry is None:
            raise Http404
        if getattr(request.user, "nip", "") == entry.nip:
            raise DomainError(_("Nobody corrects their own ledger."), code="own_ledger")
        data = LedgerReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = ledger_reverse(
            entry=entry, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(LedgerEntryOutputSerializer(reversal).data, status=status.HTTP_201_CREATED)
