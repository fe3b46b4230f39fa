"""The personal development plans' API: an institution's plans for a year, one plan
with its items and what completed them, drafting a plan, adding an item, submitting,
the decision; and a civil servant's own plan.

The rules are the services'; the queryset is restricted as on the pages (a plan
outside the caller's scope is a 404).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.scoping import Scope, institution_ids_in_scope, scope_for
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee

from ..loop import completion
from ..models import DevelopmentPlan, PlanItem, PlanStatus
from ..selectors_plans import institution_plans, own_plan, plan_get, plan_items
from ..services_plans import (
    ItemData,
    plan_create,
    plan_decide,
    plan_item_add,
    plan_submit,
)


class PlanItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    activity = serializers.CharField()
    competency_code = serializers.CharField(allow_blank=True)
    target_level = serializers.IntegerField(allow_null=True)
    programme = serializers.IntegerField(allow_null=True)
    form = serializers.CharField(allow_null=True, help_text="The form's code.")
    jp = serializers.DecimalField(max_digits=7, decimal_places=2)
    cost = serializers.IntegerField()
    done = serializers.BooleanField(
        help_text="Completed: a JP credit in the plan's year from the development aimed at it."
    )
    completed_on = serializers.DateField(allow_null=True)

    @staticmethod
    def row(item: PlanItem, credit: Any) -> dict[str, Any]:
        return {
            "id": item.pk,
            "activity": item.activity,
            "competency_code": item.code,
            "target_level": item.target_level,
            "programme": item.programme_id,
            "form": item.form.code if item.form is not None else None,
            "jp": item.jp,
            "cost": int(item.cost),
            "done": credit is not None,
            "completed_on": credit.date if credit else None,
        }


class PlanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField()
    full_name = serializers.CharField()
    institution = serializers.CharField(help_text="The institution's code.")
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    total_jp = serializers.DecimalField(max_digits=9, decimal_places=2)
    total_cost = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_blank=True)

    @staticmethod
    def row(plan: DevelopmentPlan) -> dict[str, Any]:
        return {
            "id": plan.pk,
            "nip": plan.nip,
            "full_name": plan.employee.full_name,
            "institution": plan.institution.code,
            "year": plan.year,
            "status": plan.status,
            "total_jp": getattr(plan, "total_jp"),  # noqa: B009  (annotated)
            "total_cost": int(getattr(plan, "total_cost")),  # noqa: B009  (annotated)
            "submitted_at": plan.submitted_at,
            "decided_at": plan.decided_at,
            "decision_note": plan.decision_note,
        }


class PlanDetailOutputSerializer(PlanOutputSerializer):
    items = PlanItemOutputSerializer(many=True)


class PlanCreateInputSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=18, help_text="The civil servant's NIP / NI PPPK.")
    year = serializers.IntegerField(min_value=1900, max_value=9999)


class PlanItemInputSerializer(serializers.Serializer):
    activity = serializers.CharField(required=False, allow_blank=True, max_length=300)
    competency_code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    target_level = serializers.IntegerField(required=False, allow_null=True)
    programme = serializers.IntegerField(required=False, allow_null=True)
    form = serializers.IntegerField(required=False, allow_null=True, help_text="The form's id.")
    jp = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    cost = serializers.IntegerField(required=False, allow_null=True)


class PlanDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _detail(plan: DevelopmentPlan) -> Any:
    items = plan_items(plan)
    done = completion(plan, items)
    body = {
        **PlanOutputSerializer.row(plan),
        "items": [PlanItemOutputSerializer.row(i, done.get(i.pk)) for i in items],
    }
    return PlanDetailOutputSerializer(body).data


def _plan(request: Request, pk: int) -> DevelopmentPlan:
    try:
        return plan_get(user=request.user, pk=pk)
    except DevelopmentPlan.DoesNotExist:
        raise NotFound(_("No plan with this id in your scope.")) from None


def _year(raw: Any) -> int:
    if raw in (None, ""):
        return timezone.localdate().year
    text = str(raw)
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationError({"year": [_("Give the year with four digits.")]})
    return int(text)


class PlanListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """An institution's plans for a year (GET; staff); POST drafts a person's plan."""

    scoped_model = DevelopmentPlan
    serializer_class = PlanOutputSerializer
    pagination_class = None  # one plan per person and year in one institution

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "institution", OpenApiTypes.STR, description="Institution code; default: yours."
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=PlanStatus.values),
        ],
        responses={200: PlanOutputSerializer(many=True), **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        if scope_for(request.user, DevelopmentPlan, "view") == Scope.SELF:
            raise PermissionDenied(_("Your own plan is at competencies/my-plan/."))
        year = _year(request.query_params.get("year"))
        state = request.query_params.get("status", "")
        if state and state not in PlanStatus.values:
            raise ValidationError({"status": [_("Not a plan status.")]})
        raw_code = request.query_params.get("institution") or ""
        code = query_text(raw_code, max_length=16) or ""
        if raw_code and not code:
            raise NotFound  # no institution has such a code (a NUL, too long)
        ids = institution_ids_in_scope(request.user, DevelopmentPlan, "view")
        institutions = (
            Institution.objects.all() if ids is None else Institution.objects.filter(pk__in=ids)
        )
        institution = (
            institutions.filter(code=code).first()
            if code
            else institutions.filter(pk=getattr(request.user, "institution_id", None)).first()
        )
        if institution is None:
            raise NotFound(_("No institution with this code in your scope."))
        plans = list(
            institution_plans(
                user=request.user, institution_id=institution.pk, year=year, status=state
            ).select_related("institution")
        )
        audit_read(
            request=request,
            action="competencies.plans_view",
            nips=[p.nip for p in plans],
            institution=institution.pk,
        )
        return Response(
            PlanOutputSerializer([PlanOutputSerializer.row(p) for p in plans], many=True).data
        )

    @extend_schema(
        request=PlanCreateInputSerializer,
        responses={201: PlanDetailOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = PlanCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nip = data.validated_data["nip"]
        employee = Employee.objects.restrict(request.user, "view").filter(nip=nip).first()
        if employee is None and nip == getattr(request.user, "nip", ""):
            employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise NotFound(_("No civil servant with this NIP in your scope."))
        plan = plan_create(employee=employee, year=data.validated_data["year"], actor=request.user)
        return Response(_detail(_plan(request, plan.pk)), status=status.HTTP_201_CREATED)


class PlanDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One plan with its items and what completed them."""

    scoped_model = DevelopmentPlan
    serializer_class = PlanDetailOutputSerializer

    @extend_schema(responses={200: PlanDetailOutputSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        plan = _plan(request, pk)
        audit_read(
            request=request, action="competencies.plan_view", nips=[plan.nip], target=plan,
            institution=plan.institution_id,
        )  # fmt: skip
        return Response(_detail(plan))


class PlanItemsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Add a planned activity to a draft or returned plan."""

    scoped_model = PlanItem
    serializer_class = PlanItemInputSerializer
    action_map = {"POST": "add"}

    @extend_schema(
        request=PlanItemInputSerializer,
        responses={201: PlanDetailOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        plan = _plan(request, pk)
        data = PlanItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        plan_item_add(
            plan=plan,
            data=ItemData(
                activity=v.get("activity") or "",
                code=v.get("competency_code") or "",
                target_level=v.get("target_level"),
                programme_id=v.get("programme"),
                form_id=v.get("form"),
                jp=v.get("jp"),
                cost=v.get("cost"),
            ),
            actor=request.user,
        )
        return Response(_detail(_plan(request, pk)), status=status.HTTP_201_CREATED)


class PlanSubmitAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Submit a draft or returned plan for approval."""

    scoped_model = DevelopmentPlan
    serializer_class = PlanDetailOutputSerializer
    action_map = {"POST": "change"}

    @extend_schema(
        request=None,
        responses={200: PlanDetailOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        plan_submit(plan=_plan(request, pk), actor=request.user)
        return Response(_detail(_plan(request, pk)))


class PlanDecisionAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Approve a submitted plan, or return it with a note (never one's own plan)."""

    scoped_model = DevelopmentPlan
    serializer_class = PlanDecisionInputSerializer
    action_map = {"POST": "change"}

    @extend_schema(
        request=PlanDecisionInputSerializer,
        responses={200: PlanDetailOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        plan = _plan(request, pk)
        data = PlanDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan_decide(
            plan=plan,
            approve=data.validated_data["decision"] == "approve",
            note=data.validated_data.get("note", ""),
            actor=request.user,
        )
        return Response(_detail(_plan(request, pk)))


class MyPlanAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The caller's own plan for a year (404 when there is none)."""

    scoped_model = DevelopmentPlan
    serializer_class = PlanDetailOutputSerializer

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year.")],
        responses={200: PlanDetailOutputSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        plan = own_plan(user=request.user, year=_year(request.query_params.get("year")))
        if plan is None:
            raise NotFound(_("You have no plan for this year yet."))
        return Response(_detail(_plan(request, plan.pk)))


urlpatterns: list[URLPattern | URLResolver] = [
    path("competencies/plans/", PlanListAPI.as_view(), name="competencies-plans"),
    path("competencies/plans/<object_id:pk>/", PlanDetailAPI.as_view(), name="competencies-plan"),
    path(
        "competencies/plans/<object_id:pk>/items/",
        PlanItemsAPI.as_view(),
        name="competencies-plan-items",
    ),
    path(
        "competencies/plans/<object_id:pk>/submit/",
        PlanSubmitAPI.as_view(),
        name="competencies-plan-submit",
    ),
    path(
        "competencies/plans/<object_id:pk>/decision/",
        PlanDecisionAPI.as_view(),
        name="competencies-plan-decision",
    ),
    path("competencies/my-plan/", MyPlanAPI.as_view(), name="competencies-my-plan"),
]
