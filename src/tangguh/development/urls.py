"""Development's pages under /pengembangan/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path  # noqa: F401

from .views import attendance as attendance_views
from .views import completion as completion_views
from .views import enrolment as enrolment_views
from .views import my_enrolments as my_enrolments_views

app_name = "development"

urlpatterns: list = [
    # --- catalogue, programmes, sessions, facilitators (views/catalogue.py, views/programmes.py, views/sessions.py)
    # --- enrolment, approvals, attendance, completion, certificates of completion (views/enrolment.py, views/attendance.py, views/completion.py)
    path(
        "sesi/<int:pk>/usulkan/",
        enrolment_views.SessionNominateView.as_view(),
        name="session_nominate",
    ),
    path("sesi/<int:pk>/daftar/", enrolment_views.SessionApplyView.as_view(), name="session_apply"),
    path(
        "sesi/<int:pk>/peserta/",
        enrolment_views.SessionParticipantsView.as_view(),
        name="session_participants",
    ),
    path(
        "sesi/<int:pk>/peserta/ekspor.xlsx",
        enrolment_views.SessionParticipantsExportView.as_view(),
        name="session_participants_export",
    ),
    path("persetujuan/", enrolment_views.ApprovalsView.as_view(), name="approvals"),
    path(
        "pendaftaran/<int:pk>/putuskan/",
        enrolment_views.EnrolmentDecideView.as_view(),
        name="enrolment_decide",
    ),
    path(
        "pendaftaran/<int:pk>/batalkan/",
        enrolment_views.EnrolmentCancelView.as_view(),
        name="enrolment_cancel",
    ),
    path("sesi/<int:pk>/kehadiran/", attendance_views.AttendanceView.as_view(), name="attendance"),
    path(
        "sesi/<int:pk>/kehadiran/templat.xlsx",
        attendance_views.AttendanceTemplateView.as_view(),
        name="attendance_template",
    ),
    path(
        "sesi/<int:pk>/kehadiran/impor/",
        attendance_views.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
    path(
        "sesi/<int:pk>/kehadiran/impor/konfirmasi/",
        attendance_views.AttendanceImportConfirmView.as_view(),
        name="attendance_import_confirm",
    ),
    path(
        "sesi/<int:pk>/penyelesaian/",
        completion_views.SessionCompleteView.as_view(),
        name="session_complete",
    ),
    path(
        "pendaftaran/<int:pk>/sttp.pdf",
        completion_views.CompletionCertificateView.as_view(),
        name="completion_certificate",
    ),
    path(
        "pelatihan-saya/",
        my_enrolments_views.MyEnrolmentsView.as_view(),
        name="my_enrolments",
    ),
    # --- JP conversion table, activities, the ledger (views/rules.py, views/activities.py, views/ledger.py)
    # --- the 20-JP duty (views/compliance.py, views/my_jp.py)
    # --- budgets (views/budgets.py)
]
