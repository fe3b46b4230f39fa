"""Write audit entries; call inside the transaction of the change being recorded."""

from typing import Any

from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    institution: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if institution is None and target is not None:
        institution = _institution_of(target)
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        institution=institution,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )


def _institution_of(target: models.Model) -> Any:
    if target._meta.label_lower == "institutions.institution":
        return target
    return getattr(target, "institution", None)
