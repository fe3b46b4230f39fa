"""Helpers for the certificate tests: a certified participation, the national administrator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tangguh.certification.models import Outcome, Participation
from tangguh.core.roles import Role
from tests.accounts.factories import UserFactory

from .factories import ParticipationFactory


def certified(**kwargs: Any) -> Participation:
    """A participation the plenary decided competent ten days after the exam."""
    kwargs.setdefault("outcome", Outcome.CERTIFIED)
    part = ParticipationFactory(**kwargs)
    if part.decided_on is None and part.outcome != Outcome.PENDING:
        part.decided_on = part.exam_date + timedelta(days=10)
        part.save(update_fields=["decided_on"])
    return part


def national_admin() -> Any:
    from tangguh.institutions.models import Institution

    return UserFactory(
        role=Role.NATIONAL_ADMIN, institution=Institution.objects.get(is_national_coordinator=True)
    )
