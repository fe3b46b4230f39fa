"""API of certificates: the list (the page's filters), one certificate by its number, and
the national administrator's revocation and renewal. All scoped as the pages are: the
holder's institution and the provinces above it read, a civil servant their own (SELF).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.filters import FilterBackend
from tangguh.core.text_safety import NoBidiControls

from .. import selectors_certificates as selectors
from .. import services_certificates as services
from ..filters_certificates import CertificateFilter
from ..models import Certificate
from ..public_urls import credential_url, verify_url


class CertificateOutputSerializer(serializers.ModelSerializer):
    scheme_code = serializers.CharField(source="scheme.code")
    scheme_name = serializers.CharField(source="scheme_version.name")
    scheme_version = serializers.IntegerField(source="scheme_version.version")
    institution_code = serializers.CharField(
        source="institution.code", help_text="The holder's institution when it was issued."
    )
    issuing_body = serializers.CharField(source="issuing_body.name")
    status = serializers.SerializerMethodField(help_text="valid, expired or revoked, today.")
    renews = serializers.SerializerMethodField(help_text="The number it renews, if any.")
    verify_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number", "holder_name", "nip", "institution_code", "scheme_code", "scheme_name",
            "scheme_version", "issuing_body", "issued_on", "expires_on", "status",
            "revoked_at", "revocation_reason", "renews", "verify_url", "credential_url",
        ]  # fmt: skip

    def get_status(self, obj: Certificate) -> str:
        return obj.status_on(timezone.localdate())

    def get_renews(self, obj: Certificate) -> str | None:
        return obj.renewed_from.number if obj.renewed_from_id else None  # type: ignore[union-attr]

    def get_verify_url(self, obj: Certificate) -> str:
        return verify_url(obj.number)

    def get_credential_url(self, obj: Certificate) -> str:
        return credential_url(obj.number)


class CertificateListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Certificates in the user's scope, newest first; the list page's filters."""

    scoped_model = Certificate
    serializer_class = CertificateOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = CertificateFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return selectors.certificate_list(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        ids = self.paginate_queryset(queryset.values_list("pk", flat=True)) or []
        rows = selectors.certificate_rows_for(ids)
        audit_read(
            request=request,
            action="certification.certificate_list",
            nips=[c.nip for c in rows],
            institution_ids=[c.institution_id for c in rows],
        )
        return self.get_paginated_response(CertificateOutputSerializer(rows, many=True).data)


class _CertificateObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Certificate
    serializer_class = CertificateOutputSerializer
    lookup_field = "number"

    def certificate(self, number: str) -> Certificate:
        if not selectors.plausible_number(number):
            raise Http404
        found = self.get_queryset().select_related("renewed_from").filter(number=number).first()
        if found is None:
            raise Http404
        return found


class CertificateDetailAPI(_CertificateObjectAPI):
    """One certificate by its number (the signed credential is at ``credential_url``)."""

    def get(self, request: Request, number: str) -> Response:
        certificate = self.certificate(number)
        audit_read(
            request=request,
            action="certification.certificate_view",
            nips=[certificate.nip],
            institution=certificate.institution_id,
            target=certificate,
        )
        return Response(CertificateOutputSerializer(certificate).data)


class CertificateRevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=services.REASON_MAX,
        help_text="Required; kept with the certificate and in the audit.",
        validators=[NoBidiControls(_("Reason"))],
    )


class CertificateRenewInputSerializer(serializers.Serializer):
    issued_on = serializers.DateField(
        required=False, allow_null=True, help_text="The new certificate's date; today if absent."
    )


class CertificateRevokeAPI(_CertificateObjectAPI):
    """The national administrator revokes a certificate, with a reason."""

    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=CertificateRevokeInputSerializer,
        # 409: revoked already.
        responses={200: CertificateOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, number: str) -> Response:
        certificate = self.certificate(number)
        data = CertificateRevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.certificate_revoke(
            certificate=certificate, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(CertificateOutputSerializer(done).data)


class CertificateRenewAPI(_CertificateObjectAPI):
    """The national administrator renews a certificate: a new one, under the current version."""

    action_map = {"POST": "add"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=CertificateRenewInputSerializer,
        # 409: revoked, or renewed already.
        responses={201: CertificateOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, number: str) -> Response:
        certificate = self.certificate(number)
        data = CertificateRenewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.certificate_renew(
            certificate=certificate,
            actor=request.user,
            issued_on=data.validated_data.get("issued_on"),
        )
        return Response(CertificateOutputSerializer(new).data, status=status.HTTP_201_CREATED)
