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

# --- catalogue: programmes, co-hosts, quotas, sessions, facilitators (helper A)

# --- enrolment, attendance, completion (helper B)

# --- JP conversion table, activities, ledger pages (helper C)
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

# --- the 20-JP duty: compliance pages and exports (helper D)
register_audit_actions(
    {
        "development.compliance_names": _("Read a unit's civil servants and their JP"),
        "development.compliance_names_export": _(
            "Exported a unit's civil servants and their JP"
        ),
    }
)

# --- budgets (helper E)
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
