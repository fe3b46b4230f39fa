"""Every /api/v1/ endpoint, one line each; each domain's api.py holds the views."""

from django.urls import path, register_converter

from tangguh.accounts import api as accounts_api
from tangguh.core import api_audit as core_api_audit
from tangguh.institutions import api as institutions_api
from tangguh.people import api as people_api


class ObjectIdConverter:
    """An object's id in a path. Anything else (``abc``, ``-1``, 2**64) finds no object.

    With ``<object_id:pk>`` such a path matches no URL and gets the site's HTML 404
    page, and an id past the database's integer range is a 500; here the view
    looks up id 0, which no row has, and answers the API's JSON 404.
    """

    regex = "[^/]+"
    largest = 2**63 - 1  # BigAutoField

    def to_python(self, value: str) -> int:
        if value.isascii() and value.isdigit() and int(value) <= self.largest:
            return int(value)
        return 0

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ObjectIdConverter, "object_id")

urlpatterns = [
    path("auth/token/", accounts_api.TokenObtainAPI.as_view(), name="auth-token"),
    path("auth/tokens/", accounts_api.TokenListAPI.as_view(), name="token-list"),
    path("auth/tokens/<object_id:pk>/", accounts_api.TokenRevokeAPI.as_view(), name="token-revoke"),
    path("audit/", core_api_audit.AuditEntryListAPI.as_view(), name="audit-list"),
    path("institutions/", institutions_api.InstitutionListAPI.as_view(), name="institution-list"),
    path(
        "institutions/<str:code>/",
        institutions_api.InstitutionDetailAPI.as_view(),
        name="institution-detail",
    ),
    path("employees/", people_api.EmployeeListCreateAPI.as_view(), name="employee-list"),
    path(
        "employees/<object_id:pk>/", people_api.EmployeeDetailAPI.as_view(), name="employee-detail"
    ),
    path(
        "employees/<object_id:pk>/history/",
        people_api.EmployeeHistoryAPI.as_view(),
        name="employee-history",
    ),
    path("imports/", people_api.ImportJobCreateAPI.as_view(), name="import-create"),
    path("imports/<object_id:pk>/", people_api.ImportJobDetailAPI.as_view(), name="import-detail"),
    path(
        "imports/<object_id:pk>/confirm/",
        people_api.ImportJobConfirmAPI.as_view(),
        name="import-confirm",
    ),
    path(
        "imports/<object_id:pk>/retry/",
        people_api.ImportJobRetryAPI.as_view(),
        name="import-retry",
    ),
    path(
        "imports/<object_id:pk>/errors/",
        people_api.ImportJobErrorsAPI.as_view(),
        name="import-errors",
    ),
    path("transfers/", people_api.TransferListAPI.as_view(), name="transfer-list"),
    path(
        "transfers/<object_id:pk>/", people_api.TransferDetailAPI.as_view(), name="transfer-detail"
    ),
    path(
        "transfers/<object_id:pk>/confirm/",
        people_api.TransferConfirmAPI.as_view(),
        name="transfer-confirm",
    ),
    path(
        "transfers/<object_id:pk>/reject/",
        people_api.TransferRejectAPI.as_view(),
        name="transfer-reject",
    ),
]
