"""Certification's pages under /sertifikasi/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path

from .views import certificates as certificates_views
from .views import plenary as plenary_views
from .views import reports as reports_views
from .views import results as results_views
from .views import self_service as self_views

app_name = "certification"

urlpatterns: list = [
    # --- schemes, issuing bodies, assessor licences (views/schemes.py, views/licences.py)
    # --- batches, assessors, nominations (views/batches.py)
    # --- results, the assessor's spreadsheet, the plenary, my certification (views/results.py, views/plenary.py, views/self_service.py)
    path("penilaian/", results_views.WorklistView.as_view(), name="worklist"),
    path("angkatan/<int:pk>/hasil/", results_views.ResultsGridView.as_view(), name="results"),
    path(
        "angkatan/<int:pk>/hasil/peserta/<int:participation>/",
        results_views.ParticipantResultsView.as_view(),
        name="results_participant",
    ),
    path(
        "angkatan/<int:pk>/hasil/impor/",
        results_views.ResultsImportView.as_view(),
        name="results_import",
    ),
    path(
        "angkatan/<int:pk>/hasil/impor/konfirmasi/",
        results_views.ResultsImportConfirmView.as_view(),
        name="results_import_confirm",
    ),
    path(
        "angkatan/<int:pk>/hasil/templat.xlsx",
        results_views.ResultsTemplateView.as_view(),
        name="results_template",
    ),
    path("angkatan/<int:pk>/pleno/", plenary_views.PlenaryView.as_view(), name="plenary"),
    path(
        "angkatan/<int:pk>/pleno/<int:participation>/",
        plenary_views.PlenaryDecideView.as_view(),
        name="plenary_decide",
    ),
    path("saya/", self_views.MyCertificationView.as_view(), name="my"),
    # --- certificates: list, detail, PDF, renew, revoke (views/certificates.py)
    path("sertifikat/", certificates_views.CertificateListView.as_view(), name="certificates"),
    path(
        "sertifikat/ekspor.xlsx",
        certificates_views.CertificateExportView.as_view(),
        name="certificates_export",
    ),
    path(
        "sertifikat/<str:number>/",
        certificates_views.CertificateDetailView.as_view(),
        name="certificate",
    ),
    path(
        "sertifikat/<str:number>/pdf/",
        certificates_views.CertificatePdfView.as_view(),
        name="certificate_pdf",
    ),
    path(
        "sertifikat/<str:number>/cabut/",
        certificates_views.CertificateRevokeView.as_view(),
        name="certificate_revoke",
    ),
    path(
        "sertifikat/<str:number>/perpanjang/",
        certificates_views.CertificateRenewView.as_view(),
        name="certificate_renew",
    ),
    # --- reports (views/reports.py)
    path("laporan/", reports_views.NationalReportView.as_view(), name="reports"),
    path(
        "laporan/provinsi/<str:code>/",
        reports_views.ProvinceReportView.as_view(),
        name="report_province",
    ),
    path(
        "laporan/instansi/<str:code>/",
        reports_views.InstitutionReportView.as_view(),
        name="report_institution",
    ),
    path("laporan/akan-berakhir/", reports_views.ExpiringView.as_view(), name="expiring"),
    path(
        "laporan/akan-berakhir.xlsx",
        reports_views.ExpiringExportView.as_view(),
        name="expiring_export",
    ),
]
