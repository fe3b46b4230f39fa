"""Writes about the needs analysis (AKPK): a draft computed for an institution and year,
recomputed from the gaps of the day, adjusted line by line, and filed (frozen).

Recomputing a draft refreshes each line's counts and keeps what the preparer set on a
line still needed (suggested programmes, form, JP, priority, note; the cost scaled by
the new number of people); a competency no longer short disappears, a new one arrives
with the catalogue's suggestion. Filing keeps the data's date and the dictionary
versions used; after that nothing changes. Operators and administrators prepare; only
an administrator files (the national administrator may for any institution).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import may, role_of
from tangguh.development.models import DevelopmentForm
from tangguh.institutions.models import Institution

from . import needs as computation
from .models import NeedsAnalysis, NeedsLine, NeedsStatus

FIRST_YEAR = 2000
MAX_JP = Decimal("99999")
MAX_COST = Decimal("9" * 18)
FILERS = {Role.NATIONAL_ADMIN, Role.INSTITUTION_ADMIN}


def last_year(today: Any = None) -> int:
    """The latest year accepted: next year (the needs are analysed a year ahead)."""
    return (today or timezone.localdate()).year + 1


@dataclass(frozen=True)
class LineChanges:
    """What a preparer may set on a line; the counts are the computation's."""

    form_id: int | None
    estimated_jp: Any
    estimated_cost: Any
    priority: Any
    note: str = ""
    programme_ids: tuple[int, ...] | None = None  # None: keep the suggestions


def _audit_data(analysis: NeedsAnalysis) -> dict[str, Any]:
    return {
        "year": analysis.year,
        "status": analysis.status,
        "lines": analysis.lines.count(),
        "people_total": analysis.people_total,
        "people_assessed": analysis.people_assessed,
        "data_as_of": analysis.data_as_of.isoformat(),
    }


def _write_lines(analysis: NeedsAnalysis, result: computation.Computed) -> None:
    kept = {line.code: line for line in analysis.lines.all()}
    fresh = []
    for priority, need in enumerate(result.needs, start=1):
        line = kept.pop(need.code, None)
        if line is None:
            fresh.append(
                NeedsLine(
                    analysis=analysis,
                    competency_id=need.competency_id,
                    code=need.code,
                    people=need.people,
                    by_gap=need.by_gap_json(),
                    programmes=need.programmes,
                    form_id=need.form_id,
                    estimated_jp=need.jp,
                    estimated_cost=need.estimated_cost,
                    priority=priority,
                )
            )
            continue
        if line.people:
            per_person = line.estimated_cost / line.people
            line.estimated_cost = (per_person * need.people).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        line.people = need.people
        line.by_gap = need.by_gap_json()
        line.competency_id = need.competency_id
        line.save(update_fields=["people", "by_gap", "competency", "estimated_cost"])
    NeedsLine.objects.filter(pk__in=[line.pk for line in kept.values()]).delete()
    NeedsLine.objects.bulk_create(fresh)


def _apply(analysis: NeedsAnalysis, result: computation.Computed) -> None:
    analysis.data_as_of = result.data_as_of
    analysis.versions = result.versions
    analysis.people_total = result.people_total
    analysis.people_assessed = result.people_assessed
    analysis.save(update_fields=["data_as_of", "versions", "people_total", "people_assessed"])
    _write_lines(analysis, result)


def needs_create(*, institution: Institution, year: int, actor: Any) -> NeedsAnalysis:
    """A draft AKPK of ``institution`` for ``year``, computed from today's gaps."""
    if not may(actor, NeedsAnalysis, "add", institution):
        raise PermissionDenied(_("You may not prepare this institution's needs analysis."))
    if not isinstance(year, int) or not FIRST_YEAR <= year <= last_year():
        raise DomainError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": last_year()},
            errors=[{"field": "year", "message": _("Choose another year.")}],
        )
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)
        if NeedsAnalysis.objects.filter(institution=institution, year=year).exists():
            raise Conflict(
                _("%(institution)s already has a needs analysis for %(year)s.")
                % {"institution": institution.name, "year": year}
            )
        result = computation.compute(institution.pk)
        analysis = NeedsAnalysis.objects.create(
            institution=institution,
            year=year,
            data_as_of=result.data_as_of,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _apply(analysis, result)
        audit_record(
            actor=actor,
            action="competencies.needs_create",
            target=analysis,
            institution=institution,
            data=_audit_data(analysis),
        )
    return analysis


def _draft_locked(analysis: NeedsAnalysis, actor: Any) -> NeedsAnalysis:
    if not may(actor, NeedsAnalysis, "change", analysis.institution_id):
        raise PermissionDenied(_("You may not change this institution's needs analysis."))
    locked = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if locked.status != NeedsStatus.DRAFT:
        raise Conflict(_("This needs analysis is filed and no longer changes."))
    return locked


def needs_recompute(*, analysis: NeedsAnalysis, actor: Any) -> NeedsAnalysis:
    """Recompute a draft from today's gaps, keeping the preparer's adjustments."""
    with transaction.atomic():
        analysis = _draft_locked(analysis, actor)
        _apply(analysis, computation.compute(analysis.institution_id))
        audit_record(
            actor=actor,
            action="competencies.needs_recompute",
            target=analysis,
            institution=analysis.institution_id,
            data=_audit_data(analysis),
        )
    return analysis


def _decimal(value: Any, field: str, label: str, ceiling: Decimal, places: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = Decimal("NaN")
    problem = None
    if not number.is_finite():
        problem = _("%(field)s: not a number.") % {"field": label}
    elif number < 0:
        problem = _("%(field)s cannot be negative.") % {"field": label}
    elif number > ceiling:
        problem = _("%(field)s is too large.") % {"field": label}
    elif number != number.quantize(Decimal(1).scaleb(-places)):
        problem = _("%(field)s: at most %(places)s decimals.") % {"field": label, "places": places}
    if problem:
        raise DomainError(problem, errors=[{"field": field, "message": problem}])
    return number


def line_problems(changes: LineChanges) -> tuple[Decimal, Decimal, int]:
    """The line's figures read, or the first problem raised (one rule for screen and API)."""
    jp = _decimal(changes.estimated_jp, "estimated_jp", _("JP per person"), MAX_JP, 2)
    cost = _decimal(changes.estimated_cost, "estimated_cost", _("The estimated cost"), MAX_COST, 0)
    priority = _decimal(changes.priority, "priority", _("The priority"), Decimal(999), 0)
    if (
        changes.form_id is not None
        and not DevelopmentForm.objects.filter(pk=changes.form_id, is_active=True).exists()
    ):
        message = _("Choose a form of development in use.")
        raise DomainError(message, errors=[{"field": "form", "message": message}])
    if len(changes.note) > 2000:
        message = _("The note is at most 2,000 characters.")
        raise DomainError(message, errors=[{"field": "note", "message": message}])
    return jp, cost, int(priority)


def needs_line_edit(*, line: NeedsLine, changes: LineChanges, actor: Any) -> NeedsLine:
    """Adjust one line of a draft: the suggestion, JP per person, cost, priority, note."""
    jp, cost, priority = line_problems(changes)
    with transaction.atomic():
        _draft_locked(line.analysis, actor)
        line = NeedsLine.objects.get(pk=line.pk)
        before = {
            "form": line.form_id,
            "estimated_jp": str(line.estimated_jp),
            "estimated_cost": str(line.estimated_cost),
            "priority": line.priority,
        }
        line.form_id = changes.form_id
        line.estimated_jp = jp
        line.estimated_cost = cost
        line.priority = priority
        line.note = changes.note.strip()
        if changes.programme_ids is not None:
            offered = {
                p.pk: p
                for p in computation.catalogue(line.analysis.institution_id).get(line.code, [])
            }
            line.programmes = [
                computation.programme_json(offered[pk])
                for pk in changes.programme_ids
                if pk in offered
            ]
        line.full_clean()
        line.save()
        audit_record(
            actor=actor,
            action="competencies.needs_line_edit",
            target=line.analysis,
            institution=line.analysis.institution_id,
            data={
                "code": line.code,
                "before": before,
                "after": {
                    "form": line.form_id,
                    "estimated_jp": str(line.estimated_jp),
                    "estimated_cost": str(line.estimated_cost),
                    "priority": line.priority,
                },
            },
        )
    return line


def needs_file(*, analysis: NeedsAnalysis, actor: Any) -> NeedsAnalysis:
    """File a draft: frozen with its data's date and the dictionary versions used."""
    if actor is not None and role_of(actor) not in FILERS:
        raise PermissionDenied(_("Only an administrator may file the needs analysis."))
    with transaction.atomic():
        analysis = _draft_locked(analysis, actor)
        analysis.status = NeedsStatus.FILED
        analysis.filed_at = timezone.now()
        analysis.filed_by = actor if getattr(actor, "is_authenticated", False) else None
        analysis.save(update_fields=["status", "filed_at", "filed_by"])
        audit_record(
            actor=actor,
            action="competencies.needs_file",
            target=analysis,
            institution=analysis.institution_id,
            data=_audit_data(analysis),
        )
    return analysis
