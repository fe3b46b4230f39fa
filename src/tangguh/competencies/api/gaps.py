"""API of the gaps: a person's gaps and current profile (by NIP; staff of the person's
institution tree, audited), and the gap summary over the caller's scope with the same
filters as the page. Same selectors, same scope as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import parse_id, query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read

from .. import selectors_gaps as selectors
from ..models import CompetencyKind, CurrentLevel, Tier
from ..profile import current_levels
from ..selectors_gaps import Figures, Filters


class PersonGapSerializer(serializers.Serializer):
    competency_code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    current = serializers.IntegerField(allow_null=True, help_text="Null: not assessed.")
    gap = serializers.IntegerField(
        allow_null=True, help_text="Required minus current, 0 at or above; null: not assessed."
    )
    source = serializers.CharField(help_text="Where the required level comes from.")  # type: ignore[assignment]


class PersonGapsSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    institution_code = serializers.CharField()
    position = serializers.CharField(allow_null=True)
    gaps = PersonGapSerializer(many=True)


class LevelSerializer(serializers.Serializer):
    competency_code = serializers.CharField()
    level = serializers.IntegerField()
    assessed_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    method = serializers.CharField()
    assessment_id = serializers.IntegerField()


class PersonProfileSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    institution_code = serializers.CharField()
    levels = LevelSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    people = serializers.IntegerField(help_text="People whose position requires it.")
    not_assessed = serializers.IntegerField()
    meets = serializers.IntegerField()
    short_by = serializers.ListField(
        child=serializers.IntegerField(), help_text="People short by 1, 2, 3, 4 or more levels."
    )
    short = serializers.IntegerField()

    @staticmethod
    def of(f: Figures) -> dict[str, Any]:
        return {
            "people": f.people,
            "not_assessed": f.unassessed,
            "meets": f.meets,
            "short_by": f.short_by,
            "short": f.short,
        }


class ColumnFiguresSerializer(FiguresSerializer):
    column = serializers.CharField()


class SummaryLineSerializer(serializers.Serializer):
    competency_code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    total = FiguresSerializer()
    columns = ColumnFiguresSerializer(many=True)


class VersionSerializer(serializers.Serializer):
    framework = serializers.CharField()
    version = serializers.IntegerField()


class GapSummarySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["nation", "province", "institution"])
    institution_code = serializers.CharField(allow_null=True)
    work_unit_id = serializers.IntegerField(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField())
    versions = VersionSerializer(many=True)
    lines = SummaryLineSerializer(many=True)


class _GapsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = CurrentLevel
    pagination_class = None

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not selectors.may_read(request.user):  # a civil servant: their own page
            self.permission_denied(request)


class PersonGapsAPI(_GapsAPI):
    """GET: every competency the person's position requires, the required and current
    level and the gap (``current`` and ``gap`` null when not assessed)."""

    serializer_class = PersonGapsSerializer

    @extend_schema(responses={200: PersonGapsSerializer, **error_responses(403, 404)})
    def get(self, request: Request, nip: str) -> Response:
        employee = selectors.readable_person(user=request.user, nip=nip)
        profile = selectors.person_profile(user=request.user, employee=employee)
        audit_read(
            request=request,
            action="competencies.person_gaps",
            nips=[employee.nip],
            institution=employee.institution,
        )
        return Response(
            {
                "nip": employee.nip,
                "name": employee.display_name,
                "institution_code": employee.institution.code,
                "position": employee.position.name if employee.position else None,
                "gaps": [
                    {**g.as_json(), "name": g.name, "kind": g.kind, "source": g.source}
                    for g in profile.gaps
                ],
            }
        )


class PersonProfileAPI(_GapsAPI):
    """GET: the person's current level per competency (lapsed levels left out)."""

    serializer_class = PersonProfileSerializer

    @extend_schema(responses={200: PersonProfileSerializer, **error_responses(403, 404)})
    def get(self, request: Request, nip: str) -> Response:
        employee = selectors.readable_person(user=request.user, nip=nip)
        audit_read(
            request=request,
            action="competencies.person_gaps",
            nips=[employee.nip],
            institution=employee.institution,
        )
        levels = current_levels(employee.pk)
        return Response(
            {
                "nip": employee.nip,
                "name": employee.display_name,
                "institution_code": employee.institution.code,
                "levels": [
                    {
                        "competency_code": code,
                        "level": row.level,
                        "assessed_on": row.assessed_on,
                        "valid_until": row.valid_until,
                        "method": row.assessment.method.code,
                        "assessment_id": row.assessment_id,
                    }
                    for code, row in sorted(levels.items())
                ],
            }
        )


_PARAMETERS = [
    OpenApiParameter(
        "institution",
        OpenApiTypes.STR,
        description="An institution's code in the caller's scope (default: the caller's "
        "own; the nation for a national reader). A province's code reads its tree.",
    ),
    OpenApiParameter("unit", OpenApiTypes.INT, description="A work unit of the institution."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=CompetencyKind.values),
    OpenApiParameter("tier", OpenApiTypes.STR, enum=Tier.values),
]


class GapSummaryAPI(_GapsAPI):
    """GET: per competency, how many people fall short by how much, in total and per
    column (work units of an institution, institutions of a province, provinces and
    central institutions of the nation)."""

    serializer_class = GapSummarySerializer

    def filters(self, request: Request) -> Filters:
        params = request.query_params
        errors: dict[str, list[str]] = {}
        raw_code = params.get("institution") or ""
        code = query_text(raw_code, max_length=16) or ""
        if raw_code and not code:
            raise NotFound  # no institution has such a code (a NUL, too long)
        institution = (
            selectors.readable_institution(user=request.user, code=code)
            if code
            else selectors.default_institution(request.user)
        )
        unit = None
        raw_unit = params.get("unit") or ""
        if raw_unit:
            unit_id = parse_id(raw_unit)
            unit = (
                selectors.readable_unit(institution=institution, unit_id=unit_id)
                if institution is not None and unit_id is not None
                else None
            )
            if unit is None:
                errors["unit"] = ["Give the id of a work unit of the institution."]
        kind = params.get("kind") or ""
        if kind and kind not in CompetencyKind.values:
            errors["kind"] = [f"Give one of: {', '.join(CompetencyKind.values)}."]
        tier = params.get("tier") or ""
        if tier and tier not in Tier.values:
            errors["tier"] = [f"Give one of: {', '.join(Tier.values)}."]
        if errors:
            raise ValidationError(errors)
        return Filters(institution=institution, unit=unit, kind=kind, tier=tier)

    @extend_schema(
        parameters=_PARAMETERS,
        responses={200: GapSummarySerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        result = selectors.gap_summary(user=request.user, filters=self.filters(request))
        labels = [c.label for c in result.columns]
        return Response(
            {
                "level": result.level,
                "institution_code": result.institution.code if result.institution else None,
                "work_unit_id": result.unit.pk if result.unit else None,
                "columns": labels,
                "versions": result.versions,
                "lines": [
                    {
                        "competency_code": line.code,
                        "name": line.name,
                        "kind": line.kind,
                        "total": FiguresSerializer.of(line.total),
                        "columns": [
                            {"column": label, **FiguresSerializer.of(cell)}
                            for label, cell in zip(labels, line.cells, strict=True)
                        ],
                    }
                    for line in result.lines
                ],
            }
        )


urlpatterns = [
    path(
        "competencies/people/<str:nip>/gaps/",
        PersonGapsAPI.as_view(),
        name="competencies-person-gaps",
    ),
    path(
        "competencies/people/<str:nip>/profile/",
        PersonProfileAPI.as_view(),
        name="competencies-person-profile",
    ),
    path("competencies/gaps/", GapSummaryAPI.as_view(), name="competencies-gaps"),
]
