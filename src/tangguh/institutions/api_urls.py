"""This domain's /api/v1/ endpoints (collected by core.api_urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("institutions/", api.InstitutionListAPI.as_view(), name="institution-list"),
    path(
        "institutions/<str:code>/",
        api.InstitutionDetailAPI.as_view(),
        name="institution-detail",
    ),
]
