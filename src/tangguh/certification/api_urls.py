"""Certification's /api/v1/ endpoints (route names unique across domains).

One section per part of the domain; views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from .api import batches as batches_api
from .api import certificates as certificates_api
from .api import reports as reports_api
from .api import results as results_api
from .api import schemes as schemes_api
from .api import verify as verify_api

urlpatterns: list[URLPattern | URLResolver] = [
    # --- schemes, licences, batches, nominations (api/schemes.py, api/batches.py)
    path(
        "certification/schemes/",
        schemes_api.SchemeListAPI.as_view(),
        name="certification-schemes",
    ),
    path(
        "certification/schemes/<str:code>/",
        schemes_api.SchemeDetailAPI.as_view(),
        name="certification-scheme",
    ),
    path(
        "certification/schemes/<str:code>/versions/",
        schemes_api.SchemeVersionPublishAPI.as_view(),
        name="certification-scheme-versions",
    ),
    path(
        "certification/licences/",
        schemes_api.LicenceListAPI.as_view(),
        name="certification-licences",
    ),
    path(
        "certification/licences/<object_id:pk>/revoke/",
        schemes_api.LicenceRevokeAPI.as_view(),
        name="certification-licence-revoke",
    ),
    path(
        "certification/batches/",
        batches_api.BatchListAPI.as_view(),
        name="certification-batches",
    ),
    path(
        "certification/batches/<object_id:pk>/",
        batches_api.BatchDetailAPI.as_view(),
        name="certification-batch",
    ),
    path(
        "certification/batches/<object_id:pk>/assessors/",
        batches_api.BatchAssessorsAPI.as_view(),
        name="certification-batch-assessors",
    ),
    path(
        "certification/batches/<object_id:pk>/assessors/<object_id:assigned>/",
        batches_api.BatchAssessorAPI.as_view(),
        name="certification-batch-assessor",
    ),
    path(
        "certification/batches/<object_id:pk>/participants/",
        batches_api.BatchParticipantsAPI.as_view(),
        name="certification-batch-participants",
    ),
    path(
        "certification/batches/<object_id:pk>/eligibility/",
        batches_api.BatchEligibilityAPI.as_view(),
        name="certification-batch-eligibility",
    ),
    path(
        "certification/participations/<object_id:pk>/withdraw/",
        batches_api.ParticipantWithdrawAPI.as_view(),
        name="certification-participant-withdraw",
    ),
    # --- results, plenary (api/results.py)
    path(
        "certification/batches/<object_id:pk>/results/",
        results_api.BatchResultsAPI.as_view(),
        name="certification-batch-results",
    ),
    path(
        "certification/batches/<object_id:pk>/results/import/",
        results_api.BatchResultsImportAPI.as_view(),
        name="certification-batch-results-import",
    ),
    path(
        "certification/participations/<object_id:pk>/plenary/",
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
