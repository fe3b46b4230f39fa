"""API of enrolment, approvals, attendance and completion."""

from __future__ import annotations

from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin

from ..models import Enrolment


class EnrolmentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "nip", "full_name", "status"]


class _Stub(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Enrolment
    serializer_class = EnrolmentOutputSerializer

    def get(self, request: Request, **kwargs: object) -> Response:
        return Response({"results": []})


class SessionEnrolmentsAPI(_Stub):
    pass


class SessionApplyAPI(_Stub):
    pass


class EnrolmentListAPI(_Stub):
    pass


class EnrolmentDetailAPI(_Stub):
    pass


class EnrolmentDecideAPI(_Stub):
    pass


class EnrolmentCancelAPI(_Stub):
    pass


class EnrolmentResultAPI(_Stub):
    pass


class SessionAttendanceAPI(_Stub):
    pass


class SessionCompleteAPI(_Stub):
    pass


class MyEnrolmentsAPI(_Stub):
    pass
