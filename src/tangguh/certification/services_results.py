"""Writes of assessors' recommendations (per participant and competency unit).

Who records: an assessor assigned to the batch, for themselves, whose licence for the
scheme is valid on the participant's exam date; or the organiser's side (its
institution administrator or operator, a national administrator) on an assessor's
behalf, the assessor named. A recommendation is changed only by the assessor who gave
it (so that the plenary's rule, "not by someone who assessed the participant", holds),
and never once the plenary has decided. The same rules judge a screen's entry and an
imported row: :class:`BatchRules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportResult
from tangguh.core.messages import Message, joined
from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission, may, role_of
from tangguh.core.text_safety import bidi_control_in

from .models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    BatchStatus,
    Outcome,
    Participation,
    ParticipationStatus,
    Recommendation,
    SchemeUnit,
    UnitResult,
)

# Notes and evidence are a few sentences, or a list of documents and links.
TEXT_LIMIT = 2000
SOURCE_SCREEN = "screen"
SOURCE_IMPORT = "import"


def person_name(user: Any) -> str:
    return str(getattr(user, "display_name", "") or user)


# --- who records ---------------------------------------------------------------------


def is_batch_assessor(user: Any, batch: Batch) -> bool:
    return bool(getattr(user, "pk", None)) and (
        BatchAssessor.objects.filter(batch=batch, assessor_id=user.pk).exists()
    )


def records_as_assessor(actor: Any) -> bool:
    """Whether ``actor`` records results for themselves (the assessor role)."""
    return actor is not None and role_of(actor) == Role.ASSESSOR


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


@dataclass
class BatchRules:
    """What a result in ``batch`` is judged against, read once per batch."""

    batch: Batch
    actor: Any
    today: date = field(default_factory=timezone.localdate)
    assessors: dict[int, Any] = field(default_factory=dict)  # user id -> assigned user
    licences: dict[int, list[AssessorLicence]] = field(default_factory=dict)
    units: dict[str, SchemeUnit] = field(default_factory=dict)  # by code

    @classmethod
    def load(cls, batch: Batch, actor: Any) -> BatchRules:
        rules = cls(batch=batch, actor=actor)
        for row in BatchAssessor.objects.filter(batch=batch).select_related("assessor"):
            rules.assessors[row.assessor_id] = row.assessor
        for licence in AssessorLicence.objects.filter(
            scheme_id=batch.scheme_id, assessor_id__in=list(rules.assessors)
        ):
            rules.licences.setdefault(licence.assessor_id, []).append(licence)
        rules.units = {
            u.code: u for u in SchemeUnit.objects.filter(version=batch.scheme_version_id)
        }
        return rules

    @property
    def own_assessor(self) -> Any | None:
        """The actor, when they record as an assessor (else the assessor is named)."""
        return self.actor if records_as_assessor(self.actor) else None

    def assessor_problem(self, assessor: Any, exam_date: date) -> Message | None:
        """Why ``assessor`` may not give a recommendation on ``exam_date``'s exam."""
        if assessor is None:
            return Message(
                gettext_lazy("Name the assessor who gave the recommendation (NIP or username).")
            )
        own = self.own_assessor
        if own is not None and assessor.pk != own.pk:
            return Message(
                gettext_lazy("You record your own recommendations only; %(name)s records theirs."),
                {"name": person_name(assessor)},
            )
        if assessor.pk not in self.assessors:
            return Message(
                gettext_lazy("%(name)s is not an assessor of the batch %(batch)s."),
                {"name": person_name(assessor), "batch": self.batch.code},
            )
        licences = self.licences.get(assessor.pk, [])
        if not any(licence.is_valid_on(exam_date) for licence in licences):
            return Message(
                gettext_lazy(
                    "%(name)s holds no licence for the scheme %(scheme)s valid on the exam date "
                    "(%(date)s): their recommendation cannot be recorded."
                ),
                {
                    "name": person_name(assessor),
                    "scheme": self.batch.scheme.code,
                    "date": exam_date,
                },
            )
        return None

    def participation_problem(self, participation: Participation) -> Message | None:
        if participation.batch_id != self.batch.pk:
            return Message(
                gettext_lazy("%(name)s is not a participant of the batch %(batch)s."),
                {"name": participation.holder_name, "batch": self.batch.code},
            )
        if participation.status == ParticipationStatus.WITHDRAWN:
            return Message(
                gettext_lazy("%(name)s was withdrawn from the batch: no results are recorded."),
                {"name": participation.holder_name},
            )
        if participation.outcome != Outcome.PENDING:
            return Message(
                gettext_lazy(
                    "The plenary decided on %(name)s on %(date)s: the recommendations can no "
                    "longer change."
                ),
                {"name": participation.holder_name, "date": participation.decided_on},
            )
        if participation.exam_date > self.today:
            return Message(
                gettext_lazy(
                    "The exam of %(name)s is on %(date)s: recommendations are recorded from "
                    "that day."
                ),
                {"name": participation.holder_name, "date": participation.exam_date},
            )
        return None

    def unit_problem(self, unit: SchemeUnit) -> Message | None:
        if unit.version_id != self.batch.scheme_version_id:
            return Message(
                gettext_lazy("The unit %(unit)s is not a unit of the scheme this batch examines."),
                {"unit": unit.code},
            )
        return None

    def change_problem(self, existing: UnitResult | None, assessor: Any) -> Message | None:
        if existing is not None and assessor is not None and existing.assessor_id != assessor.pk:
            return Message(
                gettext_lazy(
                    "The unit %(unit)s of %(name)s was assessed by %(assessor)s: only they may "
                    "change the recommendation."
                ),
                {
                    "unit": existing.unit.code,
                    "name": existing.participation.holder_name,
                    "assessor": person_name(existing.assessor),
                },
            )
        return None


def text_problem(value: str, label: Any) -> Message | None:
    if len(value) > TEXT_LIMIT:
        return Message(
            gettext_lazy("%(field)s is longer than %(limit)s characters. Shorten it."),
            {"field": label, "limit": TEXT_LIMIT},
        )
    if character := bidi_control_in(value):
        return Message(
            gettext_lazy(
                "%(field)s contains an invisible character that changes reading direction "
                "(%(character)s). Delete it and type the text again."
            ),
            {"field": label, "character": character},
        )
    return None


NOTES_LABEL = gettext_lazy("Notes")
EVIDENCE_LABEL = gettext_lazy("Evidence")


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
            _recommendation_problem(entry.recommendation),
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


def _recommendation_problem(value: str) -> Message | None:
    if value not in Recommendation.values:
        return Message(
            gettext_lazy("“%(value)s” is no recommendation: write K or BK."), {"value": value}
        )
    return None


def find_assessor(value: str) -> Any | None:
    """The assessor account a file names, by NIP or username (None: no such assessor)."""
    value = value.strip()
    if not value:
        return None
    users = get_user_model().objects.filter(role=Role.ASSESSOR)
    if value.isdigit():
        return users.filter(nip=value).first()
    return users.filter(username__iexact=value).first()


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
