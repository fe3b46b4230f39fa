"""The plenary decision (sidang pleno) on a participant: certified or not yet.

Recorded on the organiser's side (its institution administrator or operator, a
national administrator, or an assessor assigned to the batch), never by someone who
gave the participant a recommendation: "the plenary decision must be recorded by
someone else". Certified needs K on every unit of the batch's scheme version (the
units still missing or BK are named); not certified is always possible. The decision
date is not before the exam nor in the future; the days from exam to decision are
stored with it. A certified decision issues the certificate in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date
from tangguh.core.scoping import has_permission, may
from tangguh.core.text_safety import bidi_control_in

from .models import (
    Batch,
    BatchStatus,
    Outcome,
    Participation,
    ParticipationStatus,
    Recommendation,
    SchemeUnit,
    UnitResult,
)
from .results_rules import is_batch_assessor

NOTE_LIMIT = 2000
DECISIONS = (Outcome.CERTIFIED, Outcome.NOT_CERTIFIED)


def may_decide_plenary(user: Any, batch: Batch) -> bool:
    """Whether ``user`` records plenary decisions in ``batch`` (its organiser's side)."""
    if user is None:
        return True
    if not has_permission(user, Participation, "change"):
        return False
    return may(user, Participation, "change", batch.organiser_id) or is_batch_assessor(user, batch)


def assessed_by(user: Any, participation: Participation) -> bool:
    """Whether ``user`` gave ``participation`` a recommendation (as its assessor)."""
    return bool(getattr(user, "pk", None)) and (
        UnitResult.objects.filter(participation=participation, assessor_id=user.pk).exists()
    )


def units_not_competent(participation: Participation) -> list[tuple[SchemeUnit, str]]:
    """The units of the batch's version without a K: (unit, "BK" or "")."""
    given = dict(
        UnitResult.objects.filter(participation=participation).values_list(
            "unit_id", "recommendation"
        )
    )
    units = SchemeUnit.objects.filter(version_id=participation.batch.scheme_version_id)
    return [
        (unit, given.get(unit.pk, ""))
        for unit in units.order_by("order", "code")
        if given.get(unit.pk) != Recommendation.COMPETENT
    ]


def check_decider(participation: Participation, actor: Any) -> None:
    """Refuse (PermissionDenied) someone outside the organiser's side; refuse (DomainError)
    the participant's own assessor."""
    if actor is None:
        return
    if not may_decide_plenary(actor, participation.batch):
        raise PermissionDenied(
            _(
                "The plenary of the batch %(batch)s is recorded by its organiser "
                "(%(organiser)s) or its assessors."
            )
            % {"batch": participation.batch.code, "organiser": participation.batch.organiser}
        )
    if assessed_by(actor, participation):
        raise DomainError(
            _(
                "You assessed this participant; the plenary decision must be recorded by someone else."
            ),
            code="own_participant",
        )


def plenary_check(
    *, participation: Participation, outcome: str, decided_on: date, note: str, actor: Any
) -> list[str]:
    """What :func:`plenary_decide` would refuse, without deciding (the confirmation step
    shows it): PermissionDenied or DomainError for who decides, else the problems."""
    check_decider(participation, actor)
    return _problems(participation, outcome, decided_on, (note or "").strip())


def plenary_decide(
    *,
    participation: Participation,
    outcome: str,
    decided_on: date,
    note: str = "",
    actor: Any,
) -> Participation:
    """Record the plenary decision on ``participation``; certified issues its certificate.

    Raises PermissionDenied outside the organiser's side, DomainError (with the reason)
    for a decision the rules refuse, Conflict when the plenary decided already.
    """
    note = (note or "").strip()
    problems = plenary_check(
        participation=participation, outcome=outcome, decided_on=decided_on, note=note, actor=actor
    )
    if problems:
        raise DomainError(" ".join(problems), errors=[{"message": p} for p in problems])
    with transaction.atomic():
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if current.outcome != Outcome.PENDING:
            raise Conflict(
                _("The plenary decided on %(name)s already, on %(date)s.")
                % {"name": current.holder_name, "date": _date(current.decided_on)}
            )
        if outcome == Outcome.CERTIFIED and units_not_competent(current):
            raise Conflict(_("The recommendations changed meanwhile: open the plenary again."))
        current.outcome = outcome
        current.decided_on = decided_on
        current.decided_at = timezone.now()
        current.decided_by = actor if getattr(actor, "pk", None) else None
        current.decision_note = note
        current.days_to_decision = (decided_on - current.exam_date).days
        current.save(
            update_fields=[
                "outcome", "decided_on", "decided_at", "decided_by", "decision_note",
                "days_to_decision", "updated_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="certification.plenary_decide",
            target=current,
            institution=current.batch.organiser_id,
            nips=[current.nip],
            data={
                "batch": current.batch.code,
                "outcome": outcome,
                "decided_on": decided_on.isoformat(),
                "days_to_decision": current.days_to_decision,
            },
        )
        if outcome == Outcome.CERTIFIED:
            from .services_certificates import certificate_issue

            certificate_issue(participation=current, actor=actor, issued_on=decided_on)
    participation.refresh_from_db()
    return participation


def _date(day: date | None) -> str:
    return format_date(day) if day else "—"


def _problems(participation: Participation, outcome: str, decided_on: date, note: str) -> list[str]:
    name = participation.holder_name
    if outcome not in DECISIONS:
        return [_("Choose competent (certified) or not yet competent.")]
    if participation.status == ParticipationStatus.WITHDRAWN:
        return [_("%(name)s was withdrawn from the batch: no plenary decision.") % {"name": name}]
    if participation.batch.status == BatchStatus.CANCELLED:
        return [_("The batch is cancelled: no plenary decision.")]
    if participation.outcome != Outcome.PENDING:
        return [
            _("The plenary decided on %(name)s already, on %(date)s.")
            % {"name": name, "date": _date(participation.decided_on)}
        ]
    problems = []
    if decided_on is None:
        problems.append(_("Give the date of the plenary."))
    elif decided_on < participation.exam_date:
        problems.append(
            _("The plenary (%(date)s) cannot be before the exam (%(exam)s).")
            % {"date": format_date(decided_on), "exam": format_date(participation.exam_date)}
        )
    elif decided_on > timezone.localdate():
        problems.append(
            _("The plenary date %(date)s is in the future.") % {"date": format_date(decided_on)}
        )
    if outcome == Outcome.CERTIFIED and (missing := units_not_competent(participation)):
        problems.append(
            _(
                "%(name)s cannot be certified: every unit needs the recommendation K, and these "
                "do not have it: %(units)s."
            )
            % {
                "name": name,
                "units": ", ".join(
                    f"{unit.code} ({given or _('no recommendation')})" for unit, given in missing
                ),
            }
        )
    if len(note) > NOTE_LIMIT:
        problems.append(
            _("The note is longer than %(limit)s characters. Shorten it.") % {"limit": NOTE_LIMIT}
        )
    elif character := bidi_control_in(note):
        problems.append(
            _(
                "The note contains an invisible character that changes reading direction "
                "(%(character)s). Delete it and type the text again."
            )
            % {"character": character}
        )
    return problems
