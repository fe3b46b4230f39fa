"""API of the catalogue: programmes (co-hosts, quotas, publish, close) and sessions."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin

from ..models import Programme, Session
from ..selectors_programmes import programme_get, programme_list, session_get, session_list


class ProgrammeOutputSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.code")
    form = serializers.CharField(source="form.code")

    class Meta:
        model = Programme
        fields = ["id", "code", "title", "organiser", "form", "jp", "mode", "status"]


class SessionOutputSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id")

    class Meta:
        model = Session
        fields = ["id", "programme", "number", "start_date", "end_date", "status"]


class ProgrammeListAPI(RestrictedAPIMixin, generics.ListAPIView):
    scoped_model = Programme
    serializer_class = ProgrammeOutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return programme_list(user=self.request.user)


class ProgrammeDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Programme
    serializer_class = ProgrammeOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        try:
            return Response(ProgrammeOutputSerializer(programme_get(user=request.user, pk=pk)).data)
        except Programme.DoesNotExist:
            raise Http404 from None


class ProgrammeHostsAPI(ProgrammeDetailAPI):
    pass


class ProgrammeQuotasAPI(ProgrammeDetailAPI):
    pass


class ProgrammePublishAPI(ProgrammeDetailAPI):
    pass


class ProgrammeCloseAPI(ProgrammeDetailAPI):
    pass


class SessionListAPI(RestrictedAPIMixin, generics.ListAPIView):
    scoped_model = Session
    serializer_class = SessionOutputSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return session_list(user=self.request.user)


class CatalogueAPI(SessionListAPI):
    pass


class SessionDetailAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Session
    serializer_class = SessionOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        try:
            return Response(SessionOutputSerializer(session_get(user=request.user, pk=pk)).data)
        except Session.DoesNotExist:
            raise Http404 from None


class SessionCancelAPI(SessionDetailAPI):
    pass
