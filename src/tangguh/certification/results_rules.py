"""The rules a recommendation is judged by, read once per batch: who may give it, under
which licence, for which participant and unit, and who may change it. Used alike by the
screen (:mod:`.services_results`) and the spreadsheet (:mod:`.results_import`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tangguh.core.messages import Message
from tangguh.core.roles import Role
from tangguh.core.scoping import role_of
from tangguh.core.text_safety import bidi_control_in

from .models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    Outcome,
    Participation,
    ParticipationStatus,
    Recommendation,
    SchemeUnit,
    UnitResult,
)

# Notes and evidence are a few sentences, or a list of documents and links.
TEXT_LIMIT = 2000


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


def recommendation_problem(value: str) -> Message | None:
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
