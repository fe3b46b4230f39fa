"""Completing a session: each participant completed (with a score) or not, the JP
credited through the ledger's one writer, a certificate of completion numbered
``STTP-<ORGANISER CODE>-<YEAR>-<NNNNN>`` (per organiser and year, never reused).

A later correction never edits the ledger: completed → not completed reverses the
entry (``ledger_reverse``); not completed → completed appends one. The session is
completed from its last day on (the closing day is when certificates are handed out).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date
from tangguh.core.scoping import may

from .ledger import ledger_append, ledger_reverse
from .models import (
    CompletionResult,
    CompletionSequence,
    Enrolment,
    EnrolmentStatus,
    LedgerEntry,
    LedgerSource,
    Session,
    SessionStatus,
)
from .services_enrolment import _user


@dataclass(frozen=True)
class Outcome:
    """The host's decision about one participant."""

    enrolment_id: int
    completed: bool
    score: Decimal | None = None


def _refused(failed: str, field: str | None, message: str, code: str = "invalid") -> DomainError:
    return DomainError(
        f"{failed} {message}", errors=[{"field": field, "message": message}], code=code
    )


def _require_host(actor: Any, session: Session) -> None:
    if not may(actor, Enrolment, "change", session.organiser_id):
        raise PermissionDenied(_("You do not have permission to do this."))


def score_value(raw: Any) -> Decimal | None:
    """A score 0–100 (two decimals), None for blank; DomainError otherwise."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise DomainError(
            _("A score must be between 0 and 100."),
            errors=[{"field": "score", "message": _("A score must be between 0 and 100.")}],
        )
    return value.quantize(Decimal("0.01"))


def next_certificate_number(session: Session) -> str:
    """The organiser's next number for the session's year (inside the caller's transaction)."""
    year = session.end_date.year
    CompletionSequence.objects.get_or_create(organiser_id=session.organiser_id, year=year)
    seq = CompletionSequence.objects.select_for_update().get(
        organiser_id=session.organiser_id, year=year
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"STTP-{session.organiser.code}-{year}-{seq.last:05d}"


def _credit(enrolment: Enrolment, session: Session, actor: Any) -> LedgerEntry:
    programme = session.programme
    if not enrolment.certificate_number:
        enrolment.certificate_number = next_certificate_number(session)
    return ledger_append(
        employee=enrolment.employee,
        day=session.end_date,
        jp=programme.jp,
        form=programme.form,
        source=LedgerSource.SESSION,
        description=programme.title,
        actor=actor,
        enrolment=enrolment,
    )


def session_complete(
    *, session: Session, outcomes: list[Outcome], actor: Any, actual_cost: Any = None
) -> Session:
    """The host completes ``session``: every enrolled participant decided, JP credited to
    those who completed it, certificate numbers given; the waiting list and pending
    requests are closed (cancelled, with the reason said)."""
    _require_host(actor, session)
    failed = _("The session was not completed.")
    with transaction.atomic():
        locked = (
            Session.objects.select_for_update()
            .select_related("programme__form", "organiser")
            .get(pk=session.pk)
        )
        if locked.status == SessionStatus.COMPLETED:
            raise Conflict(_("The session is already completed."), code="already_completed")
        if locked.status == SessionStatus.CANCELLED:
            raise _refused(failed, None, _("The session was cancelled."))
        if timezone.localdate() < locked.end_date:
            raise _refused(
                failed,
                None,
                _("A session is completed from its last day on (%(date)s).")
                % {"date": format_date(locked.end_date)},
                code="too_early",
            )
        cost = None
        if actual_cost not in (None, ""):
            try:
                cost = Decimal(str(actual_cost).replace(".", "").replace(",", ""))
            except InvalidOperation:
                cost = Decimal(-1)
            if cost < 0 or cost != cost.to_integral_value():
                raise _refused(
                    failed, "actual_cost", _("The cost is a whole number of Rupiah, not negative.")
                )
        enrolled = {
            e.pk: e
            for e in Enrolment.objects.select_for_update()
            .select_related("employee")
            .filter(session=locked, status=EnrolmentStatus.ENROLLED)
        }
        decided = {o.enrolment_id: o for o in outcomes if o.enrolment_id in enrolled}
        missing = [e.full_name for pk, e in enrolled.items() if pk not in decided]
        if missing:
            raise _refused(
                failed,
                "outcomes",
                _("Decide for every participant: %(names)s.") % {"names": ", ".join(missing[:5])},
            )
        today = timezone.localdate()
        completed = []
        for pk, outcome in decided.items():
            enrolment = enrolled[pk]
            enrolment.score = outcome.score
            if outcome.completed:
                enrolment.result = CompletionResult.COMPLETED
                enrolment.completed_on = today
                _credit(enrolment, locked, actor)
                completed.append(enrolment.nip)
            else:
                enrolment.result = CompletionResult.NOT_COMPLETED
            enrolment.save(
                update_fields=[
                    "score",
                    "result",
                    "completed_on",
                    "certificate_number",
                    "updated_at",
                ]
            )
        closed = Enrolment.objects.filter(
            session=locked,
            status__in=[
                EnrolmentStatus.AWAITING_INSTITUTION,
                EnrolmentStatus.AWAITING_HOST,
                EnrolmentStatus.WAITLISTED,
            ],
        ).update(
            status=EnrolmentStatus.CANCELLED,
            reason=_("The session was completed before a seat was given."),
            updated_at=timezone.now(),
        )
        locked.status = SessionStatus.COMPLETED
        locked.completed_at = timezone.now()
        locked.completed_by = _user(actor)
        locked.actual_cost = cost
        locked.save(
            update_fields=["status", "completed_at", "completed_by", "actual_cost", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="development.session_complete",
            target=locked,
            institution=locked.organiser_id,
            data={
                "session": locked.pk,
                "completed": len(completed),
                "not_completed": len(decided) - len(completed),
                "closed_requests": closed,
                "actual_cost": None if cost is None else str(cost),
                "jp": str(locked.programme.jp),
            },
            nips=[e.nip for e in enrolled.values()],
            change="U",
        )
    return locked


def completion_correct(
    *, enrolment: Enrolment, completed: bool, actor: Any, reason: str, score: Any = None
) -> Enrolment:
    """Correct a participant's result after the session was completed: the ledger entry
    is reversed (now not completed) or appended (now completed); never edited."""
    session = enrolment.session
    _require_host(actor, session)
    failed = _("The result of %(name)s was not corrected.") % {"name": enrolment.full_name}
    reason = (reason or "").strip()
    if not reason:
        raise _refused(failed, "reason", _("Say why the result is corrected."))
    value = score_value(score)
    with transaction.atomic():
        locked_session = (
            Session.objects.select_for_update()
            .select_related("programme__form", "organiser")
            .get(pk=session.pk)
        )
        if locked_session.status != SessionStatus.COMPLETED:
            raise _refused(failed, None, _("The session is not completed yet."))
        current = (
            Enrolment.objects.select_for_update().select_related("employee").get(pk=enrolment.pk)
        )
        if current.status != EnrolmentStatus.ENROLLED or current.result == CompletionResult.PENDING:
            raise _refused(failed, None, _("Only a participant's decided result is corrected."))
        before = current.result
        credited = LedgerEntry.objects.filter(
            enrolment=current, source=LedgerSource.SESSION, reversed_by__isnull=True
        ).first()
        if completed and credited is None:
            current.result = CompletionResult.COMPLETED
            current.completed_on = timezone.localdate()
            _credit(current, locked_session, actor)
        elif not completed and credited is not None:
            ledger_reverse(entry=credited, actor=actor, reason=reason)
            current.result = CompletionResult.NOT_COMPLETED
        elif completed == (before == CompletionResult.COMPLETED) and value == current.score:
            raise Conflict(_("Nothing to correct: the result is already so."), code="unchanged")
        current.score = value
        current.save(
            update_fields=["score", "result", "completed_on", "certificate_number", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="development.completion_correct",
            target=current,
            institution=locked_session.organiser_id,
            data={
                "session": locked_session.pk,
                "nip": current.nip,
                "result": [before, current.result],
                "score": None if value is None else str(value),
                "reason": reason[:1000],
            },
            change="U",
        )
    return current
