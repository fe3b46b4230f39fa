"""Certification's /api/v1/ endpoints (route names unique across domains).

One section per part of the domain; views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path

from .api import certificates as certificates_api
from .api import reports as reports_api
from .api import results as results_api
from .api import verify as verify_api

urlpatterns: list[URLPattern | URLResolver] = [
    # --- schemes, licences, batches, nominations (api/schemes.py, api/batches.py)
    # --- results, plenary (api/results.py)
    path(
        "certification/batches/<int:pk>/results/",
        results_api.BatchResultsAPI.as_view(),
        name="certification-batch-results",
    ),
    path(
        "certification/batches/<int:pk>/results/import/",
        results_api.BatchResultsImportAPI.as_view(),
        name="certification-batch-results-import",
    ),
    path(
        "certification/participations/<int:pk>/plenary/",
        results_api.PlenaryDecideAPI.as_view(),
        name="certification-plenary-decide",
    ),
    path(
        "certification/me/participations/",
        results_api.MyParticipationsAPI.as_view(),
        name="certification-my-participations",
    ),
    # --- certificates (api/certificates.py)
    path(
        "certification/certificates/",
        certificates_api.CertificateListAPI.as_view(),
        name="certification-certificates",
    ),
    path(
        "certification/certificates/<str:number>/",
        certificates_api.CertificateDetailAPI.as_view(),
        name="certification-certificate",
    ),
    path(
        "certification/certificates/<str:number>/revoke/",
        certificates_api.CertificateRevokeAPI.as_view(),
        name="certification-certificate-revoke",
    ),
    path(
        "certification/certificates/<str:number>/renew/",
        certificates_api.CertificateRenewAPI.as_view(),
        name="certification-certificate-renew",
    ),
    # --- public verification, rate-limited (api/verify.py)
    path(
        "certification/verify/",
        verify_api.CredentialVerifyAPI.as_view(),
        name="certification-verify",
    ),
    path(
        "certification/verify/<str:number>/",
        verify_api.CertificateStatusAPI.as_view(),
        name="certification-verify-status",
    ),
    # --- reports (api/reports.py)
    path(
        "certification/reports/",
        reports_api.CertificationReportAPI.as_view(),
        name="certification-reports",
    ),
    path(
        "certification/reports/expiring/",
        reports_api.ExpiringCertificatesAPI.as_view(),
        name="certification-expiring",
    ),
]
