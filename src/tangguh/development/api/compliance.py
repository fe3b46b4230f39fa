"""API of the 20-JP duty: aggregates per province, institution and unit, a unit's
names (scoped), and the caller's own JP."""

from __future__ import annotations

from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin

from ..models import JpYearTotal


class _Stub(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = JpYearTotal
    pagination_class = None

    def get(self, request: Request, **kwargs: Any) -> Response:
        return Response({})


class NationalComplianceAPI(_Stub):
    pass


class ProvinceComplianceAPI(_Stub):
    pass


class InstitutionComplianceAPI(_Stub):
    pass


class UnitComplianceAPI(_Stub):
    pass


class MyJpAPI(_Stub):
    pass
