from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import (
    NavItem,
    register_dashboard_cards,
    register_nav,
    register_nav_group,
)

from .selectors import dashboard_cards

register_nav(
    NavItem(
        _("Institutions"),
        "institutions:list",
        "institutions.Institution",
        icon="building",
        order=90,
    )
)
register_dashboard_cards(dashboard_cards)

# The part of the menu these entries appear under.
register_nav_group("institutions", _("Administration"), 90)
