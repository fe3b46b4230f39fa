"""Menu entries and dashboard cards of the register."""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import (
    NavItem,
    register_dashboard_cards,
    register_nav,
    register_nav_group,
)
from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, has_permission, role_of, scope_for

from .models import (
    CorrectionRequest,
    CorrectionStatus,
    Employee,
    EmploymentStatus,
    TransferRequest,
    TransferStatus,
)


def has_own_record_entry(user: Any) -> bool:
    """Civil servants always (their page says how to link a record); staff with a NIP on
    their account too: a civil servant with a staff role still reads their own record."""
    return role_of(user) == Role.CIVIL_SERVANT or bool(getattr(user, "nip", ""))


# The list is a staff screen. Work units are granted to exactly the staff roles that
# read the register, and not to civil servants (who read only their own record through
# "My record"), so the menu entry keys on them.
register_nav(NavItem(_("Civil servants"), "people:list", "people.WorkUnit", icon="users", order=20))
register_nav(
    NavItem(_("My record"), "people:me", None, icon="user", order=21, visible=has_own_record_entry)
)
register_nav(
    NavItem(
        _("Correction requests"),
        "people:corrections",
        "people.CorrectionRequest",
        action="change",
        icon="clipboard",
        order=25,
    )
)
register_nav(NavItem(_("Imports"), "people:import", "people.ImportJob", icon="upload", order=22))
register_nav(
    NavItem(
        _("Transfers"), "people:transfers", "people.TransferRequest", icon="arrow-right", order=23
    )
)
register_nav(NavItem(_("Work units"), "people:units", "people.WorkUnit", icon="building", order=24))


def _active_count(user: Any) -> dict[str, Any]:
    """The card's figure is the count of the list it opens (``?status=active``), counted
    as that list counts: exact in one institution, else exact up to a cap and then an
    estimate marked as such; never a cached figure the list no longer shows."""
    from .views.employees import register_count

    params = {"status": EmploymentStatus.ACTIVE.value}
    counted = register_count(user, params)
    return {
        "value": counted.value,
        "count_kind": counted.kind,
        "href": f"{reverse('people:list')}?{urlencode(params)}",
    }


def people_cards(user: Any) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    cards: list[dict[str, Any]] = []
    scope = scope_for(user, Employee, "view")
    if scope not in (None, Scope.SELF):
        cards.append(
            {
                "label": _("Active civil servants"),
                **_active_count(user),
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
    if has_permission(user, CorrectionRequest, "change"):
        waiting = (
            CorrectionRequest.objects.restrict(user, "change")
            .filter(status=CorrectionStatus.OPEN)
            .count()
        )
        cards.append(
            {
                "label": _("Correction requests waiting"),
                "value": waiting,
                "url": "people:corrections",
                "icon": "clipboard",
                "tone": "warn" if waiting else None,
                "order": 22,
            }
        )
    return cards


register_dashboard_cards(people_cards)

# The part of the menu these entries appear under.
register_nav_group("people", _("Personnel"), 20)
