"""POST /api/v1/auth/token/: a client trades a username and password for an API token.

Failed attempts count against django-axes exactly as the login form's do (the
same ``authenticate`` call, the same lockout), but the answer stays JSON and
goes through the one exception handler: 400 for wrong credentials, 429 once
the account is locked.
"""

from collections.abc import Mapping
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from .api_schema import ErrorDocumentingAutoSchema, error_responses
from .exceptions import DomainError


class LockedOut(DomainError):
    status_code = 429
    code = "locked_out"


class AuthTokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenObtainAPI(ObtainAuthToken):
    # Public by nature: this is how an API client signs in. Stated explicitly so the
    # default RestrictedPermission (which demands a scoped_model) is not silently bypassed.
    permission_classes = [AllowAny]
    schema = ErrorDocumentingAutoSchema()

    @extend_schema(responses={200: AuthTokenOutputSerializer, **error_responses(400, 429)})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not isinstance(request.data, Mapping):
            raise exceptions.ParseError(_("Send an object with a username and a password."))
        username = request.data.get("username", "")
        if not isinstance(username, str) or "\x00" in username:
            # Never a user's name (PostgreSQL cannot even store it): the serializer
            # refuses it below; the lockout is not asked about it.
            username = ""
        credentials = {"username": username}
        self._refuse_if_locked(request, credentials)
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError as exc:
            # This failure may have been the last one allowed.
            self._refuse_if_locked(request, credentials)
            if "non_field_errors" in serializer.errors:
                raise DomainError(
                    _("The username or password is wrong. Both are case-sensitive."),
                    code="invalid_credentials",
                ) from exc
            raise
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def _refuse_if_locked(self, request: Request, credentials: dict[str, Any]) -> None:
        if AxesProxyHandler.is_locked(request._request, credentials):
            raise LockedOut(
                _("Too many failed sign-in attempts: signing in is paused for this account.")
            )
