"""Builders shared by the self-service and correction tests."""

from __future__ import annotations

import itertools
from typing import Any

from tangguh.people.models import CorrectionRequest, Employee
from tests.people.factories import EmployeeFactory

_seq = itertools.count(1)


def correction(inst: Any, *, employee: Any = None, **over: Any) -> CorrectionRequest:
    """An open request in ``inst`` about a new person there (or ``employee``)."""
    person: Employee = employee or EmployeeFactory(institution=inst)
    values = {
        "field": "full_name",
        "current_value": person.full_name,
        "requested_value": f"Nama Benar {next(_seq)}",
        "note": "KTP",
    }
    values.update(over)
    return CorrectionRequest.objects.create(institution=inst, employee=person, **values)
