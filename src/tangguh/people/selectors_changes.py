"""Who changed what and when in one person's record: the audit's writes about them.

Read from the core audit (an entry per write, its subjects by NIP): imports, edits,
deactivations, transfers. A reader sees the entries of the institutions whose
register they may read (a person moved in does not bring the old institution's
entries into view, but for the transfer that brought them); a civil servant, every
change of their own record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import formats
from django.utils.text import capfirst

from tangguh.core.audit import action_label
from tangguh.core.models import AuditEntry, AuditSubject
from tangguh.core.scoping import Scope, institution_ids_in_scope, scope_for

from .models import Employee

CHANGES_LIMIT = 50


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    when: Any
    who: str
    what: str
    fields: list[FieldChange] = field(default_factory=list)
    effective: date | None = None
    note: str = ""
    file: str = ""  # an import's file


def _shown(name: str, value: Any) -> str:
    """A stored value as the person page shows it: a choice's label, a date in words."""
    if value in (None, ""):
        return "—"
    try:
        model_field: Any = Employee._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: the value as stored
        return str(value)
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else {}
    if value in choices:
        return str(choices[value])
    if model_field.get_internal_type() == "DateField":
        try:
            return formats.date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


def _label(name: str) -> str:
    try:
        model_field: Any = Employee._meta.get_field(name)
        return str(capfirst(model_field.verbose_name))
    except FieldDoesNotExist:  # a field since removed: its name
        return name


def _actor(entry: AuditEntry) -> str:
    user = entry.actor
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def employee_changes(*, user: Any, employee: Employee) -> list[Change]:
    """The writes about ``employee`` that ``user`` may see, newest first.

    ``employee`` comes from a scoped selector (the user may see them).
    """
    scope = scope_for(user, Employee, "view")
    if scope is None:
        return []
    about = AuditSubject.objects.filter(nip=employee.nip).exclude(change="")
    entries = AuditEntry.objects.filter(pk__in=about.values("entry_id"))
    if scope != Scope.SELF:
        ids = institution_ids_in_scope(user, Employee, "view")
        if ids is not None:
            # A confirmed transfer is the source's entry; the receiving side sees it too.
            moved_in = Q(action="people.transfer_confirm", data__to__in=sorted(ids))
            entries = entries.filter(Q(institution_id__in=ids) | moved_in)
    rows = entries.select_related("actor").order_by("-created_at", "-id")[:CHANGES_LIMIT]
    changes = []
    for entry in rows:
        data = entry.data or {}
        fields = [
            FieldChange(_label(name), _shown(name, old), _shown(name, new))
            for name, (old, new) in (data.get("changes") or {}).items()
        ]
        effective = data.get("valid_from")
        changes.append(
            Change(
                when=entry.created_at,
                who=_actor(entry),
                what=action_label(entry.action),
                fields=fields,
                effective=date.fromisoformat(effective) if effective else None,
                note=str(data.get("note") or ""),
                file=str(data.get("file") or ""),
            )
        )
    return changes
