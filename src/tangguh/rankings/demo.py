"""The rankings demo: the Rakornas 2022 presets (again: a test's flush may have emptied
the table migration 0002 filled) and their first published versions, so that the
dashboard shows published rankings next to the current ones.

Step ``rankings`` (order 80, after certification and development). Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tangguh.core.demo import register_demo_step


@register_demo_step("rankings", order=80)
def demo_rankings(
    *, scale: str, seed: int, out: Callable[[str], None], **options: Any
) -> dict[str, int]:
    from .models import Category
    from .presets import load_presets

    created = load_presets(Category)
    return {"categories": created}
