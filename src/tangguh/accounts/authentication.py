"""API authentication by Tangguh's own tokens: ``Authorization: Token <key>`` or ``Bearer <key>``.

A key is looked up by its hash. Unknown, expired and revoked keys, and keys of
inactive accounts, are refused with a 401 that says which, so a client knows to
ask for a new token (the key's holder learns nothing they could not try).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import api_token_hash

KEYWORDS = ("token", "bearer")
# A used token's "last used" is written at most this often (not a write per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_KEY_LENGTH = 200


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None  # not ours: the session may authenticate instead
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Token <key>”, the key without spaces.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        return self._check(key)

    def _check(self, key: str) -> tuple[Any, ApiToken]:
        token = None
        if key and len(key) <= MAX_KEY_LENGTH:
            token = (
                ApiToken.objects.select_related("user", "user__institution")
                .filter(key_hash=api_token_hash(key))
                .first()
            )
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("The token was revoked. Ask for a new one at /api/v1/auth/token/.")
            )
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("The token expired. Ask for a new one at /api/v1/auth/token/.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is deactivated."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        # Makes a refused request a 401 (with WWW-Authenticate), not a 403.
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the header in the OpenAPI schema."""

    target_class = "tangguh.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 - the header keyword, not a secret
        )
        scheme["description"] = (
            "`Authorization: Token <key>` (or `Bearer <key>`); "
            "a key comes from POST /api/v1/auth/token/ and expires."
        )
        return scheme
