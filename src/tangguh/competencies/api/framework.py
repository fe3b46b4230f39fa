"""API of the dictionaries: the competencies in force (national and an institution's
own, each naming its version), the versions a caller reads and one version with its
competencies and five levels. Every signed-in role reads them; the writes are the
pages' (``services_framework``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.exceptions import DomainError
from tangguh.institutions.models import Institution

from ..frameworks import version_label
from ..models import Competency, CompetencyKind, FrameworkVersion, VersionStatus
from ..selectors_framework import in_force, version_competencies


class DictionaryLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=5)
    description = serializers.CharField()
    description_en = serializers.CharField()
    indicators = serializers.ListField(child=serializers.CharField())
    indicators_en = serializers.ListField(child=serializers.CharField())


class DictionaryVersionLabelSerializer(serializers.Serializer):
    framework = serializers.CharField(help_text='"national" or the owning institution\'s code.')
    version = serializers.IntegerField()


class DictionaryCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=CompetencyKind.choices)
    name = serializers.CharField()
    name_en = serializers.CharField()
    definition = serializers.CharField()
    definition_en = serializers.CharField()
    is_product_summary = serializers.BooleanField(
        help_text="The texts are Tangguh's own summary, not a regulation's wording."
    )
    version = DictionaryVersionLabelSerializer()
    levels = DictionaryLevelSerializer(many=True)

    @staticmethod
    def row(c: Competency) -> dict[str, Any]:
        return {
            "code": c.code,
            "kind": c.kind,
            "name": c.name,
            "name_en": c.name_en,
            "definition": c.definition,
            "definition_en": c.definition_en,
            "is_product_summary": c.is_product_summary,
            "version": version_label(c.version),
            "levels": [
                {
                    "level": lv.level,
                    "description": lv.description,
                    "description_en": lv.description_en,
                    "indicators": list(lv.indicators or []),
                    "indicators_en": list(lv.indicators_en or []),
                }
                for lv in c.levels.all()
            ],
        }


class DictionaryVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.CharField(help_text='"national" or the owning institution\'s code.')
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    competencies = serializers.IntegerField(help_text="How many competencies it holds.")

    @staticmethod
    def row(v: FrameworkVersion, size: int) -> dict[str, Any]:
        return {
            "id": v.pk,
            "framework": version_label(v)["framework"],
            "number": v.number,
            "status": v.status,
            "note": v.note,
            "published_at": v.published_at,
            "competencies": size,
        }


class DictionaryVersionDetailSerializer(DictionaryVersionSerializer):
    items = DictionaryCompetencySerializer(many=True)


class CompetencyListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The competencies in force: the national dictionary's published version and the
    institution's own (``institution``: its code; default the caller's)."""

    scoped_model = Competency
    serializer_class = DictionaryCompetencySerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "institution",
                OpenApiTypes.STR,
                description="An institution's code: its own technical dictionary too.",
            )
        ],
        responses={200: DictionaryCompetencySerializer(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("institution", "")
        institution_id = getattr(request.user, "institution_id", None)
        if raw != "":
            code = query_text(raw, max_length=16)
            found = Institution.objects.filter(code=code).first() if code else None
            if found is None:
                raise DomainError(
                    _("No institution has the code “%(code)s”.") % {"code": raw[:16]},
                    errors=[{"field": "institution", "message": _("No such institution.")}],
                )
            institution_id = found.pk
        rows = in_force(request.user, institution_id)
        return Response([DictionaryCompetencySerializer.row(c) for c in rows])


class VersionListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The dictionaries' versions the caller reads (newest first per dictionary)."""

    scoped_model = FrameworkVersion
    serializer_class = DictionaryVersionSerializer
    pagination_class = None

    @extend_schema(responses={200: DictionaryVersionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        from django.db.models import Count

        rows = (
            self.get_queryset()
            .select_related("framework__owner")
            .annotate(size=Count("competencies"))
            .order_by("framework__owner__code", "-number")
        )
        return Response([DictionaryVersionSerializer.row(v, v.size) for v in rows])


class VersionDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """One version with its competencies and their five levels."""

    scoped_model = FrameworkVersion
    serializer_class = DictionaryVersionDetailSerializer

    @extend_schema(responses={200: DictionaryVersionDetailSerializer, **error_responses(404)})
    def get(self, request: Request, pk: int) -> Response:
        version = self.get_queryset().select_related("framework__owner").filter(pk=pk).first()
        if version is None:
            raise Http404
        items = version_competencies(request.user, version)
        for c in items:
            c.version = version
        body = {
            **DictionaryVersionSerializer.row(version, len(items)),
            "items": [DictionaryCompetencySerializer.row(c) for c in items],
        }
        return Response(body)


urlpatterns: list[URLPattern | URLResolver] = [
    path("competencies/", CompetencyListAPI.as_view(), name="competencies-list"),
    path("competencies/versions/", VersionListAPI.as_view(), name="competencies-version-list"),
    path(
        "competencies/versions/<object_id:pk>/",
        VersionDetailAPI.as_view(),
        name="competencies-version-detail",
    ),
]
