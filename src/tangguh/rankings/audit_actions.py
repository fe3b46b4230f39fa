"""The rankings' audit actions, as the audit page names them (one call per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

# --- categories (categories)
register_audit_actions(
    {
        "rankings.category_create": _("Created an award category"),
        "rankings.category_update": _("Changed an award category"),
    }
)

# --- publication (publication)
register_audit_actions(
    {
        "rankings.ranking_publish": _("Published a ranking"),
        "rankings.ranking_correct": _("Published a corrected ranking"),
    }
)
