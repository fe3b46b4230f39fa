"""Who may grant which role where: the one table user management is decided by.

- A national administrator (or a superuser, or the system itself) grants every role
  in every institution.
- An institution administrator grants the staff roles below their own (operator,
  assessor, auditor) and the civil servant role in their own institution, and the
  institution administrator role only in the institutions below their own (a
  province's administrator creates the accounts of its regencies' and cities'
  administrators). Never the national administrator role, never a peer in their own
  institution, never above.
- One manages an account exactly when one could have granted its role in its
  institution; nobody manages their own account here (no self-promotion, no
  locking oneself out).

The grants in permissions.py say which institutions' accounts a role reaches at all
(``may``/``restrict``); this table narrows that by role.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tangguh.core.roles import Role
from tangguh.core.scoping import institution_tree_ids, role_of

ALL_ROLES: tuple[str, ...] = tuple(Role.values)
OWN_INSTITUTION_ROLES: tuple[str, ...] = (
    Role.OPERATOR,
    Role.ASSESSOR,
    Role.AUDITOR,
    Role.CIVIL_SERVANT,
)
BELOW_ROLES: tuple[str, ...] = (Role.INSTITUTION_ADMIN,)


def _is_unbounded(actor: Any) -> bool:
    return actor is None or bool(actor.is_superuser) or role_of(actor) == Role.NATIONAL_ADMIN


def grant_table(actor: Any) -> list[tuple[frozenset[int] | None, tuple[str, ...]]]:
    """``(institution ids, roles)`` pairs ``actor`` may grant; ``None`` ids: every institution."""
    if _is_unbounded(actor):
        return [(None, ALL_ROLES)]
    own = getattr(actor, "institution_id", None)
    if role_of(actor) != Role.INSTITUTION_ADMIN or not own:
        return []
    below = institution_tree_ids(actor) - {own}
    return [(frozenset({own}), OWN_INSTITUTION_ROLES), (below, BELOW_ROLES)]


def grantable_roles(actor: Any, institution_id: int | None) -> tuple[str, ...]:
    """The roles ``actor`` may give an account of ``institution_id``, in the roles' order."""
    roles: set[str] = set()
    for ids, granted in grant_table(actor):
        if ids is None or institution_id in ids:
            roles.update(granted)
    return tuple(r for r in ALL_ROLES if r in roles)


def offered_roles(actor: Any) -> tuple[str, ...]:
    """Every role ``actor`` may grant somewhere (what the form offers)."""
    roles = {r for ids, granted in grant_table(actor) if ids is None or ids for r in granted}
    return tuple(r for r in ALL_ROLES if r in roles)


def grant_institution_ids(actor: Any) -> frozenset[int] | None:
    """The institutions where ``actor`` may grant some role; ``None``: every one."""
    ids: set[int] = set()
    for institutions, _roles in grant_table(actor):
        if institutions is None:
            return None
        ids |= institutions
    return frozenset(ids)


def manageable_q(actor: Any) -> Q | None:
    """The accounts ``actor`` may change, as a filter; ``None``: none at all."""
    condition: Q | None = None
    for ids, roles in grant_table(actor):
        part = Q(role__in=roles) if ids is None else Q(institution_id__in=ids, role__in=roles)
        condition = part if condition is None else condition | part
    if condition is None:
        return None
    if actor is not None:
        condition &= ~Q(pk=actor.pk)
        if not actor.is_superuser:
            condition &= Q(is_superuser=False)
    return condition


def may_manage(actor: Any, account: Any) -> bool:
    """May ``actor`` change ``account`` (role, institution, NIP, active, password)?"""
    if actor is not None and account.pk == actor.pk:
        return False
    if account.is_superuser and not (actor is None or actor.is_superuser):
        return False
    return account.role in grantable_roles(actor, account.institution_id)
