"""Writes about exam batches: create and change one, assign and remove its assessors.

A batch is organised by a province's BPSDM or by the national coordinator (a regency
or city cannot organise) and keeps the scheme version that was newest when it was
made. An assessor is assigned only under a licence for the scheme valid on every exam
day. Nominating and withdrawing participants: :mod:`.services_participants` (its
functions are importable from here too).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict
from tangguh.core.formatting import format_date, format_number
from tangguh.core.roles import Role
from tangguh.core.scoping import may
from tangguh.institutions.models import Institution, InstitutionKind

from .models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    BatchStatus,
    Outcome,
    ParticipationStatus,
    Scheme,
    UnitResult,
)
from .services_participants import (  # noqa: F401  the contract's names, here too
    participant_exam_date_set,
    participant_nominate,
    participant_withdraw,
)
from .services_schemes import _name, _refused, _user, latest_version, validated

BATCH_FIELDS = (
    "code",
    "title",
    "exam_start",
    "exam_end",
    "place",
    "nomination_deadline",
    "capacity",
    "status",
)
_BATCH_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# Where a batch may go from each status (cancelled and closed are final).
TRANSITIONS = {
    BatchStatus.OPEN: {BatchStatus.ASSESSMENT, BatchStatus.CANCELLED},
    BatchStatus.ASSESSMENT: {BatchStatus.OPEN, BatchStatus.CLOSED, BatchStatus.CANCELLED},
    BatchStatus.CLOSED: set(),
    BatchStatus.CANCELLED: set(),
}


def may_organise(institution: Institution) -> bool:
    """Only a province or the national coordinator organises exam batches."""
    return institution.is_national_coordinator or institution.kind == InstitutionKind.PROVINSI


def _require(actor: Any, model: Any, action: str, institution: Any) -> None:
    if not may(actor, model, action, institution):
        raise PermissionDenied(_("You do not have permission to do this."))


def _next_code(scheme: Scheme, year: int) -> str:
    prefix = f"UK-{scheme.code.upper()}-{year}-"
    taken = set(Batch.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def _check_dates(batch: Batch, failed: str) -> None:
    if batch.exam_start and batch.exam_end and batch.exam_end < batch.exam_start:
        raise _refused(failed, "exam_end", _("The exam cannot end before it starts."))
    if (
        batch.nomination_deadline
        and batch.exam_start
        and batch.nomination_deadline > batch.exam_start
    ):
        raise _refused(
            failed,
            "nomination_deadline",
            _("Nominations must close on or before the first exam day."),
        )


def batch_create(
    *, scheme: Scheme, organiser: Institution, data: dict[str, Any], actor: Any
) -> Batch:
    """A batch of ``scheme``'s newest version, run by ``organiser`` (province or national)."""
    _require(actor, Batch, "add", organiser)
    failed = _("The batch was not created.")
    if not may_organise(organiser):
        raise _refused(
            failed,
            "organiser",
            _(
                "%(institution)s cannot organise exam batches: only a province's BPSDM or the "
                "national coordinator can."
            )
            % {"institution": organiser},
        )
    if not scheme.is_active:
        raise _refused(
            failed,
            "scheme",
            _("The scheme %(code)s is closed for new batches.") % {"code": scheme.code},
        )
    version = latest_version(scheme)
    if version is None:
        raise _refused(failed, "scheme", _("The scheme has no published version."))
    unknown = set(data) - set(BATCH_FIELDS)
    if unknown:
        raise _refused(
            failed, None, _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    code = str(values.pop("code", "") or "").strip()
    batch = Batch(
        scheme=scheme,
        scheme_version=version,
        organiser=organiser,
        created_by=_user(actor),
        **{k: v for k, v in values.items() if v is not None},
    )
    if not batch.exam_start:
        raise _refused(failed, "exam_start", _("Give the first exam day."))
    batch.exam_end = batch.exam_end or batch.exam_start
    batch.code = code or _next_code(scheme, batch.exam_start.year)
    if not _BATCH_CODE.match(batch.code):
        raise _refused(
            failed, "code", _("The code may hold letters, digits, dots, hyphens and underscores.")
        )
    if Batch.objects.filter(code=batch.code).exists():
        raise Conflict(
            _("A batch with the code %(code)s already exists.") % {"code": batch.code},
            errors=[{"field": "code", "message": _("This code is taken.")}],
        )
    _check_dates(batch, failed)
    validated(batch, failed)
    with transaction.atomic():
        batch.save()
        audit_record(
            actor=actor,
            action="certification.batch_create",
            target=batch,
            institution=organiser,
            data={"code": batch.code, "scheme": scheme.code, "version": version.version},
        )
    return batch


def batch_update(*, batch: Batch, data: dict[str, Any], actor: Any) -> Batch:
    """Change a batch's details or status. Participants' exam dates move with the start;
    an assessor whose licence would not cover the new days is named and nothing changes."""
    _require(actor, Batch, "change", batch.organiser_id)
    failed = _("The batch was not changed.")
    unknown = set(data) - set(BATCH_FIELDS) | ({"code"} & set(data))
    if unknown:
        raise _refused(
            failed, None, _("These cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        before = {f: getattr(locked, f) for f in BATCH_FIELDS}
        for key, value in data.items():
            setattr(locked, key, value)
        changed = {
            f: (before[f], getattr(locked, f))
            for f in BATCH_FIELDS
            if before[f] != getattr(locked, f)
        }
        if not changed:
            return locked
        if "status" in changed:
            _check_transition(locked, before["status"], failed)
        _check_dates(locked, failed)
        validated(locked, failed)
        if "exam_start" in changed or "exam_end" in changed:
            _check_assessors_cover(locked, failed)
            _move_exam_dates(locked, before["exam_start"], failed)
        locked.save()
        audit_record(
            actor=actor,
            action="certification.batch_update",
            target=locked,
            institution=locked.organiser_id,
            data={f: [_plain(a), _plain(b)] for f, (a, b) in changed.items()},
        )
    return locked


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _check_transition(batch: Batch, old: str, failed: str) -> None:
    new = batch.status
    if new not in TRANSITIONS.get(BatchStatus(old), set()):
        raise _refused(
            failed,
            "status",
            _("A batch cannot go from “%(old)s” to “%(new)s”.")
            % {"old": BatchStatus(old).label, "new": BatchStatus(new).label},
        )
    if new == BatchStatus.CLOSED:
        pending = batch.participations.filter(
            status=ParticipationStatus.NOMINATED, outcome=Outcome.PENDING
        ).count()
        if pending:
            raise _refused(
                failed,
                "status",
                _("%(count)s participants have no plenary decision yet: decide them first.")
                % {"count": format_number(pending)},
            )
    if (
        new == BatchStatus.CANCELLED
        and batch.participations.exclude(outcome=Outcome.PENDING).exists()
    ):
        raise _refused(
            failed,
            "status",
            _("The plenary has decided on participants of this batch: it cannot be cancelled."),
        )


def _check_assessors_cover(batch: Batch, failed: str) -> None:
    for assigned in batch.batch_assessors.select_related("licence", "assessor"):
        licence = assigned.licence
        if not (licence.is_valid_on(batch.exam_start) and licence.is_valid_on(batch.exam_end)):
            raise _refused(failed, "exam_end", _licence_problem(licence, assigned.assessor, batch))


def _move_exam_dates(batch: Batch, old_start: date, failed: str) -> None:
    participations = batch.participations.all()
    participations.filter(exam_date=old_start).update(exam_date=batch.exam_start)
    outside = participations.exclude(exam_date__range=(batch.exam_start, batch.exam_end)).count()
    if outside:
        raise _refused(
            failed,
            "exam_start",
            _("%(count)s participants have an exam date outside the new dates.")
            % {"count": format_number(outside)},
        )


# --- assessors ---------------------------------------------------------------------


def _licence_problem(licence: AssessorLicence, assessor: Any, batch: Batch) -> str:
    params = {"number": licence.number, "name": _name(assessor)}
    if licence.revoked_at is not None:
        return _("The licence %(number)s of %(name)s was revoked on %(date)s.") % {
            **params,
            "date": format_date(licence.revoked_at),
        }
    if licence.valid_until < batch.exam_end:
        return _(
            "The licence %(number)s of %(name)s expired on %(date)s, before the exam (%(exam)s)."
        ) % {
            **params,
            "date": format_date(licence.valid_until),
            "exam": format_date(
                batch.exam_end if licence.valid_until >= batch.exam_start else batch.exam_start
            ),
        }
    return _(
        "The licence %(number)s of %(name)s is valid only from %(date)s, after the exam (%(exam)s)."
    ) % {
        **params,
        "date": format_date(licence.valid_from),
        "exam": format_date(batch.exam_start),
    }


def covering_licence(assessor: Any, batch: Batch) -> tuple[AssessorLicence | None, str]:
    """The assessor's licence for the batch's scheme valid on every exam day, or why none is."""
    licences = list(
        AssessorLicence.objects.filter(assessor=assessor, scheme_id=batch.scheme_id).order_by(
            "-valid_until"
        )
    )
    for licence in licences:
        if licence.is_valid_on(batch.exam_start) and licence.is_valid_on(batch.exam_end):
            return licence, ""
    if not licences:
        return None, _("%(name)s holds no licence for the scheme %(code)s.") % {
            "name": _name(assessor),
            "code": batch.scheme.code,
        }
    return None, _licence_problem(licences[0], assessor, batch)


def batch_assessor_assign(*, batch: Batch, assessor: Any, actor: Any) -> BatchAssessor:
    """Assign ``assessor`` to ``batch`` under a licence that covers every exam day."""
    _require(actor, BatchAssessor, "add", batch.organiser_id)
    failed = _("The assessor was not assigned.")
    if assessor.role != Role.ASSESSOR or not assessor.is_active:
        raise _refused(
            failed, "assessor", _("%(name)s is not an active assessor.") % {"name": _name(assessor)}
        )
    if batch.status in (BatchStatus.CLOSED, BatchStatus.CANCELLED):
        raise _refused(
            failed,
            None,
            _("The batch is %(status)s.") % {"status": batch.get_status_display().lower()},
        )
    licence, problem = covering_licence(assessor, batch)
    if licence is None:
        raise _refused(failed, "assessor", problem)
    if BatchAssessor.objects.filter(batch=batch, assessor=assessor).exists():
        raise Conflict(
            _("%(name)s is already assigned to this batch.") % {"name": _name(assessor)},
            errors=[{"field": "assessor", "message": _("Already assigned.")}],
        )
    with transaction.atomic():
        assigned = BatchAssessor.objects.create(batch=batch, assessor=assessor, licence=licence)
        audit_record(
            actor=actor,
            action="certification.batch_assessor_assign",
            target=batch,
            institution=batch.organiser_id,
            data={"batch": batch.code, "assessor": assessor.username, "licence": licence.number},
        )
    return assigned


def batch_assessor_remove(*, batch_assessor: BatchAssessor, actor: Any) -> None:
    """Take an assessor off a batch, unless they have recorded results in it."""
    batch = batch_assessor.batch
    _require(actor, BatchAssessor, "delete", batch.organiser_id)
    if UnitResult.objects.filter(
        participation__batch=batch, assessor_id=batch_assessor.assessor_id
    ).exists():
        raise _refused(
            _("The assessor was not removed."),
            None,
            _("%(name)s has recorded results in this batch.")
            % {"name": _name(batch_assessor.assessor)},
        )
    with transaction.atomic():
        batch_assessor.delete()
        audit_record(
            actor=actor,
            action="certification.batch_assessor_remove",
            target=batch,
            institution=batch.organiser_id,
            data={"batch": batch.code, "assessor": batch_assessor.assessor.username},
        )
