"""Writes of the catalogue: programmes (create, change, publish, close), their co-hosts
and invited institutions with quotas, sessions (create, change, cancel) and their
facilitators.

The organiser's operators and administrators write a programme and its sessions
(``may(actor, Model, action, programme.organiser)``). Each write checks the rules
below, refuses with a sentence per field (``DomainError``), and records its audit
entry in the same transaction.

- A programme is a draft until published (then it is in the catalogue); a closed
  programme takes no new sessions and cannot be changed.
- Co-hosts' cost shares add up to at most 100 %; the organiser bears the rest. The
  organiser is not its own co-host; a co-host is not also an invited guest.
- Quotas (seats per session) are for programmes open to listed institutions; a quota
  cannot go below the seats an institution already holds in an upcoming session.
- A session's last day is not before its first; its capacity is at least one and not
  below the participants already enrolled; an in-person session has a place, an
  online one a link, a blended one both; enrolment closes on or before the first day.
  A completed or cancelled session is not changed; cancelling needs a reason and
  cancels the session's pending and active enrolments with that reason.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date, format_number
from tangguh.core.models import AuditSubject
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution

from .access import QUOTA_STATUSES, host_ids
from .catalogue_display import jp_number
from .models import (
    ACTIVE_ENROLMENT,
    Access,
    Attendance,
    DeliveryMode,
    DevelopmentForm,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
    SessionStatus,
)

PROGRAMME_FIELDS = (
    "code",
    "title",
    "form",
    "description",
    "jp",
    "mode",
    "cost_per_participant",
    "capacity",
    "access",
    "guests_pay",
)
SESSION_FIELDS = (
    "number",
    "start_date",
    "end_date",
    "place",
    "link",
    "capacity",
    "enrolment_closes",
)
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COMPETENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
MAX_JP = Decimal("1000")
MAX_COMPETENCIES = 30


# --- helpers -------------------------------------------------------------------------


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _require(actor: Any, model: type[Model], action: str, institution: Any) -> None:
    if not may(actor, model, action, institution):
        raise PermissionDenied(_("You do not have permission to do this."))


def _refused(failed: str, field: str | None, message: str) -> DomainError:
    return DomainError(f"{failed} {message}", errors=[{"field": field, "message": message}])


def _validated(obj: Model, failed: str, exclude: list[str] | None = None) -> None:
    """``full_clean`` or a DomainError listing each field's problem."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        errors = [
            {"field": None if f == "__all__" else f, "message": str(m)}
            for f, msgs in exc.message_dict.items()
            for m in msgs
        ]
        raise DomainError(
            " ".join([failed, *(str(e["message"]) for e in errors)]), errors=errors
        ) from None


def _snapshot(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, f"{name}_id" if name == "form" else name)
        out[name] = value if isinstance(value, int | bool | type(None)) else str(value)
    return out


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def _not_closed(programme: Programme, failed: str) -> None:
    if programme.status == ProgrammeStatus.CLOSED:
        raise Conflict(
            f"{failed} {_('The programme is closed.')}",
            errors=[{"field": None, "message": _("The programme is closed.")}],
        )


def normalise_competencies(rows: Any, failed: str) -> list[dict[str, Any]]:
    """``[{"code": "M.01", "level": 3}, …]``: codes unique, levels 1–5."""
    if rows in (None, ""):
        return []
    if not isinstance(rows, list):
        raise _refused(failed, "competencies", _("Give the competencies as a list."))
    if len(rows) > MAX_COMPETENCIES:
        raise _refused(
            failed,
            "competencies",
            _("At most %(n)s competencies.") % {"n": format_number(MAX_COMPETENCIES)},
        )
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        code = str((row or {}).get("code", "")).strip() if isinstance(row, dict) else ""
        level = row.get("level") if isinstance(row, dict) else None
        if not _COMPETENCY_CODE.match(code):
            raise _refused(
                failed,
                "competencies",
                _("“%(code)s” is not a competency code (e.g. M.01).") % {"code": code[:30]},
            )
        try:
            level_n = int(level)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            level_n = 0
        if str(level).strip() not in {str(n) for n in range(1, 6)} or not 1 <= level_n <= 5:
            raise _refused(
                failed,
                "competencies",
                _("The level of %(code)s must be a whole number from 1 to 5.") % {"code": code},
            )
        if code.upper() in seen:
            raise _refused(
                failed,
                "competencies",
                _("%(code)s is listed twice.") % {"code": code},
            )
        seen.add(code.upper())
        out.append({"code": code, "level": level_n})
    return out


def _check_programme(programme: Programme, failed: str) -> None:
    if not _CODE.match(programme.code or ""):
        raise _refused(
            failed,
            "code",
            _(
                "A code is 1 to 40 lower-case letters, digits and hyphens, "
                "starting with a letter or digit."
            ),
        )
    if not (programme.title or "").strip():
        raise _refused(failed, "title", _("Give the programme a title."))
    try:
        jp = Decimal(programme.jp)
    except (InvalidOperation, TypeError, ValueError):
        raise _refused(failed, "jp", _("Give the JP as a number.")) from None
    if jp <= 0:
        raise _refused(failed, "jp", _("The JP must be more than zero."))
    if jp > MAX_JP or jp != jp.quantize(Decimal("0.01")):
        raise _refused(failed, "jp", _("The JP must be at most 1000, with at most two decimals."))
    try:
        cost = Decimal(programme.cost_per_participant)
    except (InvalidOperation, TypeError, ValueError):
        raise _refused(failed, "cost_per_participant", _("Give the cost in Rupiah.")) from None
    if cost < 0:
        raise _refused(failed, "cost_per_participant", _("The cost cannot be negative."))
    if cost != cost.to_integral_value():
        raise _refused(failed, "cost_per_participant", _("Give the cost in whole Rupiah."))
    if programme.capacity is None or int(programme.capacity) < 1:
        raise _refused(failed, "capacity", _("The capacity must be at least one."))
    form = programme.form if programme.form_id else None
    if form is None:
        raise _refused(failed, "form", _("Choose the form of development."))
    _validated(programme, failed, exclude=["created_by", "organiser"])


def _split(data: dict[str, Any], allowed: tuple[str, ...], failed: str) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise _refused(
            failed, None, _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    return dict(data)


def _form_of(value: Any, failed: str) -> DevelopmentForm:
    if isinstance(value, DevelopmentForm):
        found: DevelopmentForm | None = value
    else:
        found = DevelopmentForm.objects.filter(code=str(value or "")).first()
    if found is None or not found.is_active:
        raise _refused(failed, "form", _("Choose a form of development that is in use."))
    return found


# --- programmes ----------------------------------------------------------------------


def programme_create(
    *,
    organiser: Institution,
    data: dict[str, Any],
    actor: Any,
    competencies: list[dict[str, Any]] | None = None,
) -> Programme:
    """A draft programme of ``organiser`` (its operators and administrators)."""
    _require(actor, Programme, "add", organiser)
    failed = _("The programme was not created.")
    values = _split(data, PROGRAMME_FIELDS, failed)
    form = _form_of(values.pop("form", None), failed)
    programme = Programme(
        organiser=organiser,
        form=form,
        created_by=_user(actor),
        competencies=normalise_competencies(competencies, failed),
        **{k: v for k, v in values.items() if v is not None},
    )
    programme.code = str(programme.code or "").strip().lower()
    if not programme.mode:
        raise _refused(failed, "mode", _("Choose how the programme is delivered."))
    if not programme.access:
        raise _refused(failed, "access", _("Choose who may join."))
    _check_programme(programme, failed)
    if Programme.objects.filter(organiser=organiser, code=programme.code).exists():
        raise _refused(failed, "code", _("The organiser already has a programme with this code."))
    with transaction.atomic():
        programme.save()
        audit_record(
            actor=actor,
            action="development.programme_create",
            target=programme,
            institution=organiser,
            data={"code": programme.code, "title": programme.title},
        )
    return programme


def programme_update(
    *,
    programme: Programme,
    data: dict[str, Any],
    actor: Any,
    competencies: list[dict[str, Any]] | None = None,
) -> Programme:
    """Change a programme's details (not once it is closed; not its JP once credited)."""
    _require(actor, Programme, "change", programme.organiser_id)
    failed = _("The programme was not changed.")
    values = _split(data, PROGRAMME_FIELDS, failed)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        before = _snapshot(locked, PROGRAMME_FIELDS)
        before_competencies = list(locked.competencies)
        if "form" in values:
            locked.form = _form_of(values.pop("form"), failed)
        for key, value in values.items():
            if value is None and key in ("description",):
                value = ""
            if value is not None:
                setattr(locked, key, value)
        locked.code = str(locked.code or "").strip().lower()
        if competencies is not None:
            locked.competencies = normalise_competencies(competencies, failed)
        _check_programme(locked, failed)
        if (
            Programme.objects.filter(organiser_id=locked.organiser_id, code=locked.code)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise _refused(
                failed, "code", _("The organiser already has a programme with this code.")
            )
        after = _snapshot(locked, PROGRAMME_FIELDS)
        changed = _changes(before, after)
        if "jp" in changed and locked.sessions.filter(status=SessionStatus.COMPLETED).exists():
            raise _refused(
                failed,
                "jp",
                _(
                    "The JP cannot change: a session has been completed and its participants "
                    "were credited %(jp)s JP."
                )
                % {"jp": jp_number(before["jp"])},
            )
        if "access" in changed and locked.access == Access.OWN and _guests_waiting(locked):
            raise _refused(
                failed,
                "access",
                _(
                    "Civil servants of other institutions are enrolled or waiting in an "
                    "upcoming session; cancel their enrolments first."
                ),
            )
        if locked.competencies != before_competencies:
            changed["competencies"] = [before_competencies, locked.competencies]
        if not changed:
            return locked
        locked.save()
        audit_record(
            actor=actor,
            action="development.programme_update",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code, "changes": changed},
        )
    return locked


def _guests_waiting(programme: Programme) -> bool:
    return Enrolment.objects.filter(
        programme=programme,
        is_guest=True,
        status__in=ACTIVE_ENROLMENT,
        session__status=SessionStatus.PLANNED,
    ).exists()


def programme_publish(*, programme: Programme, actor: Any) -> Programme:
    """A draft goes into the catalogue (needs a quota when open to listed institutions)."""
    _require(actor, Programme, "change", programme.organiser_id)
    failed = _("The programme was not published.")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.status != ProgrammeStatus.DRAFT:
            raise Conflict(
                f"{failed} {_('Only a draft can be published.')}",
                errors=[{"field": None, "message": _("Only a draft can be published.")}],
            )
        if locked.access == Access.LISTED and not locked.quotas.exists():
            raise _refused(
                failed,
                "quotas",
                _(
                    "The programme is open to listed institutions: invite at least one "
                    "institution with a quota first."
                ),
            )
        locked.status = ProgrammeStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="development.programme_publish",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code},
        )
    return locked


def programme_close(*, programme: Programme, actor: Any) -> Programme:
    """A published programme takes no new sessions; its sessions run as planned."""
    _require(actor, Programme, "change", programme.organiser_id)
    failed = _("The programme was not closed.")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.status != ProgrammeStatus.PUBLISHED:
            raise Conflict(
                f"{failed} {_('Only a published programme can be closed.')}",
                errors=[{"field": None, "message": _("Only a published programme can be closed.")}],
            )
        locked.status = ProgrammeStatus.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="development.programme_close",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code},
        )
    return locked


# --- co-hosts and quotas -------------------------------------------------------------


def _share(value: Any, failed: str) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise _refused(failed, "cost_share", _("Give the cost share as a percentage.")) from None
    if not share.is_finite() or share < 0 or share > 100:
        raise _refused(failed, "cost_share", _("A cost share must be between 0 and 100 percent."))
    if share != share.quantize(Decimal("0.01")):
        raise _refused(failed, "cost_share", _("A cost share has at most two decimals."))
    return share


def programme_host_set(
    *, programme: Programme, institution: Institution, cost_share: Any, actor: Any
) -> ProgrammeHost:
    """Add a co-host or change its cost share (all shares together at most 100 %)."""
    _require(actor, ProgrammeHost, "add", programme.organiser_id)
    failed = _("The co-host was not saved.")
    share = _share(cost_share, failed)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        if institution.pk == locked.organiser_id:
            raise _refused(
                failed, "institution", _("The organiser bears the rest of the costs itself.")
            )
        if locked.quotas.filter(institution=institution).exists():
            raise _refused(
                failed,
                "institution",
                _("%(institution)s is invited with a quota; remove the quota first.")
                % {"institution": institution.name},
            )
        others = locked.hosts.exclude(institution=institution).aggregate(s=Sum("cost_share"))["s"]
        total = (others or Decimal(0)) + share
        if total > 100:
            raise _refused(
                failed,
                "cost_share",
                _(
                    "The co-hosts' shares would add up to %(total)s %%; together they can bear "
                    "at most 100 %%."
                )
                % {"total": format_number(total.normalize())},
            )
        host, created = ProgrammeHost.objects.get_or_create(
            programme=locked, institution=institution, defaults={"cost_share": share}
        )
        before = None if created else str(host.cost_share)
        if not created:
            host.cost_share = share
            host.save(update_fields=["cost_share"])
        audit_record(
            actor=actor,
            action="development.programme_host_set",
            target=locked,
            institution=locked.organiser_id,
            data={
                "code": locked.code,
                "co_host": institution.code,
                "cost_share": [before, str(share)],
            },
        )
    return host


def programme_host_remove(*, host: ProgrammeHost, actor: Any) -> None:
    """Remove a co-host (not while its people are in an upcoming session as hosts)."""
    programme = host.programme
    _require(actor, ProgrammeHost, "delete", programme.organiser_id)
    failed = _("The co-host was not removed.")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        if Enrolment.objects.filter(
            programme=locked,
            institution_id=host.institution_id,
            status__in=ACTIVE_ENROLMENT,
            session__status=SessionStatus.PLANNED,
        ).exists():
            raise _refused(
                failed,
                "institution",
                _(
                    "Civil servants of %(institution)s are enrolled or waiting in an upcoming "
                    "session."
                )
                % {"institution": host.institution.name},
            )
        code = host.institution.code
        host.delete()
        audit_record(
            actor=actor,
            action="development.programme_host_remove",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code, "co_host": code},
        )


def _seats_held(programme: Programme, institution_id: int) -> tuple[int, Session | None]:
    """The most seats ``institution`` holds in one upcoming session, and that session."""
    most, where = 0, None
    for session in programme.sessions.filter(status=SessionStatus.PLANNED):
        used = Enrolment.objects.filter(
            session=session, institution_id=institution_id, status__in=QUOTA_STATUSES
        ).count()
        if used > most:
            most, where = used, session
    return most, where


def programme_quota_set(
    *, programme: Programme, institution: Institution, seats: Any, actor: Any
) -> ProgrammeQuota:
    """Invite an institution with ``seats`` per session, or change its seats."""
    _require(actor, ProgrammeQuota, "add", programme.organiser_id)
    failed = _("The quota was not saved.")
    try:
        seats_n = int(str(seats))
    except (TypeError, ValueError):
        seats_n = 0
    if seats_n < 1 or str(seats).strip() != str(seats_n):
        raise _refused(failed, "seats", _("A quota must be at least one seat."))
    if seats_n > 10000:
        raise _refused(failed, "seats", _("A quota can be at most 10.000 seats."))
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        if locked.access != Access.LISTED:
            raise _refused(
                failed,
                "institution",
                _("Quotas apply only to a programme open to listed institutions."),
            )
        if institution.pk in host_ids(locked):
            raise _refused(
                failed,
                "institution",
                _("%(institution)s hosts the programme; its people need no quota.")
                % {"institution": institution.name},
            )
        held, where = _seats_held(locked, institution.pk)
        if seats_n < held and where is not None:
            raise _refused(
                failed,
                "seats",
                _(
                    "%(institution)s already holds %(held)s seats in session %(number)s; the "
                    "quota cannot be below that."
                )
                % {
                    "institution": institution.name,
                    "held": format_number(held),
                    "number": where.number,
                },
            )
        quota, created = ProgrammeQuota.objects.get_or_create(
            programme=locked, institution=institution, defaults={"seats": seats_n}
        )
        before = None if created else quota.seats
        if not created:
            quota.seats = seats_n
            quota.save(update_fields=["seats"])
        audit_record(
            actor=actor,
            action="development.programme_quota_set",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code, "guest": institution.code, "seats": [before, seats_n]},
        )
    return quota


def programme_quota_remove(*, quota: ProgrammeQuota, actor: Any) -> None:
    """Withdraw an invitation (not while the institution holds seats in an upcoming session)."""
    programme = quota.programme
    _require(actor, ProgrammeQuota, "delete", programme.organiser_id)
    failed = _("The quota was not removed.")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        held, where = _seats_held(locked, quota.institution_id)
        if held and where is not None:
            raise _refused(
                failed,
                "institution",
                _(
                    "%(institution)s holds %(held)s seats in session %(number)s; cancel those "
                    "enrolments first."
                )
                % {
                    "institution": quota.institution.name,
                    "held": format_number(held),
                    "number": where.number,
                },
            )
        code = quota.institution.code
        quota.delete()
        audit_record(
            actor=actor,
            action="development.programme_quota_remove",
            target=locked,
            institution=locked.organiser_id,
            data={"code": locked.code, "guest": code},
        )


# --- sessions ------------------------------------------------------------------------


def _check_session(session: Session, programme: Programme, failed: str) -> None:
    if not session.start_date:
        raise _refused(failed, "start_date", _("Give the first day."))
    if not session.end_date:
        raise _refused(failed, "end_date", _("Give the last day."))
    if session.end_date < session.start_date:
        raise _refused(failed, "end_date", _("The last day cannot be before the first day."))
    if (session.end_date - session.start_date).days > 366:
        raise _refused(failed, "end_date", _("A session lasts at most a year."))
    if session.capacity is None or int(session.capacity) < 1:
        raise _refused(failed, "capacity", _("The capacity must be at least one."))
    if session.enrolment_closes and session.enrolment_closes > session.start_date:
        raise _refused(
            failed, "enrolment_closes", _("Enrolment must close on or before the first day.")
        )
    session.place = (session.place or "").strip()
    session.link = (session.link or "").strip()
    if programme.mode in (DeliveryMode.IN_PERSON, DeliveryMode.BLENDED) and not session.place:
        raise _refused(failed, "place", _("Give the place where the session is held."))
    if programme.mode in (DeliveryMode.ONLINE, DeliveryMode.BLENDED) and not session.link:
        raise _refused(failed, "link", _("Give the link of the online session."))
    if session.link and not session.link.lower().startswith(("https://", "http://")):
        raise _refused(failed, "link", _("The link must start with https://."))
    _validated(session, failed, exclude=["completed_by", "organiser", "programme"])


def session_create(
    *,
    programme: Programme,
    data: dict[str, Any],
    actor: Any,
    facilitators: list[dict[str, Any]] | None = None,
) -> Session:
    """A session (angkatan) of a programme that is not closed; number: the next one."""
    _require(actor, Session, "add", programme.organiser_id)
    failed = _("The session was not created.")
    values = _split(data, SESSION_FIELDS, failed)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _not_closed(locked, failed)
        number = values.pop("number", None)
        if not number:
            last = locked.sessions.aggregate(n=Max("number"))["n"] or 0
            number = last + 1
        if locked.sessions.filter(number=number).exists():
            raise _refused(
                failed, "number", _("The programme already has a session with this number.")
            )
        capacity = values.pop("capacity", None)
        if capacity is None:
            capacity = locked.capacity
        session = Session(
            programme=locked,
            organiser_id=locked.organiser_id,
            number=number,
            capacity=capacity,
            **{k: v for k, v in values.items() if v is not None},
        )
        _check_session(session, locked, failed)
        session.save()
        for order, row in enumerate(facilitators or []):
            _facilitator_add(session, row, order, failed)
        audit_record(
            actor=actor,
            action="development.session_create",
            target=session,
            institution=locked.organiser_id,
            data={
                "programme": locked.code,
                "number": session.number,
                "start_date": str(session.start_date),
                "end_date": str(session.end_date),
            },
        )
    return session


def session_update(*, session: Session, data: dict[str, Any], actor: Any) -> Session:
    """Change a planned session; its capacity not below those enrolled."""
    _require(actor, Session, "change", session.organiser_id)
    failed = _("The session was not changed.")
    values = _split(data, SESSION_FIELDS, failed)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
        _planned(locked, failed)
        before = _snapshot(locked, SESSION_FIELDS)
        for key, value in values.items():
            if key in ("place", "link") and value is None:
                value = ""
            if key == "enrolment_closes" or value is not None:
                setattr(locked, key, value)
        if (
            locked.number != before["number"]
            and Session.objects.filter(programme_id=locked.programme_id, number=locked.number)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise _refused(
                failed, "number", _("The programme already has a session with this number.")
            )
        enrolled = locked.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        if locked.capacity is not None and int(locked.capacity) < enrolled:
            raise _refused(
                failed,
                "capacity",
                _("%(n)s participants are already enrolled; the capacity cannot be below that.")
                % {"n": format_number(enrolled)},
            )
        _check_session(locked, locked.programme, failed)
        outside = (
            Attendance.objects.filter(enrolment__session=locked)
            .exclude(day__range=(locked.start_date, locked.end_date))
            .order_by("day")
            .values_list("day", flat=True)
            .first()
        )
        if outside is not None:
            raise _refused(
                failed,
                "start_date" if outside < locked.start_date else "end_date",
                _("Attendance is recorded on %(day)s, outside the new dates.")
                % {"day": format_date(outside)},
            )
        changed = _changes(before, _snapshot(locked, SESSION_FIELDS))
        if not changed:
            return locked
        locked.save()
        audit_record(
            actor=actor,
            action="development.session_update",
            target=locked,
            institution=locked.organiser_id,
            data={"programme": locked.programme.code, "number": locked.number, "changes": changed},
        )
    return locked


def _planned(session: Session, failed: str) -> None:
    if session.status == SessionStatus.COMPLETED:
        message = _("The session is completed; it cannot be changed.")
    elif session.status == SessionStatus.CANCELLED:
        message = _("The session is cancelled; it cannot be changed.")
    else:
        return
    raise Conflict(f"{failed} {message}", errors=[{"field": None, "message": message}])


def session_cancel(*, session: Session, reason: str, actor: Any) -> Session:
    """Cancel a planned session with a reason; its pending and active enrolments are
    cancelled with the same reason (each person's institution sees why)."""
    _require(actor, Session, "change", session.organiser_id)
    failed = _("The session was not cancelled.")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise _refused(failed, "reason", _("Say why the session is cancelled."))
    if len(reason) > 1000:
        raise _refused(failed, "reason", _("The reason can be at most 1.000 characters."))
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
        _planned(locked, failed)
        now = timezone.now()
        locked.status = SessionStatus.CANCELLED
        locked.cancel_reason = reason
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        affected = Enrolment.objects.filter(session=locked, status__in=ACTIVE_ENROLMENT)
        nips = list(affected.values_list("nip", flat=True))
        affected.update(status=EnrolmentStatus.CANCELLED, reason=reason, updated_at=now)
        audit_record(
            actor=actor,
            action="development.session_cancel",
            target=locked,
            institution=locked.organiser_id,
            data={
                "programme": locked.programme.code,
                "number": locked.number,
                "reason": reason,
                "enrolments_cancelled": len(nips),
            },
            nips=nips,
            change=AuditSubject.Change.UPDATED,
        )
    return locked


# --- facilitators --------------------------------------------------------------------


def _facilitator_add(session: Session, row: dict[str, Any], order: int, failed: str) -> Facilitator:
    name = " ".join(str(row.get("name") or "").split())
    role = " ".join(str(row.get("role") or "").split())
    employee = row.get("employee")
    if not name and employee is not None:
        name = employee.full_name
    if not name:
        raise _refused(failed, "name", _("Give the facilitator's name."))
    if len(name) > 200:
        raise _refused(failed, "name", _("A name can be at most 200 characters."))
    if len(role) > 100:
        raise _refused(failed, "role", _("A role can be at most 100 characters."))
    return Facilitator.objects.create(
        session=session, name=name, role=role, employee=employee, order=order
    )


def facilitator_add(*, session: Session, data: dict[str, Any], actor: Any) -> Facilitator:
    """A facilitator (name, role, optionally a civil servant from the register)."""
    _require(actor, Facilitator, "add", session.organiser_id)
    failed = _("The facilitator was not added.")
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
        _planned(locked, failed)
        order = (locked.facilitators.aggregate(n=Max("order"))["n"] or 0) + 1
        facilitator = _facilitator_add(locked, data, order, failed)
        audit_record(
            actor=actor,
            action="development.session_facilitator_add",
            target=locked,
            institution=locked.organiser_id,
            data={
                "programme": locked.programme.code,
                "number": locked.number,
                "facilitator": facilitator.name,
                "role": facilitator.role,
                **({"nip": facilitator.employee.nip} if facilitator.employee else {}),
            },
        )
    return facilitator


def facilitator_remove(*, facilitator: Facilitator, actor: Any) -> None:
    session = facilitator.session
    _require(actor, Facilitator, "delete", session.organiser_id)
    failed = _("The facilitator was not removed.")
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
        _planned(locked, failed)
        name = facilitator.name
        facilitator.delete()
        audit_record(
            actor=actor,
            action="development.session_facilitator_remove",
            target=locked,
            institution=locked.organiser_id,
            data={"programme": locked.programme.code, "number": locked.number, "facilitator": name},
        )
