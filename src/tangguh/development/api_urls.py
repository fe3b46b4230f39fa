"""Development's /api/v1/ endpoints (route names unique across domains: "development-…").

One section per part of the domain; views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from .api import budgets as budgets_api
from .api import completion as completion_api
from .api import compliance as compliance_api
from .api import enrolment as enrolment_api
from .api import ledger as ledger_api
from .api import programmes as programmes_api

urlpatterns: list[URLPattern | URLResolver] = [
    # --- catalogue, programmes, sessions (api/programmes.py)
    path(
        "development/catalogue/",
        programmes_api.CatalogueAPI.as_view(),
        name="development-catalogue",
    ),
    path(
        "development/programmes/",
        programmes_api.ProgrammeListAPI.as_view(),
        name="development-programmes",
    ),
    path(
        "development/programmes/<object_id:pk>/",
        programmes_api.ProgrammeDetailAPI.as_view(),
        name="development-programme",
    ),
    path(
        "development/programmes/<object_id:pk>/hosts/",
        programmes_api.ProgrammeHostsAPI.as_view(),
        name="development-programme-hosts",
    ),
    path(
        "development/programmes/<object_id:pk>/quotas/",
        programmes_api.ProgrammeQuotasAPI.as_view(),
        name="development-programme-quotas",
    ),
    path(
        "development/programmes/<object_id:pk>/publish/",
        programmes_api.ProgrammePublishAPI.as_view(),
        name="development-programme-publish",
    ),
    path(
        "development/programmes/<object_id:pk>/close/",
        programmes_api.ProgrammeCloseAPI.as_view(),
        name="development-programme-close",
    ),
    path(
        "development/sessions/",
        programmes_api.SessionListAPI.as_view(),
        name="development-sessions",
    ),
    path(
        "development/sessions/<object_id:pk>/",
        programmes_api.SessionDetailAPI.as_view(),
        name="development-session",
    ),
    path(
        "development/sessions/<object_id:pk>/cancel/",
        programmes_api.SessionCancelAPI.as_view(),
        name="development-session-cancel",
    ),
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
        completion_api.SessionAttendanceAPI.as_view(),
        name="development-session-attendance",
    ),
    path(
        "development/sessions/<object_id:pk>/complete/",
        completion_api.SessionCompleteAPI.as_view(),
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
        completion_api.EnrolmentResultAPI.as_view(),
        name="development-enrolment-result",
    ),
    path(
        "development/me/enrolments/",
        enrolment_api.MyEnrolmentsAPI.as_view(),
        name="development-my-enrolments",
    ),
    # --- rules, activities, ledger (api/ledger.py)
    path("development/jp-rules/", ledger_api.RuleListAPI.as_view(), name="development-rules"),
    path(
        "development/activities/",
        ledger_api.ActivityListAPI.as_view(),
        name="development-activities",
    ),
    path(
        "development/activities/<object_id:pk>/",
        ledger_api.ActivityDetailAPI.as_view(),
        name="development-activity",
    ),
    path(
        "development/activities/<object_id:pk>/decide/",
        ledger_api.ActivityDecideAPI.as_view(),
        name="development-activity-decide",
    ),
    path(
        "development/activities/<object_id:pk>/withdraw/",
        ledger_api.ActivityWithdrawAPI.as_view(),
        name="development-activity-withdraw",
    ),
    path("development/ledger/", ledger_api.LedgerListAPI.as_view(), name="development-ledger"),
    path(
        "development/ledger/<object_id:pk>/reverse/",
        ledger_api.LedgerReverseAPI.as_view(),
        name="development-ledger-reverse",
    ),
    path(
        "development/people/<str:nip>/ledger/",
        ledger_api.PersonLedgerAPI.as_view(),
        name="development-person-ledger",
    ),
    # --- compliance (api/compliance.py)
    path(
        "development/compliance/",
        compliance_api.NationalComplianceAPI.as_view(),
        name="development-compliance",
    ),
    path(
        "development/compliance/provinces/<str:code>/",
        compliance_api.ProvinceComplianceAPI.as_view(),
        name="development-compliance-province",
    ),
    path(
        "development/compliance/institutions/<str:code>/",
        compliance_api.InstitutionComplianceAPI.as_view(),
        name="development-compliance-institution",
    ),
    path(
        "development/compliance/institutions/<str:code>/units/<str:unit>/",
        compliance_api.UnitComplianceAPI.as_view(),
        name="development-compliance-unit",
    ),
    path("development/me/jp/", compliance_api.MyJpAPI.as_view(), name="development-my-jp"),
    # --- budgets (api/budgets.py)
    path("development/budgets/", budgets_api.BudgetListAPI.as_view(), name="development-budgets"),
    path(
        "development/budgets/<str:code>/<object_id:year>/",
        budgets_api.BudgetDetailAPI.as_view(),
        name="development-budget",
    ),
    path(
        "development/budgets/<str:code>/<object_id:year>/revisions/",
        budgets_api.BudgetRevisionCreateAPI.as_view(),
        name="development-budget-revisions",
    ),
    path(
        "development/budget-revisions/<object_id:pk>/approve/",
        budgets_api.BudgetRevisionDecideAPI.as_view(decision="approve"),
        name="development-budget-revision-approve",
    ),
    path(
        "development/budget-revisions/<object_id:pk>/reject/",
        budgets_api.BudgetRevisionDecideAPI.as_view(decision="reject"),
        name="development-budget-revision-reject",
    ),
]
