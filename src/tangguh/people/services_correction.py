"""Writes about correction requests and a person's copy of their data (UU PDP).

A civil servant asks their institution to correct fields of their own record
(:func:`correction_request`: one request per field, all or none). The operators and
administrators of the person's institution decide each one: *done* (the change is
made through the person's edit form; a note is optional) or *rejected* (a reason is
required: the person reads it). Every write records an audit entry naming the person
in the same transaction, and so does a download of the person's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.text_safety import bidi_control_in, bidi_error

from .import_spec import REGISTER
from .models import CorrectionRequest, CorrectionStatus, Employee
from .selectors_self import is_own, record_values

NOTE_MAX = 1000
VALUE_MAX = CorrectionRequest._meta.get_field("requested_value").max_length or 1000


def correctable_fields() -> list[tuple[str, str]]:
    """(column key, label) of every field a person may ask to correct: the template's."""
    return [(c.key, field_label(c.key)) for c in REGISTER.template_columns]


def field_label(key: str) -> str:
    """A register column's label as a heading ("Full name", "Nama lengkap")."""
    column = REGISTER.by_key.get(key)
    if column is None:
        return key
    text = str(column.label)
    return capfirst(text[4:] if text.startswith("the ") else text)


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"field": field, "message": message}


def _check_text(field: str, label: str, value: str, limit: int) -> list[dict[str, Any]]:
    if len(value) > limit:
        return [_problem(field, _("At most %(max)s characters.") % {"max": limit})]
    if character := bidi_control_in(value):
        return [_problem(field, str(bidi_error(label, character).messages[0]))]
    return []


def correction_request(
    *, employee: Employee, actor: Any, values: Mapping[str, Any], note: str = ""
) -> list[CorrectionRequest]:
    """Ask for the correction of each field of ``values`` (column key -> correct value).

    ``actor`` must be the person themselves. Raises DomainError naming every problem
    (no field filled in, a value the record already has, a text too long) and writes
    nothing then.
    """
    if not is_own(actor, employee):
        raise PermissionDenied(_("You may ask for corrections of your own record only."))
    fields = dict(correctable_fields())
    wanted = {k: str(v or "").strip() for k, v in values.items() if str(v or "").strip()}
    note = str(note or "").strip()
    errors = [
        _problem(k, _("This field cannot be corrected here.")) for k in wanted if k not in fields
    ]
    current = record_values(employee)
    for key, value in wanted.items():
        if key not in fields:
            continue
        errors += _check_text(key, fields[key], value, VALUE_MAX)
        if value.casefold() == current.get(key, "").strip().casefold():
            errors.append(
                _problem(key, _("Your record already says this. Write the value it should have."))
            )
    errors += _check_text("note", _("Note"), note, NOTE_MAX)
    if not wanted:
        raise DomainError(_("Choose at least one field and write its correct value."))
    if errors:
        raise DomainError(
            _("The request was not sent: correct the fields marked below."), errors=errors
        )
    with transaction.atomic():
        created = [
            CorrectionRequest.objects.create(
                institution_id=employee.institution_id,
                employee=employee,
                requested_by=actor,
                field=key,
                current_value=current.get(key, ""),
                requested_value=value,
                note=note,
            )
            for key, value in wanted.items()
        ]
        audit_record(
            actor=actor,
            action="people.correction.request",
            target=employee,
            institution=employee.institution_id,
            data={"fields": list(wanted), "requests": [c.pk for c in created]},
            nips=[employee.nip],
        )
    return created


def may_decide(user: Any, correction: CorrectionRequest) -> bool:
    """Staff whose change scope holds the request (the person's institution, or national)."""
    return CorrectionRequest.objects.restrict(user, "change").filter(pk=correction.pk).exists()


def check_decider(correction: CorrectionRequest, actor: Any) -> None:
    """PermissionDenied, saying who may decide, unless ``actor`` may (checked first)."""
    if not may_decide(actor, correction):
        raise PermissionDenied(
            _(
                "Only the operators and administrators of the person's institution may "
                "decide this request."
            )
        )


def _decide(
    *, correction: CorrectionRequest, actor: Any, status: str, note: str, action: str
) -> CorrectionRequest:
    with transaction.atomic():
        locked = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if locked.status != CorrectionStatus.OPEN:
            raise Conflict(_("This request has already been decided."))
        locked.status = status
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            institution=locked.institution_id,
            data={"field": locked.field, "note": note},
            nips=[locked.employee.nip],
        )
    return locked


def _clean_note(note: Any) -> str:
    text = str(note or "").strip()
    problems = _check_text("note", _("Note"), text, NOTE_MAX)
    if problems:
        raise DomainError(problems[0]["message"], errors=problems)
    return text


def correction_done(
    *, correction: CorrectionRequest, actor: Any, note: str = ""
) -> CorrectionRequest:
    """Mark the request done: the record was corrected (through the edit form)."""
    check_decider(correction, actor)
    return _decide(
        correction=correction,
        actor=actor,
        status=CorrectionStatus.DONE,
        note=_clean_note(note),
        action="people.correction.done",
    )


def correction_reject(
    *, correction: CorrectionRequest, actor: Any, reason: str = ""
) -> CorrectionRequest:
    """Refuse the correction; the reason is required (the person reads it)."""
    check_decider(correction, actor)
    reason = _clean_note(reason)
    if not reason:
        message = _("Give the reason for the rejection: the civil servant reads it.")
        raise DomainError(message, errors=[_problem("note", message)])
    return _decide(
        correction=correction,
        actor=actor,
        status=CorrectionStatus.REJECTED,
        note=reason,
        action="people.correction.reject",
    )


def my_data_download_record(*, employee: Employee, actor: Any, file_format: str) -> None:
    """The audit of a person downloading their own data (UU PDP: a copy was handed out)."""
    if not is_own(actor, employee):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="people.my_data.download",
            target=employee,
            institution=employee.institution_id,
            data={"format": file_format},
            nips=[employee.nip],
        )
