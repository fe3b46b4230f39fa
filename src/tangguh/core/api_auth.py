"""POST /api/v1/auth/token/: a client trades a username and password for an API token.

Failed attempts count against django-axes exactly as the login form's do (the
same ``authenticate`` call, the same lockout), but the answer stays JSON and
goes through the one exception handler: 400 for wrong credentials, 429 once
the account is locked.
"""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from .exceptions import DomainError


class LockedOut(DomainError):
    status_code = 429
    code = "locked_out"


class TokenObtainAPI(ObtainAuthToken):
    # Public by nature: this is how an API client signs in. Stated explicitly so the
    # default RestrictedPermission (which demands a scoped_model) is not silently bypassed.
    permission_classes = [AllowAny]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        credentials = {"username": request.data.get("username", "")}
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
