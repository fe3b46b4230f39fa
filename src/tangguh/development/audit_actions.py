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

# --- the 20-JP duty: compliance pages and exports (helper D)

# --- budgets (helper E)
