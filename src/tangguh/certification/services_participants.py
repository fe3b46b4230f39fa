"""Writes about a batch's participants: nominate, withdraw, set the exam day.

An institution nominates its own civil servants; the one eligibility rule is
:func:`~.eligibility.eligibility_check`; someone already holding a valid certificate of
the scheme is nominated only with ``renewal_ok`` (a re-certification). A participant is
withdrawn by the nominating side or the organiser, before the plenary, with a reason.
(Also importable from ``services_batches``, where the contract names them.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date, format_number
from tangguh.core.messages import Message
from tangguh.core.scoping import may
from tangguh.people.models import Employee

from .eligibility import eligibility_check
from .models import Batch, BatchStatus, Outcome, Participation, ParticipationStatus
from .services_schemes import _refused, _user


def _require(actor: Any, model: Any, action: str, institution: Any) -> None:
    if not may(actor, model, action, institution):
        raise PermissionDenied(_("You do not have permission to do this."))


def participant_nominate(
    *, batch: Batch, employee: Employee, actor: Any, renewal_ok: bool = False
) -> Participation:
    """Nominate ``employee`` (of the actor's institution) for ``batch``.

    Refused with the reasons when the person is not eligible, when the batch is not
    open, full or past its deadline; someone already holding a valid certificate of
    the scheme needs ``renewal_ok`` (code ``renewal_needs_confirmation``).
    """
    _require(actor, Participation, "add", employee.institution_id)
    failed = _("%(name)s was not nominated.") % {"name": employee.display_name}
    if batch.status != BatchStatus.OPEN:
        raise _refused(failed, None, _("The batch is not open for nominations."))
    today = timezone.localdate()
    if batch.nomination_deadline and today > batch.nomination_deadline:
        raise _refused(
            failed,
            None,
            _("Nominations closed on %(date)s.") % {"date": format_date(batch.nomination_deadline)},
        )
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        existing = Participation.objects.filter(batch=locked, employee=employee).first()
        if existing is not None and existing.status == ParticipationStatus.NOMINATED:
            raise Conflict(
                _("%(name)s is already in this batch.") % {"name": employee.display_name},
                errors=[{"field": "employee", "message": _("Already nominated.")}],
            )
        taken = locked.participations.filter(status=ParticipationStatus.NOMINATED).count()
        if locked.capacity and taken >= locked.capacity:
            raise _refused(
                failed,
                None,
                _("The batch is full (%(capacity)s participants).")
                % {"capacity": format_number(locked.capacity)},
            )
        check = eligibility_check(
            version=locked.scheme_version, employee=employee, on=locked.exam_start
        )
        if not check.ok:
            reasons = " ".join(str(m) for m in check.blocking)
            raise DomainError(
                f"{failed} {reasons}",
                errors=[{"field": "employee", "message": str(m)} for m in check.blocking],
                code="not_eligible",
            )
        if check.needs_renewal_confirmation and not renewal_ok:
            raise DomainError(
                f"{failed} {check.warnings[0]}",
                errors=[{"field": "renewal_ok", "message": str(check.warnings[0])}],
                code="renewal_needs_confirmation",
            )
        notes = [m.as_json() for m in check.warnings]
        if existing is not None:  # withdrawn before: nominated again
            participation = existing
            participation.status = ParticipationStatus.NOMINATED
            participation.institution_id = employee.institution_id
            participation.eligibility_notes = [*participation.eligibility_notes, *notes]
            participation.nominated_by = _user(actor)
            participation.save()
        else:
            participation = Participation.objects.create(
                batch=locked,
                scheme_id=locked.scheme_id,
                employee=employee,
                nip=employee.nip,
                holder_name=employee.display_name,
                institution_id=employee.institution_id,
                exam_date=locked.exam_start,
                eligibility_notes=notes,
                nominated_by=_user(actor),
            )
        audit_record(
            actor=actor,
            action="certification.participant_nominate",
            target=participation,
            institution=employee.institution_id,
            data={
                "batch": locked.code,
                "nip": employee.nip,
                "renewal": bool(check.holding),
                "warnings": notes,
            },
        )
    return participation


def participant_withdraw(*, participation: Participation, reason: str, actor: Any) -> Participation:
    """Withdraw a participant before the plenary decides (their institution or the organiser)."""
    if not (
        may(actor, Participation, "change", participation.institution_id)
        or may(actor, Participation, "change", participation.batch.organiser_id)
    ):
        raise PermissionDenied(_("You do not have permission to do this."))
    failed = _("%(name)s was not withdrawn.") % {"name": participation.holder_name}
    reason = (reason or "").strip()
    if not reason:
        raise _refused(failed, "reason", _("Give the reason for the withdrawal."))
    if participation.status == ParticipationStatus.WITHDRAWN:
        raise Conflict(_("%(name)s was already withdrawn.") % {"name": participation.holder_name})
    if participation.outcome != Outcome.PENDING:
        raise _refused(failed, None, _("The plenary has already decided on this participant."))
    with transaction.atomic():
        participation.status = ParticipationStatus.WITHDRAWN
        note = Message(
            gettext_lazy("Withdrawn on %(date)s: %(reason)s"),
            {"date": timezone.localdate(), "reason": reason[:500]},
        )
        participation.eligibility_notes = [*participation.eligibility_notes, note.as_json()]
        participation.save(update_fields=["status", "eligibility_notes", "updated_at"])
        audit_record(
            actor=actor,
            action="certification.participant_withdraw",
            target=participation,
            institution=participation.institution_id,
            data={
                "batch": participation.batch.code,
                "nip": participation.nip,
                "reason": reason[:1000],
            },
        )
    return participation


def participant_exam_date_set(
    *, participation: Participation, exam_date: date, actor: Any
) -> Participation:
    """The organiser sets the day a participant sits a multi-day exam (within its days),
    before the plenary decides: the days to decision count from it."""
    batch = participation.batch
    _require(actor, Batch, "change", batch.organiser_id)
    failed = _("The exam date of %(name)s was not changed.") % {"name": participation.holder_name}
    if not batch.exam_start <= exam_date <= batch.exam_end:
        raise _refused(
            failed,
            "exam_date",
            _("The exam date must be one of the batch's days, %(start)s to %(end)s.")
            % {"start": format_date(batch.exam_start), "end": format_date(batch.exam_end)},
        )
    if participation.outcome != Outcome.PENDING:
        raise _refused(
            failed, "exam_date", _("The plenary has already decided on this participant.")
        )
    if participation.exam_date == exam_date:
        return participation
    with transaction.atomic():
        before = participation.exam_date
        participation.exam_date = exam_date
        participation.save(update_fields=["exam_date", "updated_at"])
        audit_record(
            actor=actor,
            action="certification.participant_exam_date",
            target=participation,
            institution=batch.organiser_id,
            data={
                "batch": batch.code,
                "nip": participation.nip,
                "exam_date": [before.isoformat(), exam_date.isoformat()],
            },
        )
    return participation
