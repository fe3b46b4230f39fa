"""Who may see the records behind a value (the people examined, the budget revision,
the ledger entries): those who may read those records where they live, asked of the
source models' own grants through ``core.scoping.may``. Everyone signed in sees the
values, the ranks and the method; the records are another matter.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from tangguh.core.scoping import may

from .registry import Metric


def may_see_records(user: Any, metric: Metric, institution_id: int) -> bool:
    """May ``user`` read every kind of record behind ``metric``'s value for the institution?"""
    for label in metric.record_models:
        model = apps.get_model(label)
        if not may(user, model, "view", institution_id):
            return False
    return True
