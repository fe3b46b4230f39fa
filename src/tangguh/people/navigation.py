"""Menu entries and dashboard cards of the register."""

from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_dashboard_cards, register_nav
from tangguh.core.scoping import Scope, has_permission, scope_for

from .models import Employee, EmploymentStatus, TransferRequest, TransferStatus

# The list is a staff screen. Work units are granted to exactly the staff roles that
# read the register, and not to civil servants (who read only their own record through
# "My record"), so the menu entry keys on them.
register_nav(NavItem(_("Civil servants"), "people:list", "people.WorkUnit", icon="users", order=20))
register_nav(NavItem(_("My record"), "people:me", "people.Employee", icon="user", order=21))
register_nav(NavItem(_("Imports"), "people:import", "people.ImportJob", icon="upload", order=22))
register_nav(
    NavItem(
        _("Transfers"), "people:transfers", "people.TransferRequest", icon="arrow-right", order=23
    )
)
register_nav(NavItem(_("Work units"), "people:units", "people.WorkUnit", icon="building", order=24))

# Counting active civil servants nationally reads millions of index entries: a few
# minutes of staleness on a dashboard figure is a fair price.
ACTIVE_COUNT_TTL = 300


def _active_count(user: Any) -> int:
    scope = scope_for(user, Employee, "view")
    key = f"people:active:{scope}:{'all' if scope == Scope.ALL else user.institution_id}"
    count = cache.get(key)
    if count is None:
        count = (
            Employee.objects.restrict(user, "view").filter(status=EmploymentStatus.ACTIVE).count()
        )
        cache.set(key, count, ACTIVE_COUNT_TTL)
    return int(count)


def people_cards(user: Any) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    cards: list[dict[str, Any]] = []
    scope = scope_for(user, Employee, "view")
    if scope not in (None, Scope.SELF):
        cards.append(
            {
                "label": _("Active civil servants"),
                "value": _active_count(user),
                "url": "people:list",
                "icon": "users",
                "order": 20,
            }
        )
    if has_permission(user, TransferRequest, "view"):
        pending = (
            TransferRequest.objects.restrict(user, "view")
            .filter(status=TransferStatus.PENDING)
            .count()
        )
        cards.append(
            {
                "label": _("Transfers waiting for confirmation"),
                "value": pending,
                "url": "people:transfers",
                "icon": "arrow-right",
                "tone": "warn" if pending else None,
                "order": 21,
            }
        )
    return cards


register_dashboard_cards(people_cards)
