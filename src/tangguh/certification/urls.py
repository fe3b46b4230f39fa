"""Certification's pages under /sertifikasi/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path  # noqa: F401

app_name = "certification"

urlpatterns: list = [
    # --- schemes, issuing bodies, assessor licences (views/schemes.py, views/licences.py)
    # --- batches, assessors, nominations (views/batches.py)
    # --- results, the assessor's spreadsheet, the plenary, my certification (views/results.py, views/plenary.py, views/self_service.py)
    # --- certificates: list, detail, PDF, renew, revoke (views/certificates.py)
    # --- reports (views/reports.py)
]
