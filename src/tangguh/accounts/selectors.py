"""Reads on accounts, always through ``restrict()``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist

from tangguh.core.roles import Role

from . import linking, rules
from .models import ApiToken, ApiTokenQuerySet, User


def api_token_list(*, user: Any, action: str = "view") -> ApiTokenQuerySet:
    """The tokens ``user`` may see (or revoke, with ``action="delete"``), newest first;
    ``filters.TokenFilter`` narrows them to the working or the ended ones."""
    qs: ApiTokenQuerySet = ApiToken.objects.restrict(user, action).select_related(  # type: ignore[assignment]
        "user", "user__institution", "revoked_by"
    )
    return qs.order_by("-created_at", "-id")  # type: ignore[return-value]


def user_list(*, user: Any, action: str = "view") -> Any:
    """The accounts ``user`` may see (``action="view"``), by name."""
    return (
        User.objects.restrict(user, action)
        .select_related("institution")
        .order_by("first_name", "last_name", "username")
    )


def user_manageable(*, user: Any) -> Any:
    """The accounts ``user`` may change: within the ``change`` grant, narrowed by role
    (accounts/rules.py)."""
    condition = rules.manageable_q(user)
    if condition is None:
        return User.objects.none()
    return User.objects.restrict(user, "change").filter(condition).select_related("institution")


def user_audit_trail(*, account: Any, limit: int = 50) -> list[dict[str, Any]]:
    """The audit entries about ``account``, newest first, readable: each changed field
    by its label, a role by its name (shown to whoever may see the account)."""
    from tangguh.core.audit import action_label
    from tangguh.core.models import AuditEntry

    entries = (
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(account.pk))
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        {
            "at": e.created_at,
            "actor": e.actor,
            "label": action_label(e.action),
            "changes": [
                (_field_label(field), _value_label(field, old), _value_label(field, new))
                for field, (old, new) in _changes(e.data or {}).items()
            ],
        }
        for e in entries
    ]


def _changes(data: dict[str, Any]) -> dict[str, list[Any]]:
    if "changes" in data:
        return dict(data["changes"])
    # A creation: the values it started with.
    return {f: [None, data[f]] for f in ("role", "institution", "nip") if data.get(f)}


def _field_label(field: str) -> str:
    try:
        return str(getattr(User._meta.get_field(field), "verbose_name", field))
    except FieldDoesNotExist:
        return field


def _value_label(field: str, value: Any) -> Any:
    if field == "role" and value in Role.values:
        return Role(value).label
    return value


def nip_in_register(*, user: Any, nip: str) -> bool:
    """Is ``nip`` a civil servant of the register ``user`` can see?"""
    return linking.nip_in_register(user, nip)
