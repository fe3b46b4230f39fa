"""Reading the audit: the selector; the filters are ``filters_audit.AuditFilter``.

Always through ``AuditEntry.objects.restrict(user, "view")``: an institution's
administrator reads its own entries, an auditor their tree (the national auditor
every entry), a national administrator every entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import AuditEntry


def audit_entry_list(*, user: Any) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read, newest first (by id: insertion order)."""
    return (
        AuditEntry.objects.restrict(user, "view")
        .select_related("actor", "institution")
        .order_by("-id")
    )
