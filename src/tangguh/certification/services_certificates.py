"""Writes about certificates: issue on a positive plenary decision, renew, revoke.

The rules (docs/certification.md):

- a certificate is issued once per certified participation, with the next number of
  its scheme and year (``numbering.py``), ``expires_on`` = issue + the version's
  validity, the holder's institution of the day, and the signed Open Badges 3.0
  credential (``credentials.credential_issue``) stored with the key that signed it;
- when the holder has a valid or recently expired certificate of the same scheme that
  nothing renewed yet, the new one renews it (``renewed_from``): re-certification;
- the national administrator may also renew a certificate by hand (a new certificate
  from today under the scheme's current version), and revoke one with a reason. The
  old certificate keeps its own dates; a revocation never changes the credential (its
  status does).

Each write records its audit entry, with the holder's NIP, in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date
from tangguh.core.models import AuditSubject
from tangguh.core.scoping import may

from .models import (
    Certificate,
    Outcome,
    Participation,
    ParticipationStatus,
    SchemeVersion,
)
from .numbering import expiry_date, next_number

# A certificate expired less than this long ago is still renewed by a new positive decision.
RENEWAL_GRACE = timedelta(days=365)
REASON_MAX = 1000


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_issue_date(issued_on: date, *, not_before: date, field: str = "issued_on") -> None:
    if issued_on > timezone.localdate():
        raise DomainError(
            _("A certificate cannot be issued in the future (%(date)s).")
            % {"date": format_date(issued_on)},
            errors=[{"field": field, "message": _("The date is in the future.")}],
        )
    if issued_on < not_before:
        raise DomainError(
            _("A certificate cannot be issued before %(date)s.")
            % {"date": format_date(not_before)},
            errors=[{"field": field, "message": _("The date is too early.")}],
        )


def renewable_certificate(*, employee_id: int, scheme_id: int, on: date) -> Certificate | None:
    """The holder's certificate of the scheme that a new one issued ``on`` would renew.

    The newest one not revoked, not renewed already, and valid or expired less than
    :data:`RENEWAL_GRACE` before ``on``.
    """
    return (
        Certificate.objects.filter(
            employee_id=employee_id,
            scheme_id=scheme_id,
            revoked_at__isnull=True,
            renewed_by__isnull=True,
            expires_on__gte=on - RENEWAL_GRACE,
            issued_on__lte=on,
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


def _build(
    *,
    participation: Participation | None,
    version: SchemeVersion,
    employee: Any,
    issued_on: date,
    renewed_from: Certificate | None,
    actor: Any,
) -> Certificate:
    """Number, dates, holder; then the signed credential. Inside the caller's transaction."""
    from .credentials import credential_issue  # the credential part builds on this one

    certificate = Certificate(
        number=next_number(scheme=version.scheme, year=issued_on.year),
        participation=participation,
        scheme_id=version.scheme_id,
        scheme_version=version,
        issuing_body_id=version.issuing_body_id,
        employee=employee,
        nip=participation.nip if participation else employee.nip,
        holder_name=participation.holder_name if participation else employee.full_name,
        institution_id=employee.institution_id,
        issued_on=issued_on,
        expires_on=expiry_date(issued_on, version.validity_years),
        issued_by=_actor_or_none(actor),
        renewed_from=renewed_from,
    )
    try:
        certificate.full_clean(exclude=["credential", "key_id"])
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    certificate.save()
    credential, key_id = credential_issue(certificate)
    certificate.credential = credential
    certificate.key_id = key_id
    certificate.save(update_fields=["credential", "key_id", "updated_at"])
    return certificate


def _may_issue(actor: Any, participation: Participation) -> bool:
    """The system, whoever may record the participation's plenary, or the issuing body."""
    if actor is None or may(actor, Certificate, "add", participation.institution_id):
        return True
    return Participation.objects.restrict(actor, "change").filter(pk=participation.pk).exists()


def certificate_issue(
    *, participation: Participation, actor: Any, issued_on: date | None = None
) -> Certificate:
    """Issue the certificate of a certified participation (the plenary calls this).

    ``issued_on`` defaults to the plenary date. Refused when the participation is not
    certified, withdrawn, or has its certificate already.
    """
    if not _may_issue(actor, participation):
        raise PermissionDenied(_("You may not issue certificates for this participant."))
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update()
            .select_related("batch__scheme_version__scheme", "employee")
            .get(pk=participation.pk)
        )
        if participation.status == ParticipationStatus.WITHDRAWN:
            raise DomainError(_("This participant was withdrawn: no certificate is issued."))
        if participation.outcome != Outcome.CERTIFIED:
            raise DomainError(
                _("Only a participant the plenary decided competent receives a certificate.")
            )
        existing = Certificate.objects.filter(participation=participation).first()
        if existing is not None:
            raise Conflict(
                _("This participant already has certificate %(number)s.")
                % {"number": existing.number}
            )
        issued_on = issued_on or participation.decided_on or timezone.localdate()
        _check_issue_date(issued_on, not_before=participation.exam_date)
        renews = renewable_certificate(
            employee_id=participation.employee_id, scheme_id=participation.scheme_id, on=issued_on
        )
        certificate = _build(
            participation=participation,
            version=participation.batch.scheme_version,
            employee=participation.employee,
            issued_on=issued_on,
            renewed_from=renews,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="certification.certificate_issue",
            target=certificate,
            institution=certificate.institution_id,
            data={
                "number": certificate.number,
                "nip": certificate.nip,
                "batch": participation.batch.code,
                "issued_on": certificate.issued_on.isoformat(),
                "expires_on": certificate.expires_on.isoformat(),
                "renews": renews.number if renews else "",
                "key_id": certificate.key_id,
            },
            change=AuditSubject.Change.CREATED,
        )
    return certificate


def certificate_renew(
    *,
    certificate: Certificate,
    actor: Any,
    participation: Participation | None = None,
    issued_on: date | None = None,
) -> Certificate:
    """A new certificate renewing ``certificate`` (the national administrator's action).

    With ``participation`` (a certified participation of the same holder and scheme,
    without a certificate) the new one is issued from it under its batch's version;
    without, from ``issued_on`` (today by default) under the scheme's current version.
    The old certificate keeps its own dates.
    """
    if not may(actor, Certificate, "add", certificate.institution_id):
        raise PermissionDenied(_("Only the national administrator may renew a certificate."))
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.revoked_at is not None:
            raise Conflict(_("A revoked certificate cannot be renewed."))
        follower = Certificate.objects.filter(renewed_from=old).first()
        if follower is not None:
            raise Conflict(
                _("This certificate was already renewed by %(number)s.")
                % {"number": follower.number}
            )
        if participation is not None:
            participation = _renewing_participation(participation, old)
            version = participation.batch.scheme_version
            employee = participation.employee
            issued_on = issued_on or participation.decided_on or timezone.localdate()
            _check_issue_date(issued_on, not_before=max(participation.exam_date, old.issued_on))
        else:
            version = _current_version(old)
            employee = old.employee
            issued_on = issued_on or timezone.localdate()
            _check_issue_date(issued_on, not_before=old.issued_on)
        new = _build(
            participation=participation,
            version=version,
            employee=employee,
            issued_on=issued_on,
            renewed_from=old,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="certification.certificate_renew",
            target=new,
            institution=new.institution_id,
            data={
                "number": new.number,
                "renews": old.number,
                "nip": new.nip,
                "issued_on": new.issued_on.isoformat(),
                "expires_on": new.expires_on.isoformat(),
                "key_id": new.key_id,
            },
            change=AuditSubject.Change.CREATED,
        )
    return new


def _renewing_participation(participation: Participation, old: Certificate) -> Participation:
    participation = (
        Participation.objects.select_for_update()
        .select_related("batch__scheme_version", "employee")
        .get(pk=participation.pk)
    )
    if participation.employee_id != old.employee_id or participation.scheme_id != old.scheme_id:
        raise DomainError(
            _("The participation must be of the same holder and scheme as the certificate.")
        )
    if (
        participation.outcome != Outcome.CERTIFIED
        or participation.status == ParticipationStatus.WITHDRAWN
    ):
        raise DomainError(
            _("Only a participant the plenary decided competent receives a certificate.")
        )
    if Certificate.objects.filter(participation=participation).exists():
        raise Conflict(_("This participation has its certificate already."))
    return participation


def _current_version(old: Certificate) -> SchemeVersion:
    version = SchemeVersion.objects.filter(scheme_id=old.scheme_id).order_by("-version").first()
    return version or old.scheme_version


def certificate_revoke(*, certificate: Certificate, reason: str, actor: Any) -> Certificate:
    """Revoke ``certificate`` with a reason; its verification page says revoked from now on."""
    if not may(actor, Certificate, "change", certificate.institution_id):
        raise PermissionDenied(_("Only the national administrator may revoke a certificate."))
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why the certificate is revoked."),
            errors=[{"field": "reason", "message": _("A reason is required.")}],
        )
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the text under %(max)s characters.") % {"max": REASON_MAX},
            errors=[
                {
                    "field": "reason",
                    "message": _("At most %(max)s characters.") % {"max": REASON_MAX},
                }
            ],
        )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise Conflict(
                _("This certificate was already revoked on %(date)s.")
                % {"date": format_date(timezone.localdate(locked.revoked_at))}
            )
        locked.revoked_at = timezone.now()
        locked.revoked_by = _actor_or_none(actor)
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="certification.certificate_revoke",
            target=locked,
            institution=locked.institution_id,
            data={"number": locked.number, "nip": locked.nip, "reason": reason},
            change=AuditSubject.Change.UPDATED,
        )
    return locked
