"""This domain's /api/v1/ endpoints (collected by core.api_urls)."""

from django.urls import path

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from . import api

urlpatterns = [
    path("employees/", api.EmployeeListCreateAPI.as_view(), name="employee-list"),
    path("employees/<object_id:pk>/", api.EmployeeDetailAPI.as_view(), name="employee-detail"),
    path(
        "employees/<object_id:pk>/history/",
        api.EmployeeHistoryAPI.as_view(),
        name="employee-history",
    ),
    path("imports/", api.ImportJobCreateAPI.as_view(), name="import-create"),
    path("imports/<object_id:pk>/", api.ImportJobDetailAPI.as_view(), name="import-detail"),
    path(
        "imports/<object_id:pk>/confirm/",
        api.ImportJobConfirmAPI.as_view(),
        name="import-confirm",
    ),
    path(
        "imports/<object_id:pk>/retry/",
        api.ImportJobRetryAPI.as_view(),
        name="import-retry",
    ),
    path(
        "imports/<object_id:pk>/errors/",
        api.ImportJobErrorsAPI.as_view(),
        name="import-errors",
    ),
    path("transfers/", api.TransferListAPI.as_view(), name="transfer-list"),
    path("transfers/<object_id:pk>/", api.TransferDetailAPI.as_view(), name="transfer-detail"),
    path(
        "transfers/<object_id:pk>/confirm/",
        api.TransferConfirmAPI.as_view(),
        name="transfer-confirm",
    ),
    path(
        "transfers/<object_id:pk>/reject/",
        api.TransferRejectAPI.as_view(),
        name="transfer-reject",
    ),
]
