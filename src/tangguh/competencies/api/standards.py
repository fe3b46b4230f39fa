"""API of position standards: the tier defaults in force for an institution, one
position's resolved standard, and its own items set. Same selectors and services as
the pages: a position or institution outside the caller's scope is a 404, a role
without the grant a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.people.models import Position

from .. import selectors_standards as standards
from ..models import Tier
from ..services_standards import position_standard_set
from ..tiers import tier_of

_TIERS = " | ".join(Tier.values)
_SOURCES = "position | institution | national"


class TierDefaultOutputSerializer(serializers.Serializer):
    tier = serializers.CharField(help_text=_TIERS)
    competency_code = serializers.CharField()
    national_level = serializers.IntegerField(allow_null=True)
    own_level = serializers.IntegerField(
        allow_null=True, help_text="The institution's own default; null: none set."
    )
    level = serializers.IntegerField(allow_null=True, help_text="What the tier requires.")


class TierDefaultsOutputSerializer(serializers.Serializer):
    institution_code = serializers.CharField(allow_null=True, help_text="Null: national.")
    versions = serializers.ListField(child=serializers.CharField())
    defaults = TierDefaultOutputSerializer(many=True)


class StandardLineOutputSerializer(serializers.Serializer):
    competency_code = serializers.CharField()
    competency_name = serializers.CharField()
    required_level = serializers.IntegerField(allow_null=True, help_text="Null: not required.")
    source = serializers.CharField(allow_null=True, help_text=_SOURCES)
    own_level = serializers.IntegerField(allow_null=True)


class PositionStandardOutputSerializer(serializers.Serializer):
    position_id = serializers.IntegerField()
    position_name = serializers.CharField()
    institution_code = serializers.CharField()
    tier = serializers.CharField(allow_blank=True, help_text=_TIERS + " | empty: no tier")
    versions = serializers.ListField(child=serializers.CharField())
    items = StandardLineOutputSerializer(many=True)

    @staticmethod
    def of(position: Position) -> dict[str, Any]:
        return {
            "position_id": position.pk,
            "position_name": position.name,
            "institution_code": position.institution.code,
            "tier": tier_of(position.kind, position.name),
            "versions": standards.version_labels(position.institution_id),
            "items": [
                {
                    "competency_code": line.competency.code,
                    "competency_name": line.competency.name,
                    "required_level": line.requirement.level if line.requirement else None,
                    "source": line.requirement.source if line.requirement else None,
                    "own_level": line.own,
                }
                for line in standards.position_standard(position)
            ],
        }


class OwnItemInputSerializer(serializers.Serializer):
    competency_code = serializers.CharField(max_length=20)
    level = serializers.IntegerField(
        allow_null=True, min_value=1, max_value=5, help_text="1–5; null removes the own item."
    )


class PositionStandardInputSerializer(serializers.Serializer):
    items = OwnItemInputSerializer(many=True, max_length=200)


class TierDefaultsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The tier defaults in force: national, and an institution's own."""

    scoped_model = Position
    serializer_class = TierDefaultsOutputSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "institution",
                OpenApiTypes.STR,
                description="An institution's code; default: the caller's (national for "
                "the national administrator).",
            )
        ],
        responses={200: TierDefaultsOutputSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request) -> Response:
        code = query_text(request.query_params.get("institution"), max_length=16)
        try:
            institution = standards.target_institution(user=request.user, code=code)
        except Http404:
            raise NotFound(_("No institution with this code in your scope.")) from None
        grid = standards.tier_grid(user=request.user, institution=institution)
        rows = [
            {
                "tier": tier,
                "competency_code": row.competency.code,
                "national_level": cell.national,
                "own_level": cell.own,
                "level": cell.level,
            }
            for row in grid
            for tier, cell in zip(Tier.values, row.cells, strict=True)
            if cell.level is not None
        ]
        return Response(
            {
                "institution_code": institution.code if institution else None,
                "versions": standards.version_labels(institution.pk if institution else None),
                "defaults": rows,
            }
        )


class PositionStandardAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One position's standard (GET); its own items set (PUT: the items named change,
    the others stay)."""

    scoped_model = Position
    serializer_class = PositionStandardOutputSerializer
    # Finding the position needs reading it; setting its items is the service's check.
    action_map = {"PUT": "view"}

    def _position(self, pk: int) -> Position:
        position = self.get_queryset().select_related("institution").filter(pk=pk).first()
        if position is None:
            raise NotFound(_("No position with this id in your scope."))
        return position

    @extend_schema(responses={200: PositionStandardOutputSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PositionStandardOutputSerializer.of(self._position(pk)))

    @extend_schema(
        request=PositionStandardInputSerializer,
        responses={200: PositionStandardOutputSerializer, **error_responses(400, 403, 404)},
    )
    def put(self, request: Request, pk: int) -> Response:
        position = self._position(pk)
        data = PositionStandardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        levels = {i["competency_code"]: i["level"] for i in data.validated_data["items"]}
        try:
            position_standard_set(position=position, levels=levels, actor=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response(PositionStandardOutputSerializer.of(position))


urlpatterns = [
    path("competencies/standards/", TierDefaultsAPI.as_view(), name="competencies-standards"),
    path(
        "competencies/positions/<object_id:pk>/standard/",
        PositionStandardAPI.as_view(),
        name="competencies-position-standard",
    ),
]
