"""API of accounts: sign in for a token, list and revoke tokens.

``POST /api/v1/auth/token/`` trades a username and password for a NEW token each
time. Failed attempts count against django-axes exactly as the login form's do
(the same ``authenticate`` call, the same lockout); the answer stays JSON and goes
through the one exception handler: 400 for wrong credentials, 429 once locked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import ErrorDocumentingAutoSchema, error_responses
from tangguh.core.exceptions import DomainError
from tangguh.core.filters import FilterBackend
from tangguh.core.text_safety import NoBidiControls

from . import selectors, services
from .filters import TokenFilter
from .models import ApiToken, User


class LockedOut(DomainError):
    status_code = 429
    code = "locked_out"


class TokenObtainInputSerializer(serializers.Serializer):
    # No username is longer than the model allows; refusing one here also keeps it out of
    # the lockout's records (a longer one would not fit in their column on PostgreSQL).
    username = serializers.CharField(max_length=User._meta.get_field("username").max_length)
    password = serializers.CharField(
        trim_whitespace=False, max_length=4096, style={"input_type": "password"}
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="A label to recognise the token by, e.g. the client's name.",
        validators=[NoBidiControls(_("Name"))],
    )


class TokenOutputSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)
    revoked_by = serializers.CharField(
        source="revoked_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ApiToken
        fields = [
            "id", "name", "prefix", "user", "created_at", "expires_at", "last_used_at",
            "active", "revoked_at", "revoked_by", "revoke_reason",
        ]  # fmt: skip


class IssuedTokenOutputSerializer(TokenOutputSerializer):
    """What the sign-in answers: the key, once, and the token's details."""

    token = serializers.CharField(help_text="The key. Shown only in this answer: keep it.")

    class Meta(TokenOutputSerializer.Meta):
        fields = ["token", *TokenOutputSerializer.Meta.fields]


@method_decorator(never_cache, name="dispatch")
class TokenObtainAPI(APIView):
    # Public by nature: this is how an API client signs in. Stated explicitly so the
    # default RestrictedPermission (which demands a scoped_model) is not silently bypassed.
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    schema = ErrorDocumentingAutoSchema()

    @extend_schema(
        request=TokenObtainInputSerializer,
        responses={201: IssuedTokenOutputSerializer, **error_responses(400, 429)},
    )
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
        serializer = TokenObtainInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if user is None:
            # This failure may have been the last one allowed.
            self._refuse_if_locked(request, credentials)
            raise DomainError(
                _("The username or password is wrong. Both are case-sensitive."),
                code="invalid_credentials",
            )
        issued = services.api_token_issue(user=user, name=data.get("name", ""), actor=user)
        body = {"token": issued.key, **TokenOutputSerializer(issued.token).data}
        return Response(body, status=status.HTTP_201_CREATED)

    def _refuse_if_locked(self, request: Request, credentials: dict[str, Any]) -> None:
        if AxesProxyHandler.is_locked(request._request, credentials):
            raise LockedOut(
                _("Too many failed sign-in attempts: signing in is paused for this account.")
            )


class TokenListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Your tokens; an administrator's list also holds those of the accounts they manage."""

    scoped_model = ApiToken
    serializer_class = TokenOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = TokenFilter  # the page's filter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return selectors.api_token_list(user=self.request.user)


class TokenRevokeAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Revoke a token: it stops working at once. Revoking it again changes nothing."""

    scoped_model = ApiToken
    serializer_class = TokenOutputSerializer

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        token = get_object_or_404(
            selectors.api_token_list(user=request.user, action="delete"), pk=pk
        )
        services.api_token_revoke(token=token, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
