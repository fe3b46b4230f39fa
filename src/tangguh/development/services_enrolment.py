"""Writes about who takes part in a session: nominate, apply, approve on both sides,
reject, cancel (with the waiting list moving up).

The lifecycle (docs/development.md): a sending institution nominates its own active
civil servants; a host's own people are then ``enrolled`` (``waitlisted`` when the
session is full), a guest institution's people ``awaiting_host``, refused at once when
the guest's quota is used up. A civil servant's own application waits for their
institution (``awaiting_institution``), whose approval is a nomination. The host
approves a guest within the session's capacity (else the waiting list). Cancelling an
enrolled participant gives the seat to the first on the waiting list (by time of
request). Who may join and the quota are :mod:`.access`'s rules, read, never copied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date, format_number
from tangguh.core.scoping import Scope, may, scope_for
from tangguh.people.models import Employee, EmploymentStatus

from . import access
from .models import (
    ACTIVE_ENROLMENT,
    Enrolment,
    EnrolmentRoute,
    EnrolmentStatus,
    ProgrammeStatus,
    Session,
    SessionStatus,
)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _refused(failed: str, field: str | None, message: str, code: str = "invalid") -> DomainError:
    return DomainError(
        f"{failed} {message}", errors=[{"field": field, "message": message}], code=code
    )


def is_self(actor: Any, nip: str) -> bool:
    """The actor is the civil servant ``nip`` acting on their own enrolment (SELF grant)."""
    return (
        actor is not None
        and bool(getattr(actor, "nip", ""))
        and actor.nip == nip
        and scope_for(actor, Enrolment, "change") == Scope.SELF
    )


def may_act_for_sender(actor: Any, enrolment: Enrolment) -> bool:
    return may(actor, Enrolment, "change", enrolment.institution_id)


def may_act_for_host(actor: Any, enrolment: Enrolment) -> bool:
    return may(actor, Enrolment, "change", enrolment.host_id)


def enrolment_closes(session: Session) -> Any:
    """The last day to enrol: the session's own date, else its first day."""
    return session.enrolment_closes or session.start_date


def open_for_enrolment_error(session: Session) -> str | None:
    """Why nobody can enrol in ``session`` now (None: they can)."""
    if session.status == SessionStatus.CANCELLED:
        return _("The session was cancelled.")
    if session.status == SessionStatus.COMPLETED:
        return _("The session is already completed.")
    if session.programme.status != ProgrammeStatus.PUBLISHED:
        return _("The programme is not open for enrolment.")
    closes = enrolment_closes(session)
    if timezone.localdate() > closes:
        return _("Enrolment closed on %(date)s.") % {"date": format_date(closes)}
    return None


def _join_error(session: Session, institution_id: int) -> tuple[str, str] | None:
    """Why ``institution_id``'s people cannot take a place, as (code, sentence); None:
    they can. Not invited, or the guest quota used up (what it has sent, awaiting or
    seated, counts)."""
    programme = session.programme
    if not access.may_join(programme, institution_id):
        return "not_eligible", _("Their institution is not invited to this programme.")
    quota = access.quota_for(programme, institution_id)
    if quota is not None and access.quota_used(session, institution_id) >= quota:
        return "over_quota", _(
            "Their institution's quota is used up: %(seats)s seats per session, all taken."
        ) % {"seats": format_number(quota)}
    return None


def _lock(session: Session) -> Session:
    return (
        Session.objects.select_for_update()
        .select_related("programme", "organiser")
        .get(pk=session.pk)
    )


def _placed_status(session: Session, is_guest: bool) -> str:
    """Where a person sent by their institution goes: a guest waits for the host; a
    host's own person takes a free seat, else the waiting list."""
    if is_guest:
        return EnrolmentStatus.AWAITING_HOST
    if access.seats(session).open > 0:
        return EnrolmentStatus.ENROLLED
    return EnrolmentStatus.WAITLISTED


def _refuse_twice(session: Session, employee: Employee) -> None:
    if Enrolment.objects.filter(
        session=session, employee=employee, status__in=ACTIVE_ENROLMENT
    ).exists():
        raise Conflict(
            _("%(name)s is already enrolled in this session.") % {"name": employee.display_name},
            errors=[{"field": "employee", "message": _("Already enrolled.")}],
            code="already_enrolled",
        )


def _create(
    *, session: Session, employee: Employee, route: str, status: str, actor: Any
) -> Enrolment:
    _refuse_twice(session, employee)
    now = timezone.now()
    is_guest = access.is_guest(session.programme, employee.institution_id)
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                session=session,
                programme_id=session.programme_id,
                employee=employee,
                nip=employee.nip,
                full_name=employee.display_name,
                institution_id=employee.institution_id,
                host_id=session.organiser_id,
                is_guest=is_guest,
                route=route,
                status=status,
                requested_by=_user(actor),
                institution_decided_by=_user(actor) if route == EnrolmentRoute.NOMINATION else None,
                institution_decided_at=now if route == EnrolmentRoute.NOMINATION else None,
                enrolled_at=now if status == EnrolmentStatus.ENROLLED else None,
            )
    except IntegrityError:  # two requests at once: the partial unique constraint held
        raise Conflict(
            _("%(name)s is already enrolled in this session.") % {"name": employee.display_name},
            code="already_enrolled",
        ) from None


def _check_person(employee: Employee, failed: str) -> None:
    if employee.status != EmploymentStatus.ACTIVE:
        raise _refused(failed, "employee", _("Only active civil servants can take part."))


def enrolment_nominate(*, session: Session, employee: Employee, actor: Any) -> Enrolment:
    """The sending institution nominates one of its active civil servants.

    Refused (nothing written) when the session is not open for enrolment, the person is
    not eligible (their institution not invited), the guest quota is used up, or they
    are already in the session.
    """
    if not may(actor, Enrolment, "add", employee.institution_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    failed = _("%(name)s was not nominated.") % {"name": employee.display_name}
    _check_person(employee, failed)
    with transaction.atomic():
        locked = _lock(session)
        closed = open_for_enrolment_error(locked)
        if closed:
            raise _refused(failed, None, closed, code="session_closed")
        _refuse_twice(locked, employee)
        refused = _join_error(locked, employee.institution_id)
        if refused:
            raise _refused(failed, "employee", refused[1], code=refused[0])
        is_guest = access.is_guest(locked.programme, employee.institution_id)
        enrolment = _create(
            session=locked,
            employee=employee,
            route=EnrolmentRoute.NOMINATION,
            status=_placed_status(locked, is_guest),
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="development.enrolment_nominate",
            target=enrolment,
            institution=employee.institution_id,
            data={"session": locked.pk, "nip": employee.nip, "status": enrolment.status},
        )
    return enrolment


@dataclass
class NominationOutcome:
    """What nominating several people at once did: each one enrolled or refused."""

    done: list[Enrolment] = field(default_factory=list)
    refused: list[tuple[Employee, str]] = field(default_factory=list)


def enrolments_nominate(
    *, session: Session, employees: Iterable[Employee], actor: Any
) -> NominationOutcome:
    """Nominate several people; each is judged on its own (one refusal stops no other)."""
    outcome = NominationOutcome()
    for employee in employees:
        try:
            outcome.done.append(enrolment_nominate(session=session, employee=employee, actor=actor))
        except DomainError as exc:
            outcome.refused.append((employee, str(exc.message)))
    return outcome


def enrolment_apply(*, session: Session, employee: Employee, actor: Any) -> Enrolment:
    """A civil servant applies for a session; their institution approves it next."""
    if not is_self(actor, employee.nip):
        raise PermissionDenied(_("You do not have permission to do this."))
    failed = _("Your application was not sent.")
    _check_person(employee, failed)
    with transaction.atomic():
        locked = _lock(session)
        closed = open_for_enrolment_error(locked)
        if closed:
            raise _refused(failed, None, closed, code="session_closed")
        _refuse_twice(locked, employee)
        refused = _join_error(locked, employee.institution_id)
        if refused:
            raise _refused(failed, None, refused[1], code=refused[0])
        enrolment = _create(
            session=locked,
            employee=employee,
            route=EnrolmentRoute.APPLICATION,
            status=EnrolmentStatus.AWAITING_INSTITUTION,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="development.enrolment_apply",
            target=enrolment,
            institution=employee.institution_id,
            data={"session": locked.pk, "nip": employee.nip},
        )
    return enrolment


def _fresh(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def enrolment_decide(
    *, enrolment: Enrolment, approve: bool, actor: Any, reason: str = ""
) -> Enrolment:
    """Approve or reject, by the side the enrolment waits for.

    ``awaiting_institution``: the sending institution (its approval is a nomination,
    with the same checks). ``awaiting_host``: the host, within the session's capacity
    (a full session puts the guest on the waiting list). A rejection needs a reason.
    """
    failed = _("The decision about %(name)s was not recorded.") % {"name": enrolment.full_name}
    reason = (reason or "").strip()
    with transaction.atomic():
        locked_session = _lock(enrolment.session)
        current = _fresh(enrolment)
        if current.status == EnrolmentStatus.AWAITING_INSTITUTION:
            side, allowed = "institution", may_act_for_sender(actor, current)
        elif current.status == EnrolmentStatus.AWAITING_HOST:
            side, allowed = "host", may_act_for_host(actor, current)
        else:
            if may_act_for_sender(actor, current) or may_act_for_host(actor, current):
                raise Conflict(
                    _("%(name)s's enrolment is not awaiting a decision (now: %(status)s).")
                    % {"name": current.full_name, "status": current.get_status_display()},
                    code="not_awaiting",
                )
            raise PermissionDenied(_("You do not have permission to do this."))
        if not allowed:
            raise PermissionDenied(_("You do not have permission to do this."))
        now = timezone.now()
        if not approve:
            if not reason:
                raise _refused(failed, "reason", _("Give the reason for the rejection."))
            current.status = EnrolmentStatus.REJECTED
            current.reason = reason[:1000]
        else:
            closed = open_for_enrolment_error(locked_session)
            if closed:
                raise _refused(failed, None, closed, code="session_closed")
            if side == "institution":
                refused = _join_error(locked_session, current.institution_id)
                if refused:
                    raise _refused(failed, None, refused[1], code=refused[0])
                current.status = _placed_status(locked_session, current.is_guest)
            else:
                current.status = _placed_status(locked_session, False)
        if side == "institution":
            current.institution_decided_by, current.institution_decided_at = _user(actor), now
        else:
            current.host_decided_by, current.host_decided_at = _user(actor), now
        if current.status == EnrolmentStatus.ENROLLED:
            current.enrolled_at = now
        current.save()
        audit_record(
            actor=actor,
            action=f"development.enrolment_{'approve' if approve else 'reject'}",
            target=current,
            institution=current.institution_id if side == "institution" else current.host_id,
            data={
                "session": current.session_id,
                "nip": current.nip,
                "side": side,
                "status": current.status,
                "reason": reason[:1000],
            },
        )
    return current


def _promote(session: Session, actor: Any) -> Enrolment | None:
    """Give a free seat to the first on the waiting list (by time of request)."""
    if access.seats(session).open <= 0:
        return None
    first = (
        Enrolment.objects.select_for_update()
        .filter(session=session, status=EnrolmentStatus.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = EnrolmentStatus.ENROLLED
    first.enrolled_at = timezone.now()
    first.save(update_fields=["status", "enrolled_at", "updated_at"])
    audit_record(
        actor=actor,
        action="development.enrolment_promote",
        target=first,
        institution=session.organiser_id,
        data={"session": session.pk, "nip": first.nip},
    )
    return first


def enrolment_cancel(*, enrolment: Enrolment, actor: Any, reason: str) -> Enrolment:
    """Cancel an enrolment that holds or waits for a seat: the person, their institution
    or the host, with a reason, before the session is completed. A freed seat goes to
    the first on the waiting list."""
    if not (
        is_self(actor, enrolment.nip)
        or may_act_for_sender(actor, enrolment)
        or may_act_for_host(actor, enrolment)
    ):
        raise PermissionDenied(_("You do not have permission to do this."))
    failed = _("The enrolment of %(name)s was not cancelled.") % {"name": enrolment.full_name}
    reason = (reason or "").strip()
    if not reason:
        raise _refused(failed, "reason", _("Give the reason for the cancellation."))
    with transaction.atomic():
        session = _lock(enrolment.session)
        current = _fresh(enrolment)
        if current.status not in ACTIVE_ENROLMENT:
            raise Conflict(
                _("%(name)s's enrolment is already %(status)s.")
                % {"name": current.full_name, "status": current.get_status_display().lower()},
                code="not_active",
            )
        if session.status == SessionStatus.COMPLETED:
            raise _refused(failed, None, _("The session is already completed."))
        held_seat = current.status == EnrolmentStatus.ENROLLED
        current.status = EnrolmentStatus.CANCELLED
        current.reason = reason[:1000]
        current.save(update_fields=["status", "reason", "updated_at"])
        audit_record(
            actor=actor,
            action="development.enrolment_cancel",
            target=current,
            institution=current.institution_id,
            data={"session": session.pk, "nip": current.nip, "reason": reason[:1000]},
        )
        if held_seat:
            _promote(session, actor)
    return current
