"""Development's audit actions, as the audit page names them (found by core at start-up).

One ``register_audit_actions`` call per part of the domain.
"""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

# --- the ledger's own writer (ledger.py)
register_audit_actions(
    {
        "development.ledger_reverse": _("Reversed a JP ledger entry"),
    }
)

# --- catalogue: programmes, co-hosts, quotas, sessions, facilitators
register_audit_actions(
    {
        "development.programme_create": _("Created a development programme"),
        "development.programme_update": _("Changed a development programme"),
        "development.programme_publish": _("Published a development programme"),
        "development.programme_close": _("Closed a development programme"),
        "development.programme_host_set": _("Set a programme's co-host and cost share"),
        "development.programme_host_remove": _("Removed a programme's co-host"),
        "development.programme_quota_set": _("Invited an institution to a programme with a quota"),
        "development.programme_quota_remove": _("Withdrew an institution's quota"),
        "development.session_create": _("Created a session of a programme"),
        "development.session_update": _("Changed a session of a programme"),
        "development.session_cancel": _("Cancelled a session and its enrolments"),
        "development.session_facilitator_add": _("Added a session's facilitator"),
        "development.session_facilitator_remove": _("Removed a session's facilitator"),
    }
)

# --- enrolment, attendance, completion
register_audit_actions(
    {
        "development.enrolment_nominate": _("Nominated a civil servant for a session"),
        "development.enrolment_apply": _("Applied for a session"),
        "development.enrolment_approve": _("Approved an enrolment"),
        "development.enrolment_reject": _("Rejected an enrolment"),
        "development.enrolment_cancel": _("Cancelled an enrolment"),
        "development.enrolment_promote": _("Gave a freed seat to the first on the waiting list"),
        "development.enrolment_list": _("Read enrolments"),
        "development.enrolment_read": _("Read an enrolment"),
        "development.participant_list": _("Read a session's participants"),
        "development.participant_export": _("Exported a session's participants"),
        "development.approvals_list": _("Read the enrolment approvals"),
        "development.attendance_record": _("Recorded attendance"),
        "development.attendance_import": _("Imported an attendance sheet"),
        "development.attendance_read": _("Read a session's attendance"),
        "development.session_complete": _("Completed a session (JP credited)"),
        "development.completion_correct": _("Corrected a participant's completion"),
        "development.completion_certificate": _("Downloaded a certificate of completion"),
    }
)

# --- JP conversion table, activities, ledger pages
register_audit_actions(
    {
        "development.rule_add": _("Added a row to the JP conversion table"),
        "development.form_add": _("Added a form of development"),
        "development.form_retire": _("Retired a form of development"),
        "development.form_restore": _("Brought a form of development back into use"),
        "development.activity_record": _("Recorded a development activity"),
        "development.activity_approve": _("Approved a development activity"),
        "development.activity_reject": _("Rejected a development activity"),
        "development.activity_withdraw": _("Withdrew a development activity"),
        "development.activities_import": _("Imported development activities"),
        "development.activity_evidence": _("Downloaded an activity's evidence"),
        "development.ledger_view": _("Read a JP ledger"),
        "development.ledger_export": _("Exported a JP ledger"),
    }
)

# --- the 20-JP duty: compliance pages and exports
register_audit_actions(
    {
        "development.compliance_names": _("Read a unit's civil servants and their JP"),
        "development.compliance_names_export": _("Exported a unit's civil servants and their JP"),
    }
)

# --- budgets
register_audit_actions(
    {
        "development.budget_revision_submit": _("Entered a budget revision"),
        "development.budget_revision_approve": _("Approved a budget revision"),
        "development.budget_revision_reject": _("Rejected a budget revision"),
        "development.budget_import": _("Imported a budget sheet"),
    }
)

# --- demo and national scale
register_audit_actions(
    {
        "development.demo_session_load": _("Loaded a demo session with its participants"),
        "development.demo_activities_load": _("Loaded the demo's recorded activities"),
        "development.demo_budgets_load": _("Loaded the demo's budgets"),
        "development.national_load": _("Loaded national-scale JP ledger entries"),
    }
)
