"""Menu entries and dashboard cards of rankings (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import (
    NavItem,
    register_dashboard_cards,
    register_nav,
    register_nav_group,
)

register_nav_group("rankings", _("Rankings and awards"), 50)

# --- the Rakornas dashboard
register_nav(
    NavItem(
        _("Rakornas dashboard"), "rankings:dashboard", "rankings.Category", icon="award", order=50
    )
)


def _ranking_cards(user: object) -> list[dict[str, object]]:
    """Staff: the active award categories and how many of them have a published ranking
    (two counts; computing the rankings is the dashboard's, not the home page's)."""
    from django.urls import reverse

    from tangguh.core.roles import Role
    from tangguh.core.scoping import has_permission, role_of

    from .models import Category, Publication

    if role_of(user) == Role.CIVIL_SERVANT or not has_permission(user, Category, "view"):
        return []
    active = Category.objects.restrict(user, "view").filter(is_active=True)
    published = (
        Publication.objects.restrict(user, "view")
        .filter(category__in=active)
        .values("category")
        .distinct()
        .count()
    )
    return [
        {
            "label": _("Award categories"),
            "value": active.count(),
            "href": reverse("rankings:dashboard"),
            "icon": "award",
            "order": 50,
        },
        {
            "label": _("Categories with a published ranking"),
            "value": published,
            "href": reverse("rankings:dashboard"),
            "icon": "award",
            "order": 51,
        },
    ]


register_dashboard_cards(_ranking_cards)

# --- award categories and published rankings: in the menu of the national
# administrator, who defines and publishes them; everyone else reaches both from the
# dashboard (a phone's menu stays short enough to show every part at once).
register_nav(
    NavItem(
        _("Award categories"),
        "rankings:categories",
        "rankings.Category",
        action="add",
        icon="list",
        order=51,
    )
)
register_nav(
    NavItem(
        _("Published rankings"),
        "rankings:publications",
        "rankings.Publication",
        action="add",
        icon="clipboard",
        order=52,
    )
)
