"""Certification's pages under /sertifikasi/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path

from .views import batches as batch_views
from .views import certificates as certificates_views
from .views import licences as licence_views
from .views import nominations as nomination_views
from .views import plenary as plenary_views
from .views import reports as reports_views
from .views import results as results_views
from .views import schemes as scheme_views
from .views import self_service as self_views

app_name = "certification"

urlpatterns: list = [
    # --- schemes, issuing bodies, assessor licences (views/schemes.py, views/licences.py)
    path("skema/", scheme_views.SchemeListView.as_view(), name="schemes"),
    path("skema/baru/", scheme_views.SchemeCreateView.as_view(), name="scheme_create"),
    path("skema/<slug:code>/", scheme_views.SchemeDetailView.as_view(), name="scheme"),
    path(
        "skema/<slug:code>/versi-baru/",
        scheme_views.SchemeVersionCreateView.as_view(),
        name="scheme_version_new",
    ),
    path(
        "skema/<slug:code>/status/", scheme_views.SchemeActiveView.as_view(), name="scheme_active"
    ),
    path("lisensi/", licence_views.LicenceListView.as_view(), name="licences"),
    path("lisensi/baru/", licence_views.LicenceGrantView.as_view(), name="licence_grant"),
    path(
        "lisensi/<int:pk>/cabut/", licence_views.LicenceRevokeView.as_view(), name="licence_revoke"
    ),
    # --- batches, assessors, nominations (views/batches.py, views/nominations.py)
    path("angkatan/", batch_views.BatchListView.as_view(), name="batches"),
    path("angkatan/baru/", batch_views.BatchCreateView.as_view(), name="batch_create"),
    path("angkatan/<int:pk>/", batch_views.BatchDetailView.as_view(), name="batch"),
    path("angkatan/<int:pk>/ubah/", batch_views.BatchEditView.as_view(), name="batch_edit"),
    path(
        "angkatan/<int:pk>/asesor/",
        batch_views.BatchAssessorAddView.as_view(),
        name="batch_assessor_add",
    ),
    path(
        "angkatan/<int:pk>/asesor/<int:assigned>/lepas/",
        batch_views.BatchAssessorRemoveView.as_view(),
        name="batch_assessor_remove",
    ),
    path(
        "angkatan/<int:pk>/usulkan/",
        nomination_views.NominateView.as_view(),
        name="batch_nominate",
    ),
    path(
        "peserta/<int:pk>/tarik/",
        batch_views.ParticipantWithdrawView.as_view(),
        name="participant_withdraw",
    ),
    path(
        "peserta/<int:pk>/tanggal-uji/",
        batch_views.ParticipantExamDateView.as_view(),
        name="participant_exam_date",
    ),
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
        name="reports_province",
    ),
    path(
        "laporan/instansi/<str:code>/",
        reports_views.InstitutionReportView.as_view(),
        name="reports_institution",
    ),
    path("laporan/akan-berakhir/", reports_views.ExpiringView.as_view(), name="reports_expiring"),
    path(
        "laporan/akan-berakhir.xlsx",
        reports_views.ExpiringExportView.as_view(),
        name="reports_expiring_export",
    ),
]
