"""Writes of assessors' recommendations (per participant and competency unit).

Who records: an assessor assigned to the batch, for themselves, whose licence for the
scheme is valid on the participant's exam date; or the organiser's side (its
institution administrator or operator, a national administrator) on an assessor's
behalf, the assessor named. A recommendation is changed only by the assessor who gave
it (so that the plenary's rule, "not by someone who assessed the participant", holds),
and never once the plenary has decided. The same rules judge a screen's entry and an
imported row: :class:`.results_rules.BatchRules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportResult
from tangguh.core.messages import Message, joined
from tangguh.core.scoping import has_permission, may

from .models import Batch, BatchStatus, Participation, SchemeUnit, UnitResult
from .results_rules import (
    EVIDENCE_LABEL,
    NOTES_LABEL,
    BatchRules,
    is_batch_assessor,
    recommendation_problem,
    records_as_assessor,
    text_problem,
)

SOURCE_SCREEN = "screen"
SOURCE_IMPORT = "import"


def check_recorder(*, batch: Batch, actor: Any) -> None:
    """Refuse (PermissionDenied, with the reason) an actor who may not record results in
    ``batch``; a batch that takes no results (cancelled) is a DomainError."""
    if actor is not None:
        if not has_permission(actor, UnitResult, "add"):
            raise PermissionDenied(_("You may not record assessment results."))
        if records_as_assessor(actor):
            if not is_batch_assessor(actor, batch):
                raise PermissionDenied(
                    _("You are not an assessor of the batch %(batch)s.") % {"batch": batch.code}
                )
        elif not may(actor, UnitResult, "add", batch.organiser_id):
            raise PermissionDenied(
                _(
                    "Only the organiser of the batch %(batch)s (%(organiser)s) or its assessors "
                    "record its results."
                )
                % {"batch": batch.code, "organiser": batch.organiser}
            )
    if batch.status == BatchStatus.CANCELLED:
        raise DomainError(
            _("The batch %(batch)s is cancelled: it takes no results.") % {"batch": batch.code}
        )


def may_record_results(user: Any, batch: Batch) -> bool:
    """For pages: whether ``user`` may record results in ``batch`` (no exception)."""
    try:
        check_recorder(batch=batch, actor=user)
    except (PermissionDenied, DomainError):
        return False
    return True


# --- the rules of one entry ----------------------------------------------------------


# --- writing -----------------------------------------------------------------------


def write_result(
    *,
    participation: Participation,
    unit: SchemeUnit,
    existing: UnitResult | None,
    recommendation: str,
    notes: str,
    evidence: str,
    assessor: Any,
    actor: Any,
    source: str,
) -> tuple[UnitResult, str]:
    """Save one judged entry (inside the caller's transaction): the row and
    ``"created"``, ``"updated"`` or ``"unchanged"``."""
    values = {"recommendation": recommendation, "notes": notes, "evidence": evidence}
    if existing is None:
        row = UnitResult(
            participation=participation,
            unit=unit,
            assessor=assessor,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            source=source,
            **values,
        )
        row.full_clean(exclude=["participation", "unit", "assessor", "recorded_by"])
        row.save()
        return row, "created"
    if all(getattr(existing, k) == v for k, v in values.items()):
        return existing, "unchanged"
    for key, value in values.items():
        setattr(existing, key, value)
    existing.recorded_by = actor if getattr(actor, "pk", None) else None
    existing.source = source
    existing.save(update_fields=[*values, "recorded_by", "source", "updated_at"])
    return existing, "updated"


@dataclass(frozen=True)
class Entry:
    """One unit's recommendation as entered on the screen."""

    unit: SchemeUnit
    recommendation: str
    notes: str = ""
    evidence: str = ""


def participant_results_record(
    *, participation: Participation, entries: Iterable[Entry], actor: Any, assessor: Any = None
) -> list[UnitResult]:
    """Record several units of one participant at once: all of them or none.

    An entry whose recommendation is empty leaves its unit as it is. Raises
    DomainError with every problem (one sentence per unit) and writes nothing then.
    """
    batch = participation.batch
    check_recorder(batch=batch, actor=actor)
    entries = [e for e in entries if e.recommendation]
    saved: list[UnitResult] = []
    with transaction.atomic():
        # The batch's lock (as an import takes it): the rows are judged as they stand.
        Batch.objects.select_for_update().filter(pk=batch.pk).first()
        participation.refresh_from_db()
        rules = BatchRules.load(batch, actor)
        assessor = rules.own_assessor or assessor
        existing = {
            r.unit_id: r
            for r in UnitResult.objects.filter(participation=participation).select_related(
                "unit", "assessor", "participation"
            )
        }
        problems = _entry_problems(rules, participation, entries, existing, assessor)
        if problems:
            raise DomainError(joined(problems))
        for entry in entries:
            row, change = write_result(
                participation=participation,
                unit=entry.unit,
                existing=existing.get(entry.unit.pk),
                recommendation=entry.recommendation,
                notes=entry.notes,
                evidence=entry.evidence,
                assessor=assessor,
                actor=actor,
                source=SOURCE_SCREEN,
            )
            saved.append(row)
            if change != "unchanged":
                audit_record(
                    actor=actor,
                    action="certification.result_record",
                    target=row,
                    institution=batch.organiser_id,
                    nips=[participation.nip],
                    data={
                        "batch": batch.code,
                        "unit": entry.unit.code,
                        "recommendation": entry.recommendation,
                        "assessor": assessor.username,
                        "change": change,
                    },
                )
    return saved


def _entry_problems(
    rules: BatchRules,
    participation: Participation,
    entries: list[Entry],
    existing: dict[int, UnitResult],
    assessor: Any,
) -> list[Message]:
    """Every reason the entries are refused (one sentence each), as an import's row."""
    problems = [
        found
        for found in (
            rules.participation_problem(participation),
            rules.assessor_problem(assessor, participation.exam_date),
        )
        if found is not None
    ]
    for entry in entries:
        for found in (
            recommendation_problem(entry.recommendation),
            rules.unit_problem(entry.unit),
            rules.change_problem(existing.get(entry.unit.pk), assessor),
            text_problem(entry.notes, NOTES_LABEL),
            text_problem(entry.evidence, EVIDENCE_LABEL),
        ):
            if found is not None:
                problems.append(found)
    return problems


def unit_result_record(
    *,
    participation: Participation,
    unit: SchemeUnit,
    recommendation: str,
    notes: str = "",
    evidence: str = "",
    actor: Any,
    assessor: Any = None,
) -> UnitResult:
    """Record (or change) one assessor's recommendation for one participant and unit.

    ``assessor``: who gave it, when the organiser's side records it on their behalf
    (an assessor recording their own is the assessor). Raises PermissionDenied outside
    the actor's scope, DomainError with the reason for anything the rules refuse.
    """
    if not recommendation:
        raise DomainError(_("Choose K (competent) or BK (not yet competent)."))
    entry = Entry(unit=unit, recommendation=recommendation, notes=notes, evidence=evidence)
    return participant_results_record(
        participation=participation, entries=[entry], actor=actor, assessor=assessor
    )[0]


def results_import(
    *,
    batch: Batch,
    source: Any,
    filename: str,
    actor: Any,
    dry_run: bool = False,
    strict: bool = False,
) -> ImportResult:
    """Import an assessor's spreadsheet into ``batch`` (see :mod:`.results_import`)."""
    from .results_import import import_results

    return import_results(
        batch=batch, source=source, filename=filename, actor=actor, dry_run=dry_run, strict=strict
    )
