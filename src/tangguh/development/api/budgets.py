"""API of budgets: the list for a year, one budget with its revisions and realisation,
a revision entered, approved or rejected. Same selectors and services as the pages:
an institution outside the caller's scope is a 404, a role without the grant a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses

from .. import selectors_budgets as budgets
from ..models import Budget, BudgetRevision, RevisionKind
from ..realisation import Piece
from ..selectors_budgets import BudgetFigures
from ..services_budgets import (
    FIRST_YEAR,
    Figures,
    budget_revision_approve,
    budget_revision_reject,
    budget_revision_submit,
    last_year,
)

_KINDS = " | ".join(RevisionKind.values)


def _money(value: Any) -> int | None:
    return None if value is None else int(value)


class BudgetOutputSerializer(serializers.Serializer):
    """An institution's budget for a year (the latest approved revision) and its realisation."""

    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    approved_revision = serializers.IntegerField(allow_null=True)
    total_budget = serializers.IntegerField(allow_null=True, help_text="Whole Rupiah.")
    development_allocation = serializers.IntegerField(allow_null=True, help_text="Whole Rupiah.")
    share = serializers.FloatField(allow_null=True, help_text="Allocation / total, 0 to 1.")
    civil_servants = serializers.IntegerField()
    per_civil_servant = serializers.IntegerField(allow_null=True, help_text="Whole Rupiah.")
    realisation = serializers.IntegerField(help_text="Whole Rupiah, from the records.")
    revisions_awaiting_approval = serializers.IntegerField()

    @staticmethod
    def row(f: BudgetFigures) -> dict[str, Any]:
        return {
            "institution_code": f.institution.code,
            "institution_name": f.institution.name,
            "fiscal_year": f.year,
            "approved_revision": f.allocation.revision_number if f.allocation else None,
            "total_budget": _money(f.total_budget),
            "development_allocation": _money(f.development_allocation),
            "share": None if f.share is None else float(f.share),
            "civil_servants": f.civil_servants,
            "per_civil_servant": _money(f.per_civil_servant),
            "realisation": int(f.realisation),
            "revisions_awaiting_approval": f.pending,
        }


class BudgetPieceOutputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="organiser | co_host | guest_fees | activity")
    amount = serializers.IntegerField()
    session_id = serializers.IntegerField(allow_null=True)
    activity_id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    end_date = serializers.DateField()
    participants = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="A host's percent of the session.")

    @staticmethod
    def row(p: Piece) -> dict[str, Any]:
        return {
            "kind": p.kind,
            "amount": int(p.amount),
            "session_id": p.session_id,
            "activity_id": p.activity_id,
            "label": p.label,
            "end_date": p.end_date,
            "participants": p.participants,
            "share": None if p.share is None else float(p.share),
        }


class BudgetRevisionOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code")
    entered_by = serializers.CharField(source="entered_by.username", allow_null=True, default=None)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    kind = serializers.CharField(help_text=_KINDS)
    total_budget = serializers.IntegerField()
    development_allocation = serializers.IntegerField()

    class Meta:
        model = BudgetRevision
        fields = [
            "id", "institution_code", "fiscal_year", "number", "kind", "total_budget",
            "development_allocation", "document", "effective_date", "note", "status", "source",
            "entered_by", "entered_at", "decided_by", "decided_at", "decision_note",
        ]  # fmt: skip


class BudgetDetailOutputSerializer(BudgetOutputSerializer):
    planned_cost = serializers.IntegerField(
        allow_null=True, help_text="From personal development plans; null: no plans yet."
    )
    realisation_pieces = BudgetPieceOutputSerializer(many=True)
    revisions = BudgetRevisionOutputSerializer(many=True)


class BudgetRevisionInputSerializer(serializers.Serializer):
    # Text, not an enum: the schema already has a "kind" enum (institutions); the service
    # refuses any other value with a field message.
    kind = serializers.CharField(help_text=_KINDS, max_length=10)
    total_budget = serializers.CharField(help_text="Whole Rupiah, not negative.")
    development_allocation = serializers.CharField(
        help_text="Whole Rupiah, not negative, at most the total."
    )
    document = serializers.CharField(required=False, allow_blank=True, max_length=200)
    effective_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BudgetReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _year(raw: Any) -> int:
    text = str(raw or "")
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationError({"year": [_("Give the fiscal year with four digits.")]})
    return int(text)


def _in_range(year: int) -> int:
    if not FIRST_YEAR <= year <= last_year():
        raise NotFound(_("No budget year %(year)s.") % {"year": year})
    return year


def _institution(request: Request, code: str) -> Any:
    try:
        return budgets.budget_institution(user=request.user, code=code)
    except Http404:
        raise NotFound(_("No institution with this code in your scope.")) from None


class BudgetListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Budgets of a year for every institution in the caller's scope that has one."""

    scoped_model = Budget
    serializer_class = BudgetOutputSerializer
    pagination_class = None  # one row per institution in scope: a bounded list

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description="Fiscal year; default: this year."
            )
        ],
        responses={200: BudgetOutputSerializer(many=True), **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("year")
        year = _year(raw) if raw else timezone.localdate().year
        institutions = list(budgets.listed_institutions(user=request.user, year=year))
        rows = budgets.figures_for(institutions, year)
        return Response([BudgetOutputSerializer.row(f) for f in rows])


class BudgetDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One institution's budget for a year: figures, realisation pieces, revisions."""

    scoped_model = Budget
    serializer_class = BudgetDetailOutputSerializer

    @extend_schema(responses={200: BudgetDetailOutputSerializer, **error_responses(403, 404)})
    def get(self, request: Request, code: str, year: int) -> Response:
        _in_range(year)
        institution = _institution(request, code)
        f = budgets.budget_figures(user=request.user, institution=institution, year=year)
        revisions = budgets.revisions_of(user=request.user, institution=institution, year=year)
        return Response(
            {
                **BudgetOutputSerializer.row(f),
                "planned_cost": _money(f.plan),
                "realisation_pieces": [
                    BudgetPieceOutputSerializer.row(p) for p in f.realised.pieces
                ],
                "revisions": BudgetRevisionOutputSerializer(revisions, many=True).data,
            }
        )


class BudgetRevisionCreateAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Enter a revision of an institution's budget for a year; it awaits approval."""

    scoped_model = BudgetRevision
    serializer_class = BudgetRevisionInputSerializer

    @extend_schema(
        request=BudgetRevisionInputSerializer,
        responses={201: BudgetRevisionOutputSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, code: str, year: int) -> Response:
        _in_range(year)
        institution = _institution(request, code)
        data = BudgetRevisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        figures = Figures(
            kind=v["kind"],
            total_budget=v["total_budget"],
            development_allocation=v["development_allocation"],
            document=v.get("document") or "",
            effective_date=v.get("effective_date"),
            note=v.get("note") or "",
        )
        try:
            revision = budget_revision_submit(
                institution=institution, year=year, figures=figures, actor=request.user,
                source="api",
            )  # fmt: skip
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response(
            BudgetRevisionOutputSerializer(revision).data, status=status.HTTP_201_CREATED
        )


class BudgetRevisionDecideAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Approve or reject a revision (an administrator who did not enter it)."""

    scoped_model = BudgetRevision
    serializer_class = BudgetReasonInputSerializer
    action_map = {"POST": "change"}
    decision = "approve"

    @extend_schema(
        request=BudgetReasonInputSerializer,
        responses={200: BudgetRevisionOutputSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        revision = self.get_queryset().select_related("institution").filter(pk=pk).first()
        if revision is None:
            raise NotFound(_("No budget revision with this id in your scope."))
        data = BudgetReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if self.decision == "approve":
            revision = budget_revision_approve(revision=revision, actor=request.user)
        else:
            revision = budget_revision_reject(
                revision=revision, actor=request.user, reason=data.validated_data.get("reason", "")
            )
        return Response(BudgetRevisionOutputSerializer(revision).data)
