"""Every /api/v1/ endpoint, one line each; each domain's api.py holds the views."""

from django.urls import path

from tangguh.core.api_auth import TokenObtainAPI
from tangguh.institutions import api as institutions_api
from tangguh.people import api as people_api

urlpatterns = [
    path("auth/token/", TokenObtainAPI.as_view(), name="auth-token"),
    path("institutions/", institutions_api.InstitutionListAPI.as_view(), name="institution-list"),
    path(
        "institutions/<str:code>/",
        institutions_api.InstitutionDetailAPI.as_view(),
        name="institution-detail",
    ),
    path("employees/", people_api.EmployeeListCreateAPI.as_view(), name="employee-list"),
    path("employees/<int:pk>/", people_api.EmployeeDetailAPI.as_view(), name="employee-detail"),
    path(
        "employees/<int:pk>/history/",
        people_api.EmployeeHistoryAPI.as_view(),
        name="employee-history",
    ),
    path("imports/", people_api.ImportJobCreateAPI.as_view(), name="import-create"),
    path("imports/<int:pk>/", people_api.ImportJobDetailAPI.as_view(), name="import-detail"),
    path(
        "imports/<int:pk>/confirm/", people_api.ImportJobConfirmAPI.as_view(), name="import-confirm"
    ),
    path("imports/<int:pk>/errors/", people_api.ImportJobErrorsAPI.as_view(), name="import-errors"),
    path("transfers/", people_api.TransferListAPI.as_view(), name="transfer-list"),
    path(
        "transfers/<int:pk>/confirm/",
        people_api.TransferConfirmAPI.as_view(),
        name="transfer-confirm",
    ),
    path(
        "transfers/<int:pk>/reject/", people_api.TransferRejectAPI.as_view(), name="transfer-reject"
    ),
]
