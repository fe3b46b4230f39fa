"""Menu entries and dashboard cards of rankings (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_nav, register_nav_group

register_nav_group("rankings", _("Rankings and awards"), 50)

# --- the Rakornas dashboard (helper D)
register_nav(
    NavItem(
        _("Rakornas dashboard"), "rankings:dashboard", "rankings.Category", icon="award", order=50
    )
)

# --- award categories (helper B)
register_nav(
    NavItem(
        _("Award categories"), "rankings:categories", "rankings.Category", icon="list", order=51
    )
)
