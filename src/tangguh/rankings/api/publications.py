"""API of published rankings: the list (by category and period), one publication's
frozen table with its hash, version and the version it corrects, and one row's frozen
records (the same rule as a live explanation: the records only for those who may read
them in that institution). What was published never changes, whatever the data since.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.certification.metrics import Period
from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.exceptions import DomainError

from .. import snapshot
from ..access import may_see_records
from ..models import Category, Publication, PublishedRow
from ..registry import get_metric, json_number
from .categories import RecordsSerializer
from .common import field_error, method_text, moment, path_code, records_payload


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField(help_text="The category's code.")
    name = serializers.CharField(help_text="The name as published, in the request's language.")
    period = serializers.CharField(help_text="2022 or 2020-2022.")
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    version = serializers.IntegerField(help_text="1, then one more for each correction.")
    supersedes = serializers.IntegerField(allow_null=True, help_text="The version it corrects.")
    superseded_by = serializers.IntegerField(allow_null=True, help_text="Its correction, if any.")
    correction_reason = serializers.CharField(allow_blank=True)
    data_as_of = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    content_hash = serializers.CharField(help_text="sha256 over the definition, rows and records.")

    @staticmethod
    def of(publication: Publication) -> dict[str, Any]:
        definition = publication.definition or {}
        english = (get_language() or "id").startswith("en")
        name = definition.get("name_en" if english else "name_id") or definition.get("name_id")
        try:
            superseded_by = publication.superseded_by.pk
        except Publication.superseded_by.RelatedObjectDoesNotExist:
            superseded_by = None
        return {
            "id": publication.pk,
            "category": publication.category.code,
            "name": name or publication.category.code,
            "period": publication.period_label,
            "first_year": publication.first_year,
            "last_year": publication.last_year,
            "version": publication.version,
            "supersedes": publication.supersedes_id,
            "superseded_by": superseded_by,
            "correction_reason": publication.correction_reason,
            "data_as_of": moment(publication.data_as_of),
            "published_at": moment(publication.published_at),
            "content_hash": publication.content_hash,
        }


class PublishedRowSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    rank = serializers.IntegerField()
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    value = serializers.FloatField()
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    awarded = serializers.BooleanField()


class PublicationDetailSerializer(PublicationSerializer):
    definition = serializers.DictField(help_text="The category's definition as published.")
    method = serializers.CharField(help_text="The method as published, in words.")
    verified = serializers.BooleanField(
        help_text="The stored definition, method and rows still give content_hash."
    )
    rows = PublishedRowSerializer(many=True)


class PublishedExplanationSerializer(RecordsSerializer):
    publication = serializers.IntegerField()
    category = serializers.CharField()
    period = serializers.CharField()
    version = serializers.IntegerField()
    institution_code = serializers.CharField()
    institution_name = serializers.CharField()
    rank = serializers.IntegerField()
    value = serializers.FloatField()
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)


def _publication_or_404(queryset: Any, pk: int) -> Publication:
    publication = queryset.select_related("category").filter(pk=pk).first()
    if publication is None:
        raise NotFound(_("No published ranking with this id."))
    return publication


class PublicationListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: published rankings, the newest first; ``?category=`` one category's,
    ``?period=`` one period's."""

    scoped_model = Publication
    serializer_class = PublicationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("category", OpenApiTypes.STR, description="A category's code."),
            OpenApiParameter("period", OpenApiTypes.STR, description="2022 or 2020-2022."),
        ],
        responses={200: PublicationSerializer(many=True), **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        queryset = self.get_queryset().select_related("category", "superseded_by")
        raw = request.query_params.get("category", "")
        if raw != "":
            code = query_text(raw, max_length=64)
            category = (
                Category.objects.restrict(request.user, "view").filter(code=code).first()
                if code
                else None
            )
            if category is None:
                raise DomainError(
                    _("No award category has the code “%(code)s”.") % {"code": raw[:64]},
                    errors=[{"field": "category", "message": _("No such category.")}],
                )
            queryset = queryset.filter(category=category)
        raw = request.query_params.get("period", "")
        if raw != "":
            try:
                period = Period.parse(raw[:40] if raw.isascii() and "\x00" not in raw else "?")
            except DomainError as error:
                raise field_error("period", error) from None
            queryset = queryset.filter(first_year=period.start.year, last_year=period.end.year)
        page = self.paginate_queryset(queryset.order_by("-published_at", "-pk"))
        return self.get_paginated_response([PublicationSerializer.of(p) for p in page])


class PublicationDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: one published ranking as frozen: its rows, method, hash and versions."""

    scoped_model = Publication
    serializer_class = PublicationDetailSerializer

    @extend_schema(responses={200: PublicationDetailSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        publication = _publication_or_404(self.get_queryset(), pk)
        # The table only: the records stay in the database (a national table holds many).
        rows = PublishedRow.objects.filter(publication=publication).defer("records")
        return Response(
            {
                **PublicationSerializer.of(publication),
                "definition": publication.definition,
                "method": method_text(publication.method),
                "verified": snapshot.verify(publication),
                "rows": [
                    {
                        "position": row.position,
                        "rank": row.rank,
                        "institution_code": row.institution_code,
                        "institution_name": row.institution_name,
                        "value": json_number(row.value),
                        "numerator": json_number(row.numerator),
                        "denominator": json_number(row.denominator),
                        "awarded": row.awarded,
                    }
                    for row in rows.order_by("position")
                ],
            }
        )


class PublicationExplainAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: one institution's row of a published ranking with the records frozen with it."""

    scoped_model = Publication
    serializer_class = PublishedExplanationSerializer
    pagination_class = None

    @extend_schema(responses={200: PublishedExplanationSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int, institution: str) -> Response:
        publication = _publication_or_404(self.get_queryset(), pk)
        code = path_code(institution)
        rows = PublishedRow.objects.filter(publication=publication, institution_code=code)
        row = rows.first() if code else None
        if row is None:
            raise NotFound(_("This institution is not in this published ranking."))
        try:
            metric = get_metric(str((publication.definition or {}).get("metric", "")))
            visible = may_see_records(request.user, metric, row.institution_id)
        except DomainError:  # a metric since removed: nobody's grants can be asked
            visible = False
        return Response(
            {
                "publication": publication.pk,
                "category": publication.category.code,
                "period": publication.period_label,
                "version": publication.version,
                "institution_code": row.institution_code,
                "institution_name": row.institution_name,
                "rank": row.rank,
                "value": json_number(row.value),
                "numerator": json_number(row.numerator),
                "denominator": json_number(row.denominator),
                **records_payload(visible=visible, records=list(row.records or [])),
            }
        )
