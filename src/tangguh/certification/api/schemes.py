"""API of schemes and assessor licences: every signed-in staff role reads schemes; the
national administrator creates them, publishes versions and grants and revokes licences.
The same selectors and services as the pages, so the same scoping and the same refusals.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts.models import User
from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.filters import FilterBackend
from tangguh.core.text_safety import NoBidiControls

from ..filters import LicenceFilter, SchemeFilter
from ..models import AssessorLicence, Scheme, SchemeVersion
from ..selectors_schemes import (
    licence_list,
    licence_state,
    scheme_get,
    scheme_list,
    scheme_versions,
)
from ..services_schemes import (
    VERSION_FIELDS,
    latest_version,
    licence_grant,
    licence_revoke,
    scheme_create,
    scheme_version_publish,
)


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    competency_code = serializers.CharField(max_length=40, required=False, allow_blank=True)


class VersionOutputSerializer(serializers.ModelSerializer):
    issuing_body = serializers.CharField(source="issuing_body.code")
    issuing_body_name = serializers.CharField(source="issuing_body.name")
    units = UnitSerializer(many=True, read_only=True)

    class Meta:
        model = SchemeVersion
        fields = [
            "version", "name", "name_en", "description", "target_positions",
            "target_position_kinds", "requirements", "min_education", "min_rank",
            "validity_years", "issuing_body", "issuing_body_name", "change_note", "created_at",
            "units",
        ]  # fmt: skip


class SchemeOutputSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField(help_text="The newest version.")

    class Meta:
        model = Scheme
        fields = ["code", "is_active", "latest"]

    def get_latest(self, obj: Scheme) -> dict[str, Any] | None:
        version = latest_version(obj)
        return VersionOutputSerializer(version).data if version else None


class SchemeDetailSerializer(SchemeOutputSerializer):
    versions = serializers.SerializerMethodField(help_text="Every version, newest first.")

    class Meta:
        model = Scheme
        fields = ["code", "is_active", "latest", "versions"]

    def get_versions(self, obj: Scheme) -> list[dict[str, Any]]:
        versions = scheme_versions(user=self.context["request"].user, scheme=obj)
        return list(VersionOutputSerializer(versions, many=True).data)


class VersionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[NoBidiControls("name")])
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    target_positions = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=30
    )
    target_position_kinds = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, max_length=10
    )
    requirements = serializers.CharField(required=False, allow_blank=True)
    min_education = serializers.CharField(max_length=4, required=False, allow_blank=True)
    min_rank = serializers.CharField(max_length=8, required=False, allow_blank=True)
    validity_years = serializers.IntegerField(min_value=1, max_value=20)
    issuing_body = serializers.CharField(max_length=32, help_text="The issuing body's code.")
    change_note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    units = UnitSerializer(many=True, help_text="The competency units, in order.")


class SchemeCreateInputSerializer(VersionInputSerializer):
    code = serializers.SlugField(max_length=32)


class VersionPublishInputSerializer(VersionInputSerializer):
    """A new version: fields left out keep the newest version's value; ``units`` left out
    keeps its units."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


def _version_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in VERSION_FIELDS}


class SchemeListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Schemes (``q``, ``active``); POST creates one with its first version (national)."""

    scoped_model = Scheme
    serializer_class = SchemeOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = SchemeFilter
    parser_classes = [JSONParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return scheme_list(user=self.request.user)

    @extend_schema(
        request=SchemeCreateInputSerializer,
        responses={201: SchemeDetailSerializer, **error_responses(409)},
    )
    def post(self, request: Request) -> Response:
        data = SchemeCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        scheme = scheme_create(
            code=values["code"],
            version_data=_version_data(values),
            units=[dict(u) for u in values["units"]],
            actor=request.user,
        )
        body = SchemeDetailSerializer(scheme, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class _SchemeObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Scheme
    serializer_class = SchemeDetailSerializer

    def scheme(self, code: str) -> Scheme:
        try:
            return scheme_get(user=self.request.user, code=code)
        except Scheme.DoesNotExist:
            raise Http404 from None


class SchemeDetailAPI(_SchemeObjectAPI):
    """One scheme: its newest version and every version with its units."""

    def get(self, request: Request, code: str) -> Response:
        body = SchemeDetailSerializer(self.scheme(code), context={"request": request}).data
        return Response(body)


class SchemeVersionPublishAPI(_SchemeObjectAPI):
    """Publish version n+1 (national administrator): refused when nothing differs."""

    action_map = {"POST": "change"}
    parser_classes = [JSONParser]

    @extend_schema(
        request=VersionPublishInputSerializer,
        responses={201: VersionOutputSerializer, **error_responses()},
    )
    def post(self, request: Request, code: str) -> Response:
        scheme = self.scheme(code)
        data = VersionPublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        units = [dict(u) for u in values["units"]] if "units" in values else None
        version = scheme_version_publish(
            scheme=scheme, version_data=_version_data(values), units=units, actor=request.user
        )
        return Response(VersionOutputSerializer(version).data, status=status.HTTP_201_CREATED)


# --- licences ------------------------------------------------------------------------


class LicenceOutputSerializer(serializers.ModelSerializer):
    assessor = serializers.CharField(source="assessor.username")
    assessor_name = serializers.CharField(source="assessor.display_name")
    institution_code = serializers.CharField(source="institution.code")
    scheme = serializers.CharField(source="scheme.code")
    state = serializers.SerializerMethodField(help_text="valid, expired, revoked or future.")

    class Meta:
        model = AssessorLicence
        fields = [
            "id", "number", "assessor", "assessor_name", "institution_code", "scheme",
            "valid_from", "valid_until", "revoked_at", "state",
        ]  # fmt: skip

    def get_state(self, obj: AssessorLicence) -> str:
        return licence_state(obj)


class LicenceGrantInputSerializer(serializers.Serializer):
    assessor = serializers.CharField(max_length=150, help_text="The assessor's username.")
    scheme = serializers.SlugField(max_length=32, help_text="The scheme's code.")
    number = serializers.CharField(max_length=64, validators=[NoBidiControls("number")])
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, validators=[NoBidiControls("reason")])


class LicenceListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Licences in the user's scope (``q``, ``scheme``, ``state``); POST grants one."""

    scoped_model = AssessorLicence
    serializer_class = LicenceOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = LicenceFilter
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return licence_list(user=self.request.user)

    @extend_schema(
        request=LicenceGrantInputSerializer,
        responses={201: LicenceOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request) -> Response:
        data = LicenceGrantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        assessor = User.objects.filter(username=values["assessor"]).first()
        scheme = Scheme.objects.filter(code=values["scheme"]).first()
        missing = {}
        if assessor is None:
            missing["assessor"] = [_("No user with this username.")]
        if scheme is None:
            missing["scheme"] = [_("No scheme with this code.")]
        if missing:
            raise serializers.ValidationError(missing)
        licence = licence_grant(
            assessor=assessor,
            scheme=scheme,
            number=values["number"],
            valid_from=values["valid_from"],
            valid_until=values["valid_until"],
            actor=request.user,
        )
        return Response(LicenceOutputSerializer(licence).data, status=status.HTTP_201_CREATED)


class LicenceRevokeAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Revoke a licence, with a reason (national administrator)."""

    scoped_model = AssessorLicence
    serializer_class = LicenceOutputSerializer
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={200: LicenceOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        licence = self.get_queryset().select_related("assessor", "scheme").filter(pk=pk).first()
        if licence is None:
            raise Http404
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = licence_revoke(
            licence=licence, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(LicenceOutputSerializer(done).data)
