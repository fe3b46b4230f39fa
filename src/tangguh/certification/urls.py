"""Certification's pages under /sertifikasi/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path

from .views import reports as reports_views

app_name = "certification"

urlpatterns: list = [
    # --- schemes, issuing bodies, assessor licences (views/schemes.py, views/licences.py)
    # --- batches, assessors, nominations (views/batches.py)
    # --- results, the assessor's spreadsheet, the plenary, my certification (views/results.py, views/plenary.py, views/self_service.py)
    # --- certificates: list, detail, PDF, renew, revoke (views/certificates.py)
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
