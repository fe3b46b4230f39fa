"""Development's pages under /pengembangan/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path

from .views import activities as activity_views
from .views import attendance as attendance_views
from .views import budgets as budget_views
from .views import catalogue as catalogue_views
from .views import completion as completion_views
from .views import compliance as compliance_views
from .views import enrolment as enrolment_views
from .views import ledger as ledger_views
from .views import my_enrolments as my_enrolments_views
from .views import my_jp as my_jp_views
from .views import programmes as programme_views
from .views import rules as rule_views
from .views import sessions as session_views

app_name = "development"

urlpatterns: list = [
    # --- catalogue, programmes, sessions, facilitators (views/catalogue.py, views/programmes.py, views/sessions.py)
    path("katalog/", catalogue_views.CatalogueView.as_view(), name="catalogue"),
    path("program/", programme_views.ProgrammeListView.as_view(), name="programmes"),
    path("program/baru/", programme_views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("program/<int:pk>/", programme_views.ProgrammeDetailView.as_view(), name="programme"),
    path(
        "program/<int:pk>/ubah/", programme_views.ProgrammeEditView.as_view(), name="programme_edit"
    ),
    path(
        "program/<int:pk>/terbitkan/",
        programme_views.ProgrammePublishView.as_view(),
        name="programme_publish",
    ),
    path(
        "program/<int:pk>/tutup/",
        programme_views.ProgrammeCloseView.as_view(),
        name="programme_close",
    ),
    path(
        "program/<int:pk>/penyelenggara-bersama/",
        programme_views.ProgrammeHostAddView.as_view(),
        name="programme_host_add",
    ),
    path(
        "program/<int:pk>/penyelenggara-bersama/<int:host>/hapus/",
        programme_views.ProgrammeHostRemoveView.as_view(),
        name="programme_host_remove",
    ),
    path(
        "program/<int:pk>/kuota/",
        programme_views.ProgrammeQuotaAddView.as_view(),
        name="programme_quota_add",
    ),
    path(
        "program/<int:pk>/kuota/<int:quota>/hapus/",
        programme_views.ProgrammeQuotaRemoveView.as_view(),
        name="programme_quota_remove",
    ),
    path(
        "program/<int:pk>/angkatan/baru/",
        session_views.SessionCreateView.as_view(),
        name="session_create",
    ),
    path("angkatan/<int:pk>/", session_views.SessionDetailView.as_view(), name="session"),
    path("angkatan/<int:pk>/ubah/", session_views.SessionEditView.as_view(), name="session_edit"),
    path(
        "angkatan/<int:pk>/batalkan/",
        session_views.SessionCancelView.as_view(),
        name="session_cancel",
    ),
    path(
        "angkatan/<int:pk>/fasilitator/",
        session_views.FacilitatorAddView.as_view(),
        name="session_facilitator_add",
    ),
    path(
        "angkatan/<int:pk>/fasilitator/<int:facilitator>/hapus/",
        session_views.FacilitatorRemoveView.as_view(),
        name="session_facilitator_remove",
    ),
    # --- enrolment, approvals, attendance, completion, certificates of completion (views/enrolment.py, views/attendance.py, views/completion.py)
    path(
        "angkatan/<int:pk>/usulkan/",
        enrolment_views.SessionNominateView.as_view(),
        name="session_nominate",
    ),
    path(
        "angkatan/<int:pk>/daftar/",
        enrolment_views.SessionApplyView.as_view(),
        name="session_apply",
    ),
    path(
        "angkatan/<int:pk>/peserta/",
        enrolment_views.SessionParticipantsView.as_view(),
        name="session_participants",
    ),
    path(
        "angkatan/<int:pk>/peserta/ekspor.xlsx",
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
    path(
        "angkatan/<int:pk>/kehadiran/", attendance_views.AttendanceView.as_view(), name="attendance"
    ),
    path(
        "angkatan/<int:pk>/kehadiran/templat.xlsx",
        attendance_views.AttendanceTemplateView.as_view(),
        name="attendance_template",
    ),
    path(
        "angkatan/<int:pk>/kehadiran/impor/",
        attendance_views.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
    path(
        "angkatan/<int:pk>/kehadiran/impor/konfirmasi/",
        attendance_views.AttendanceImportConfirmView.as_view(),
        name="attendance_import_confirm",
    ),
    path(
        "angkatan/<int:pk>/penyelesaian/",
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
    path("jp/aturan/", rule_views.RuleListView.as_view(), name="rules"),
    path("jp/aturan/baru/", rule_views.RuleAddView.as_view(), name="rule_add"),
    path("jp/bentuk/", rule_views.FormsManageView.as_view(), name="forms_manage"),
    path("kegiatan/", activity_views.ActivityListView.as_view(), name="activities"),
    path("kegiatan/saya/", activity_views.MyActivitiesView.as_view(), name="my_activities"),
    path("kegiatan/baru/", activity_views.ActivityNewView.as_view(), name="activity_new"),
    path(
        "kegiatan/hitung-jp/",
        activity_views.ActivityAllowanceView.as_view(),
        name="activity_allowance",
    ),
    path(
        "kegiatan/impor/", activity_views.ActivitiesImportView.as_view(), name="activities_import"
    ),
    path(
        "kegiatan/impor/konfirmasi/",
        activity_views.ActivitiesImportConfirmView.as_view(),
        name="activities_import_confirm",
    ),
    path(
        "kegiatan/templat.xlsx",
        activity_views.ActivitiesTemplateView.as_view(),
        name="activities_template",
    ),
    path("kegiatan/<int:pk>/", activity_views.ActivityDetailView.as_view(), name="activity"),
    path(
        "kegiatan/<int:pk>/putuskan/",
        activity_views.ActivityDecideView.as_view(),
        name="activity_decide",
    ),
    path(
        "kegiatan/<int:pk>/tarik/",
        activity_views.ActivityWithdrawView.as_view(),
        name="activity_withdraw",
    ),
    path(
        "kegiatan/<int:pk>/bukti/",
        activity_views.ActivityEvidenceView.as_view(),
        name="activity_evidence",
    ),
    path("buku-jp/", ledger_views.LedgerListView.as_view(), name="ledger"),
    path("buku-jp/ekspor.xlsx", ledger_views.LedgerExportView.as_view(), name="ledger_export"),
    path(
        "buku-jp/pegawai/<str:nip>/",
        ledger_views.PersonLedgerView.as_view(),
        name="person_ledger",
    ),
    path(
        "buku-jp/entri/<int:pk>/koreksi/",
        ledger_views.LedgerReverseView.as_view(),
        name="ledger_reverse",
    ),
    # --- the 20-JP duty (views/compliance.py, views/my_jp.py)
    path("saya/", my_jp_views.MyDevelopmentView.as_view(), name="my"),
    path("kepatuhan-jp/", compliance_views.NationalView.as_view(), name="compliance"),
    path(
        "kepatuhan-jp/nasional.xlsx",
        compliance_views.NationalExportView.as_view(),
        name="compliance_export",
    ),
    path(
        "kepatuhan-jp/provinsi/<str:code>/",
        compliance_views.ProvinceView.as_view(),
        name="compliance_province",
    ),
    path(
        "kepatuhan-jp/provinsi/<str:code>/ekspor.xlsx",
        compliance_views.ProvinceExportView.as_view(),
        name="compliance_province_export",
    ),
    path(
        "kepatuhan-jp/instansi/<str:code>/",
        compliance_views.InstitutionView.as_view(),
        name="compliance_institution",
    ),
    path(
        "kepatuhan-jp/instansi/<str:code>/ekspor.xlsx",
        compliance_views.InstitutionExportView.as_view(),
        name="compliance_institution_export",
    ),
    path(
        "kepatuhan-jp/instansi/<str:code>/unit/<str:unit>/",
        compliance_views.UnitView.as_view(),
        name="compliance_unit",
    ),
    path(
        "kepatuhan-jp/instansi/<str:code>/unit/<str:unit>/ekspor.xlsx",
        compliance_views.UnitExportView.as_view(),
        name="compliance_unit_export",
    ),
    # --- budgets (views/budgets.py)
    path("anggaran/", budget_views.BudgetListView.as_view(), name="budgets"),
    path("anggaran/nasional/", budget_views.BudgetNationalView.as_view(), name="budgets_national"),
    path("anggaran/ekspor.xlsx", budget_views.BudgetExportView.as_view(), name="budgets_export"),
    path("anggaran/impor/", budget_views.BudgetImportView.as_view(), name="budgets_import"),
    path(
        "anggaran/impor/konfirmasi/",
        budget_views.BudgetImportConfirmView.as_view(),
        name="budgets_import_confirm",
    ),
    path(
        "anggaran/templat-impor.xlsx",
        budget_views.BudgetTemplateView.as_view(),
        name="budgets_template",
    ),
    path(
        "anggaran/revisi/<int:pk>/keputusan/",
        budget_views.BudgetRevisionDecideView.as_view(),
        name="budget_revision_decide",
    ),
    path("anggaran/<str:code>/<int:year>/", budget_views.BudgetDetailView.as_view(), name="budget"),
    path(
        "anggaran/<str:code>/<int:year>/realisasi/",
        budget_views.BudgetRealisationView.as_view(),
        name="budget_realisation",
    ),
    path(
        "anggaran/<str:code>/<int:year>/revisi-baru/",
        budget_views.BudgetRevisionNewView.as_view(),
        name="budget_revision_new",
    ),
]
