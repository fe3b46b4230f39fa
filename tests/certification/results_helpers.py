"""Shared pieces of the results and plenary tests (import the fixtures you use)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the tests' default language is Indonesian)."""
    with translation.override("en"):
        yield
