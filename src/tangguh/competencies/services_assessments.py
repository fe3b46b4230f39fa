"""Assessments: record one (the form, the API) and void one with a reason.

Recorded by the institution's operators, administrators and assessors for the people
of their institution. Separation of duties: outside a self-assessment, nobody assesses
themselves, neither as the assessor named nor as the one recording it; in a
self-assessment the assessor is the person. Every write refreshes the person's current
profile (:func:`.profile.refresh`) and records its audit entry in the same transaction.
The import (:mod:`.assessments_import`) judges its rows with :func:`check_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import may
from tangguh.development.evidence import evidence_check
from tangguh.people.models import Employee

from . import profile
from .frameworks import current_competencies
from .models import Assessment, AssessmentMethod, AssessmentStatus, Competency

EARLIEST = date(1990, 1, 1)

# The sentences a refused assessment carries (the form, the API and the import share them).
LEVEL_RANGE = _("The level must be a whole number from 1 to 5.")
FUTURE_DATE = _("The assessment date is in the future.")
TOO_OLD = _("The assessment date is before 1990.")
SELF_ASSESSOR = _(
    "Nobody assesses themselves except in a self-assessment: the assessor's NIP is the "
    "person's own."
)
SELF_RECORDER = _(
    "You may not record an assessment of yourself other than a self-assessment: another "
    "officer of your institution must."
)
NO_ASSESSOR = _("Give the assessor's NIP or name.")
SELF_OTHER_ASSESSOR = _("In a self-assessment the assessor is the person themselves.")


def _field_error(field: str, message: Any, code: str = "invalid") -> DomainError:
    return DomainError(message, errors=[{"field": field, "message": str(message)}], code=code)


def may_record(actor: Any, employee: Employee) -> bool:
    """Staff who add assessments in the person's institution."""
    return may(actor, Assessment, "add", employee.institution_id)


def may_void(actor: Any, assessment: Assessment) -> bool:
    return may(actor, Assessment, "change", assessment.institution_id)


def check_rules(
    *,
    person_nip: str,
    level: Any,
    assessed_on: date | None,
    method: AssessmentMethod,
    assessor_nip: str,
    assessor_name: str,
    actor: Any,
    today: date,
) -> list[tuple[str, Any]]:
    """Every rule an assessment must keep, as (field, sentence) pairs (none: it may be
    written). One definition for the form, the API and the import."""
    problems: list[tuple[str, Any]] = []
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        problems.append(("level", LEVEL_RANGE))
    if assessed_on is not None and assessed_on > today:
        problems.append(("assessed_on", FUTURE_DATE))
    elif assessed_on is not None and assessed_on < EARLIEST:
        problems.append(("assessed_on", TOO_OLD))
    if method.is_self:
        if assessor_nip and assessor_nip != person_nip:
            problems.append(("assessor_nip", SELF_OTHER_ASSESSOR))
    else:
        if assessor_nip and assessor_nip == person_nip:
            problems.append(("assessor_nip", SELF_ASSESSOR))
        elif not assessor_nip and not assessor_name:
            problems.append(("assessor_nip", NO_ASSESSOR))
        actor_nip = getattr(actor, "nip", "") or ""
        if actor_nip and actor_nip == person_nip:
            problems.append(("nip", SELF_RECORDER))
    return problems


@dataclass(frozen=True)
class AssessmentInput:
    competency: Competency
    level: int
    assessed_on: date
    method: AssessmentMethod
    assessor_nip: str = ""
    assessor_name: str = ""
    evidence_url: str = ""
    note: str = ""


@transaction.atomic
def assessment_record(
    *,
    employee: Employee,
    data: AssessmentInput,
    actor: Any,
    evidence: Any = None,
    source: str = "form",
) -> Assessment:
    """Record one assessment and refresh the person's profile; audited."""
    if not may_record(actor, employee):
        raise PermissionDenied
    problems = check_rules(
        person_nip=employee.nip,
        level=data.level,
        assessed_on=data.assessed_on,
        method=data.method,
        assessor_nip=data.assessor_nip,
        assessor_name=data.assessor_name,
        actor=actor,
        today=timezone.localdate(),
    )
    if problems:
        field, message = problems[0]
        raise DomainError(
            message,
            errors=[{"field": f, "message": str(m)} for f, m in problems],
            code="refused",
        )
    in_force = current_competencies(employee.institution_id)
    if in_force.get(data.competency.code) != data.competency:
        raise _field_error(
            "competency", _("This competency is not in the dictionaries in force here.")
        )
    assessor_nip = employee.nip if data.method.is_self else data.assessor_nip
    assessor = Employee.objects.filter(nip=assessor_nip).first() if assessor_nip else None
    stored = evidence_check(evidence) if evidence else None
    assessment = Assessment(
        employee=employee,
        nip=employee.nip,
        institution_id=employee.institution_id,
        competency=data.competency,
        code=data.competency.code,
        level=data.level,
        assessed_on=data.assessed_on,
        method=data.method,
        assessor=assessor,
        assessor_nip=assessor_nip,
        assessor_name=(data.assessor_name or (assessor.full_name if assessor else ""))[:200],
        evidence_url=data.evidence_url or "",
        note=(data.note or "").strip(),
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if stored is not None:
        assessment.evidence.save(str(stored.content.name), stored.content, save=False)
    try:
        assessment.full_clean(
            exclude=["evidence", "employee", "institution", "competency", "method", "assessor"]
        )
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise _field_error(field, " ".join(messages)) from None
    assessment.save()
    profile.refresh([employee.pk])
    audit_record(
        actor=actor,
        action="competencies.assessment_record",
        target=assessment,
        institution=assessment.institution_id,
        data={
            "nip": employee.nip,
            "code": assessment.code,
            "level": assessment.level,
            "method": data.method.code,
            "assessed_on": assessment.assessed_on.isoformat(),
        },
    )
    return assessment


@transaction.atomic
def assessment_void(*, assessment: Assessment, reason: str, actor: Any) -> Assessment:
    """Void an assessment with a reason: it stays, no longer counts; the profile refreshed."""
    if not may_void(actor, assessment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Write why the assessment is void."), "reason_required")
    if len(reason) > 1000:
        raise _field_error("reason", _("The reason is at most 1,000 characters."))
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == AssessmentStatus.VOID:
        raise DomainError(_("This assessment is void already."), code="status")
    locked.status = AssessmentStatus.VOID
    locked.void_reason = reason
    locked.save(update_fields=["status", "void_reason"])
    profile.refresh([locked.employee_id])
    audit_record(
        actor=actor,
        action="competencies.assessment_void",
        target=locked,
        institution=locked.institution_id,
        data={"nip": locked.nip, "code": locked.code, "reason": reason},
    )
    return locked
