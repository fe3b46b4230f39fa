"""Development's /api/v1/ endpoints (route names unique across domains: "development-…").

One section per part of the domain; views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path  # noqa: F401

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from .api import enrolment as enrolment_api

urlpatterns: list[URLPattern | URLResolver] = [
    # --- catalogue, programmes, sessions (api/programmes.py)
    # --- enrolment, attendance, completion (api/enrolment.py)
    path(
        "development/sessions/<object_id:pk>/enrolments/",
        enrolment_api.SessionEnrolmentsAPI.as_view(),
        name="development-session-enrolments",
    ),
    path(
        "development/sessions/<object_id:pk>/apply/",
        enrolment_api.SessionApplyAPI.as_view(),
        name="development-session-apply",
    ),
    path(
        "development/sessions/<object_id:pk>/attendance/",
        enrolment_api.SessionAttendanceAPI.as_view(),
        name="development-session-attendance",
    ),
    path(
        "development/sessions/<object_id:pk>/complete/",
        enrolment_api.SessionCompleteAPI.as_view(),
        name="development-session-complete",
    ),
    path(
        "development/enrolments/",
        enrolment_api.EnrolmentListAPI.as_view(),
        name="development-enrolments",
    ),
    path(
        "development/enrolments/<object_id:pk>/",
        enrolment_api.EnrolmentDetailAPI.as_view(),
        name="development-enrolment",
    ),
    path(
        "development/enrolments/<object_id:pk>/decide/",
        enrolment_api.EnrolmentDecideAPI.as_view(),
        name="development-enrolment-decide",
    ),
    path(
        "development/enrolments/<object_id:pk>/cancel/",
        enrolment_api.EnrolmentCancelAPI.as_view(),
        name="development-enrolment-cancel",
    ),
    path(
        "development/enrolments/<object_id:pk>/result/",
        enrolment_api.EnrolmentResultAPI.as_view(),
        name="development-enrolment-result",
    ),
    path(
        "development/me/enrolments/",
        enrolment_api.MyEnrolmentsAPI.as_view(),
        name="development-my-enrolments",
    ),
    # --- rules, activities, ledger (api/ledger.py)
    # --- compliance (api/compliance.py)
    # --- budgets (api/budgets.py)
]
