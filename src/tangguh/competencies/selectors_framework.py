"""Reading the dictionaries (every signed-in role reads them; rows through
``restrict(user, "view")``), in the reader's language."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.utils.translation import get_language

from .models import Competency, CompetencyLevel, Framework, FrameworkVersion, VersionStatus


def english() -> bool:
    return (get_language() or "").startswith("en")


def text(obj: Any, name: str) -> Any:
    """``obj.<name>`` in the reader's language (English when asked and written)."""
    if english():
        value = getattr(obj, f"{name}_en", None)
        if value:
            return value
    return getattr(obj, name)


def frameworks_for(user: Any) -> dict[str, Any]:
    """The national dictionary, the reader's institution's own, and the others."""
    rows = list(
        Framework.objects.restrict(user, "view")
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=FrameworkVersion.objects.restrict(user, "view")
                .annotate(size=Count("competencies"))
                .order_by("-number"),
            )
        )
    )
    own_id = getattr(user, "institution_id", None)
    national = next((f for f in rows if f.owner_id is None), None)
    own = next((f for f in rows if own_id and f.owner_id == own_id), None)
    others = sorted(
        (f for f in rows if f.owner_id is not None and f is not own), key=lambda f: f.owner.code
    )
    return {"national": national, "own": own, "others": others}


def version_competencies(user: Any, version: FrameworkVersion) -> list[Competency]:
    return list(
        Competency.objects.restrict(user, "view")
        .filter(version=version)
        .prefetch_related(Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level")))
        .order_by("order", "code")
    )


def in_force(user: Any, institution_id: int | None) -> list[Competency]:
    """The competencies in force for ``institution_id``: the national published version
    and the institution's own published version (national first)."""
    base = (
        Competency.objects.restrict(user, "view")
        .filter(version__status=VersionStatus.PUBLISHED)
        .select_related("version__framework__owner")
        .prefetch_related(Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level")))
    )
    national = list(base.filter(version__framework__owner__isnull=True).order_by("order", "code"))
    own: list[Competency] = []
    if institution_id is not None:
        own = list(
            base.filter(version__framework__owner_id=institution_id).order_by("order", "code")
        )
    return national + own
