"""This domain's /api/v1/ endpoints (collected by core.api_urls)."""

from django.urls import path

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from . import api

urlpatterns = [
    path("auth/token/", api.TokenObtainAPI.as_view(), name="auth-token"),
    path("auth/tokens/", api.TokenListAPI.as_view(), name="token-list"),
    path("auth/tokens/<object_id:pk>/", api.TokenRevokeAPI.as_view(), name="token-revoke"),
]
