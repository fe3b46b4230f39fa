"""The one scoping mechanism: what a user may see and do, decided in the queryset.

Every domain registers *grants* in its ``permissions.py``: for a model and a role,
which actions are allowed and over which *scope* of rows. ``restrict(user, action)``
turns that into a filter; anything not granted is denied (an empty queryset, a 403
from the views). Rules are documented in docs/permissions.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from .roles import PUBLIC, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

    User = AbstractUser  # the project's user model (core names no domain)


class Scope(StrEnum):
    ALL = "all"  # every row
    TREE = "tree"  # rows of the user's institution and the institutions below it
    INSTITUTION = "institution"  # rows of the user's institution only
    SELF = "self"  # the user's own rows (a civil servant's own record)


ACTIONS = ("view", "add", "change", "delete")

# model label -> role -> action -> scope
_GRANTS: dict[str, dict[str, dict[str, Scope]]] = {}


def grant(model_label: str, grants: dict[str, dict[str, Scope]]) -> None:
    """Register what each role may do with a model (called from permissions.py)."""
    table = _GRANTS.setdefault(model_label.lower(), {})
    for role, actions in grants.items():
        table.setdefault(str(role), {}).update(actions)


def grants_for(model_label: str) -> dict[str, dict[str, Scope]]:
    return _GRANTS.get(model_label.lower(), {})


def role_of(user: User | AnonymousUser | None) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    return str(user.role)  # type: ignore[union-attr,attr-defined]


def scope_for(user: Any, model: type[models.Model], action: str) -> Scope | None:
    """The scope ``user`` has for ``action`` on ``model``; None means denied."""
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return Scope.ALL
    scope = grants_for(model._meta.label).get(role_of(user), {}).get(action)
    if scope is None:
        return None
    if scope == Scope.TREE and _reads_nationally(user, action):
        return Scope.ALL
    return scope


def has_permission(user: Any, model: type[models.Model], action: str) -> bool:
    return scope_for(user, model, action) is not None


def institution_ids_in_scope(
    user: Any, model: type[models.Model], action: str
) -> frozenset[int] | None:
    """The institutions whose ``model`` rows ``user`` may ``action``; None means every one.

    For grants on the institution's rows (TREE / INSTITUTION); SELF and no grant
    give no institution.
    """
    scope = scope_for(user, model, action)
    if scope == Scope.ALL:
        return None
    if scope == Scope.TREE:
        return institution_tree_ids(user)
    if scope == Scope.INSTITUTION and getattr(user, "institution_id", None):
        return frozenset({user.institution_id})
    return frozenset()


def may(user: Any, model: type[models.Model], action: str, institution: Any) -> bool:
    """The one authorization question: may ``user`` do ``action`` on ``model`` for ``institution``?

    ``institution``: an Institution or its id. ``user=None`` is the system itself
    (the command line, the demo), which may do anything. Services, forms, views
    and the API all ask this; none re-implements it.
    """
    if user is None:
        return True
    ids = institution_ids_in_scope(user, model, action)
    return ids is None or getattr(institution, "pk", institution) in ids


def _reads_nationally(user: Any, action: str) -> bool:
    # An auditor at the national coordinator audits every institution (read-only).
    inst = getattr(user, "institution", None)
    return (
        action == "view"
        and role_of(user) == Role.AUDITOR
        and inst is not None
        and inst.is_national_coordinator
    )


# The institutions domain tells core how institutions nest (core names no domain).
_descendants: Callable[[int], frozenset[int]] | None = None


def register_institution_tree(descendants: Callable[[int], frozenset[int]]) -> None:
    """``descendants(id)``: the institution and every institution below it."""
    global _descendants
    _descendants = descendants


def institution_tree_ids(user: Any) -> frozenset[int]:
    """The user's institution and every institution below it; cached on the user."""
    cached = getattr(user, "_tangguh_tree_ids", None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if getattr(user, "institution_id", None):
        if _descendants is None:
            raise ImproperlyConfigured("no institution tree registered (register_institution_tree)")
        ids = _descendants(user.institution_id)
    user._tangguh_tree_ids = ids
    return ids


def scope_filter(model: type[models.Model], user: Any, scope: Scope) -> Q | None:
    """The filter for ``scope``; None means no row at all."""
    if scope == Scope.ALL:
        return Q()
    if scope == Scope.SELF:
        return model.scope_self_q(user)  # type: ignore[attr-defined]
    paths = model.scope_institution_field  # type: ignore[attr-defined]
    if paths is None or not getattr(user, "institution_id", None):
        return None
    if isinstance(paths, str):
        paths = (paths,)
    # A row may belong to several institutions (a transfer: source and target).
    condition = Q()
    for path in paths:
        if scope == Scope.INSTITUTION:
            condition |= Q(**{path: user.institution_id})
        else:
            condition |= Q(**{f"{path}__in": institution_tree_ids(user)})
    return condition


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet:
        scope = scope_for(user, self.model, action)
        if scope is None:
            return self.none()
        condition = scope_filter(self.model, user, scope)
        if condition is None:
            return self.none()
        return self.filter(condition) if condition else self


class RestrictedModel(models.Model):
    """Base for every row that scoping applies to.

    ``scope_institution_field``: path to the institution id the row belongs to
    (``"institution_id"``; an Institution itself uses ``"id"``), or a tuple of
    paths when a row belongs to each of several institutions.
    ``scope_self_field``: path to the NIP that makes a row the user's own.
    """

    scope_institution_field: str | tuple[str, ...] | None = "institution_id"
    scope_self_field: str | None = None

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_self_q(cls, user: Any) -> Q | None:
        nip = getattr(user, "nip", "")
        if cls.scope_self_field is None or not nip:
            return None
        return Q(**{cls.scope_self_field: nip})


def registered_models() -> Iterable[str]:
    return _GRANTS.keys()
