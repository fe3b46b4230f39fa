"""Public verification API (no login), rate-limited per client address.

``GET /api/v1/certification/verify/<number>/``: a certificate's status;
``POST /api/v1/certification/verify/``: a credential in the body (JSON, at most
``verification.MAX_BYTES``), checked like the upload form.

The limit is DRF throttling in the ``throttle`` cache (settings ``CACHES``): a file
cache by default, which every server process of one machine shares
(docs/operations.md, "Certificates and their keys").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from tangguh.accounts.client_address import client_address
from tangguh.core.api_schema import error_responses

from ..models import Certificate
from ..verification import (
    MAX_BYTES,
    CredentialError,
    Verification,
    credential_verify,
    parse_credential,
)


class VerifyThrottle(AnonRateThrottle):
    """Requests per client address, counted in a cache every server process shares."""

    scope = "certification-verify"

    def __init__(self) -> None:
        self.cache = caches["throttle"] if "throttle" in settings.CACHES else caches["default"]
        super().__init__()

    def get_rate(self) -> str:
        return str(getattr(settings, "TANGGUH_VERIFY_API_RATE", "60/minute"))

    def get_ident(self, request: Any) -> str:
        # The sign-in lockout's own reading of the client's address (trusted proxies
        # only: TANGGUH_TRUSTED_PROXY_COUNT), never DRF's, which believes any
        # X-Forwarded-For a client sends and so would let it pick a new count at will.
        return client_address(request) or "unknown"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        # Everyone is counted by address, signed in or not: the endpoint is public.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _PublicAPI(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]


class CertificateStatusAPI(_PublicAPI):
    """A certificate's status by its number: valid, expired, revoked (with its date)."""

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT, **error_responses(429)}
    )
    def get(self, request: Request, number: str) -> Response:
        certificate = (
            Certificate.objects.select_related("scheme_version", "issuing_body")
            .filter(number=number[:64])
            .first()
        )
        today = timezone.localdate()
        if certificate is None:
            result = Verification("unknown", number=number[:64], checked_on=today)
            body = {"detail": _("No certificate has this number."), **result.as_dict()}
            return Response(body, status=status.HTTP_404_NOT_FOUND)
        result = Verification(
            certificate.status_on(today),
            number=certificate.number,
            issued_on=certificate.issued_on,
            expires_on=certificate.expires_on,
            revoked_at=certificate.revoked_at,
            holder_name=certificate.holder_name,
            scheme_name=certificate.scheme_version.name,
            issuer_name=certificate.issuing_body.name,
            key_id=certificate.key_id,
            checked_on=today,
        )
        return Response(result.as_dict())


class CredentialVerifyAPI(_PublicAPI):
    """Check a signed credential sent as the request body (application/json)."""

    parser_classes: list[Any] = []  # the body is read raw, with its own limits

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 413, 429)},
    )
    def post(self, request: Request) -> Response:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES:
            return Response(
                {
                    "detail": _("The credential is larger than %(limit)s KB.")
                    % {"limit": MAX_BYTES // 1024},
                    "code": "too_large",
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        try:
            document = parse_credential(request._request.read(MAX_BYTES + 1))
        except CredentialError as exc:
            return Response(
                {"detail": str(exc.message), "code": "invalid", "status": "invalid"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(credential_verify(document).as_dict())
