"""Every /api/v1/ endpoint, one line each; each domain's api.py holds the views."""

from django.urls import path

from tangguh.core.api_auth import TokenObtainAPI
from tangguh.institutions import api as institutions_api

urlpatterns = [
    path("auth/token/", TokenObtainAPI.as_view(), name="auth-token"),
    path("institutions/", institutions_api.InstitutionListAPI.as_view(), name="institution-list"),
    path(
        "institutions/<str:code>/",
        institutions_api.InstitutionDetailAPI.as_view(),
        name="institution-detail",
    ),
]
