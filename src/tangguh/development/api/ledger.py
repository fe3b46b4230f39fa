"""API of the JP conversion table, recorded activities and the ledger."""

from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin

from ..models import Activity, JpRule, LedgerEntry


class RuleOutputSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.code")

    class Meta:
        model = JpRule
        fields = ["id", "form", "valid_from", "basis", "jp_per_unit", "is_maximum",
                  "max_units_per_month", "max_jp_per_year", "source"]  # fmt: skip


class RuleListAPI(RestrictedAPIMixin, generics.ListAPIView):
    scoped_model = JpRule
    serializer_class = RuleOutputSerializer

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("form")


class ActivityListAPI(RestrictedAPIMixin, generics.ListAPIView):
    scoped_model = Activity

    def get(self, request: Request) -> Response:
        return Response([])


class ActivityDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Activity

    def get(self, request: Request, pk: int) -> Response:
        return Response({})


class ActivityDecideAPI(ActivityDetailAPI):
    action_map = {"POST": "change"}


class ActivityWithdrawAPI(ActivityDetailAPI):
    action_map = {"POST": "change"}


class LedgerListAPI(RestrictedAPIMixin, generics.ListAPIView):
    scoped_model = LedgerEntry

    def get(self, request: Request) -> Response:
        return Response([])


class PersonLedgerAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = LedgerEntry

    def get(self, request: Request, nip: str) -> Response:
        return Response([])


class LedgerReverseAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = LedgerEntry
    action_map = {"POST": "add"}

    def post(self, request: Request, pk: int) -> Response:
        return Response({})
