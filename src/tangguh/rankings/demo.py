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
    return {"categories": created, "publications": _publish_presets()}


def _publish_presets() -> int:
    """Version 1 of each preset for its own period, as the national administrator (once)."""
    from tangguh.accounts.models import User
    from tangguh.core.roles import Role

    from .models import Category, Publication
    from .presets import PRESETS
    from .services_publications import ranking_publish

    actor = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
    published = 0
    for category in Category.objects.filter(code__in=[p["code"] for p in PRESETS]):
        if Publication.objects.filter(
            category=category, first_year=category.first_year, last_year=category.last_year
        ).exists():
            continue
        ranking_publish(category=category, period=None, actor=actor)
        published += 1
    return published
