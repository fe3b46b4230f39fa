"""Write audit entries: changes (in the change's transaction) and reads of personal data.

Every entry may name the people it concerns (``AuditSubject``: the entry and a
NIP), so the audit can be searched by person. Reads by staff are recorded by
:func:`audit_read`, writes by :func:`audit_record`. Domains register readable
labels for their action codes with :func:`register_audit_actions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .bulk import insert_rows
from .models import AuditEntry, AuditSubject
from .roles import Role
from .scoping import role_of

# Longest text kept of one query parameter: a query is evidence, not storage.
QUERY_VALUE_LIMIT = 200
QUERY_PARAMS_LIMIT = 30


@dataclass(frozen=True)
class SubjectsSQL:
    """A SELECT that yields columns ``nip`` and ``change`` once per person.

    For writes done in SQL (an import's merge): the people are read from the
    write's own tables in the same transaction, never looped over in Python.
    """

    sql: str
    params: Sequence[Any] = ()


# --- labels --------------------------------------------------------------------

_LABELS: dict[str, Any] = {
    "core.audit.view": _("Read the audit"),
    "core.audit.export": _("Exported the audit"),
}


def register_audit_actions(labels: Mapping[str, Any]) -> None:
    """Readable (lazily translated) labels for action codes, from each domain."""
    _LABELS.update(labels)


def action_label(code: str) -> str:
    """The action in the reader's language; an unregistered code shows as itself."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, action_label(code)) for code in _LABELS), key=lambda c: c[1])


# --- writing -------------------------------------------------------------------


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    institution: Any = None,
    data: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    nips: Iterable[str] | None = None,
    subjects: SubjectsSQL | None = None,
    people_count: int | None = None,
    change: str = AuditSubject.Change.READ,
) -> AuditEntry:
    """Write one entry and the people it concerns; call inside the change's transaction.

    The people: ``nips`` (a few, from Python), or ``subjects`` (a SELECT, for
    many: give ``people_count`` with it), else the target's NIP (a person) or
    ``data["nip"]``.
    """
    if nips is None and subjects is None:
        own = getattr(target, "nip", None) or (data or {}).get("nip")
        nips = [own] if isinstance(own, str) and own else []
    unique = sorted(set(nips)) if nips is not None else []
    if people_count is None:
        people_count = len(unique)
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if institution is None and target is not None:
        institution = _institution_of(target)
    # No savepoint of its own: inside a caller's transaction a failed audit fails it all.
    with transaction.atomic(savepoint=False):
        entry = AuditEntry.objects.create(
            actor=actor_obj,
            action=action,
            institution_id=getattr(institution, "pk", institution),
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:255] if target is not None else "",
            people_count=people_count,
            query=query or {},
            data=data or {},
        )
        if unique:
            # One stream (COPY on PostgreSQL): an import names tens of thousands of people.
            insert_rows(
                AuditSubject._meta.db_table,
                ("nip", "entry_id", "change"),
                ((int(nip), entry.pk, change) for nip in unique),
            )
        if subjects is not None:
            _insert_subjects(entry, subjects)
    return entry


def audit_read(
    *,
    action: str,
    request: Any = None,
    actor: Any = None,
    query: dict[str, Any] | None = None,
    institution: Any = None,
    institution_ids: Iterable[int | None] = (),
    nips: Iterable[str] | None = None,
    queryset: models.QuerySet | None = None,
    nip_field: str = "nip",
    count: int | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Record that staff read personal data (UU PDP: every such read is attributable).

    Who: ``request.user`` (or ``actor``; None is the command line). Which query:
    the request's path and parameters, plus ``query``. Whose data: ``nips`` (the
    page shown), or ``queryset`` (an export: its NIPs are copied with one
    INSERT … SELECT, whatever their number; each must come once), or only a
    ``count`` of rows where no register NIP applies (an import's rejected rows).

    The entry belongs to ``institution``; else to the one institution of
    ``institution_ids`` (the rows read) when they are all of one; else to the
    reader's. A civil servant reading only their own record is not recorded:
    they are the subject, not staff.
    """
    if actor is None and request is not None:
        actor = request.user
    nip_list = list(nips) if nips is not None else None
    if _own_read(actor, nip_list):
        return None
    asked = request_query(request) if request is not None else {}
    asked.update(query or {})
    if institution is None:
        distinct = set(institution_ids)
        if len(distinct) == 1:
            institution = distinct.pop()
        else:
            institution = getattr(actor, "institution_id", None)
    if queryset is None:
        return audit_record(
            actor=actor, action=action, target=target, institution=institution,
            data=data, query=asked, nips=nip_list or [], people_count=count,
        )  # fmt: skip
    selected = _subjects_of(queryset, nip_field)
    with transaction.atomic(savepoint=False):
        count = queryset.order_by().count() if selected is not None else 0
        return audit_record(
            actor=actor, action=action, target=target, institution=institution,
            data=data, query=asked, subjects=selected, people_count=count,
        )  # fmt: skip


def request_query(request: Any) -> dict[str, Any]:
    """The query a request asked: web or API, its path and its parameters (shortened)."""
    params: dict[str, Any] = {}
    for key in list(request.GET.keys())[:QUERY_PARAMS_LIMIT]:
        values = [_storable(v) for v in request.GET.getlist(key)]
        params[_storable(key)] = values[0] if len(values) == 1 else values
    path = _storable(request.path, limit=500)
    return {"via": "api" if path.startswith("/api/") else "web", "path": path, "params": params}


def _storable(text: str, limit: int = QUERY_VALUE_LIMIT) -> str:
    # PostgreSQL keeps no NUL character in text or JSON: it is shown as a replacement mark.
    return text[:limit].replace("\x00", "\ufffd")


def _own_read(actor: Any, nips: list[str] | None) -> bool:
    own = getattr(actor, "nip", "")
    return (
        nips is not None
        and bool(own)
        and role_of(actor) == Role.CIVIL_SERVANT
        and all(nip == own for nip in nips)
    )


def _subjects_of(queryset: models.QuerySet, nip_field: str) -> SubjectsSQL | None:
    """The queryset's NIPs as SQL; None when the queryset is empty by construction."""
    selection = queryset.order_by().annotate(audit_nip=F(nip_field)).values_list("audit_nip")
    try:
        sql, params = selection.query.sql_with_params()
    except EmptyResultSet:
        return None
    select = f"SELECT q.audit_nip AS nip, '' AS change FROM ({sql}) q"  # noqa: S608 - Django's SQL
    return SubjectsSQL(select, params)


def _insert_subjects(entry: AuditEntry, subjects: SubjectsSQL) -> None:
    table = AuditSubject._meta.db_table
    with connection.cursor() as cursor:
        # In key order: the index takes its new entries in one sweep (measured faster).
        cursor.execute(
            f"INSERT INTO {table} (nip, entry_id, change) "  # noqa: S608 - our own table name
            f"SELECT CAST(s.nip AS BIGINT), %s, s.change FROM ({subjects.sql}) s ORDER BY 1",
            [entry.pk, *subjects.params],
        )


def _institution_of(target: models.Model) -> Any:
    if target._meta.label_lower == "institutions.institution":
        return target
    return getattr(target, "institution_id", None)
