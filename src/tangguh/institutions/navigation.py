from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_dashboard_cards, register_nav

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
