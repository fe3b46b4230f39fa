"""Navigation and dashboard cards, contributed by each domain and filtered by permission."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .scoping import has_permission


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    model_label: str | None  # None: any signed-in user
    action: str = "view"
    icon: str = "circle"
    order: int = 100
    # A further condition on the user (e.g. "has a NIP on the account"); None: none.
    visible: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class NavGroup:
    """A labelled part of the menu: the entries of one or more URL namespaces."""

    label: Any
    items: tuple[NavItem, ...]


_NAV: list[NavItem] = []
_CARDS: list[Callable[[Any], list[dict[str, Any]]]] = []
# URL namespace -> (order, label): the menu's parts, registered by each domain.
_GROUPS: dict[str, tuple[int, Any]] = {}


def register_nav(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)
        _NAV.sort(key=lambda i: i.order)


def register_dashboard_cards(provider: Callable[[Any], list[dict[str, Any]]]) -> None:
    """``provider(user)`` returns cards {"label", "value", "url"?}, already scoped to the user."""
    if provider not in _CARDS:
        _CARDS.append(provider)


def register_nav_group(namespace: str, label: Any, order: int) -> None:
    """Entries whose URL is in ``namespace`` appear under ``label``; namespaces that share
    a label and an order share one part of the menu (e.g. administration)."""
    _GROUPS[namespace] = (order, label)


def nav_groups(items: list[NavItem]) -> list[NavGroup]:
    """``items`` (already allowed to the user) in their parts, in the parts' order; an
    entry of an unregistered namespace comes first, under no label."""
    buckets: dict[tuple[int, str], list[NavItem]] = {}
    labels: dict[tuple[int, str], Any] = {}
    for item in items:
        order, label = _GROUPS.get(item.url_name.split(":", 1)[0], (0, ""))
        key = (order, str(label))
        buckets.setdefault(key, []).append(item)
        labels[key] = label
    return [NavGroup(labels[key], tuple(buckets[key])) for key in sorted(buckets)]


def nav_for(user: Any) -> list[NavItem]:
    from django.apps import apps

    items = []
    for item in _NAV:
        if item.visible is not None and not item.visible(user):
            continue
        if item.model_label is None:
            if user.is_authenticated:
                items.append(item)
        elif has_permission(user, apps.get_model(item.model_label), item.action):
            items.append(item)
    return items


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    for provider in _CARDS:
        cards += provider(user)
    return cards


register_nav_group("core", _("Administration"), 90)

# The audit, for the roles that may read it (administrators and auditors, in their scope).
register_nav(NavItem(_("Audit"), "core:audit", "core.AuditEntry", icon="clipboard", order=95))
