"""Reads for institutions."""

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from .models import Institution


def institution_descendant_ids(institution_id: int) -> frozenset[int]:
    """The institution and all below it (province -> regencies/cities, any depth)."""
    ids = {institution_id}
    frontier = [institution_id]
    while frontier:
        frontier = list(
            Institution.objects.filter(parent_id__in=frontier)
            .exclude(id__in=ids)
            .values_list("id", flat=True)
        )
        ids.update(frontier)
    return frozenset(ids)


def institution_list(*, user: Any) -> QuerySet[Institution]:
    """The directory as ``user`` may see it, by code; ``filters.InstitutionFilter`` narrows it."""
    return Institution.objects.restrict(user, "view").select_related("parent").order_by("code")


def institution_get(*, user: Any, code: str) -> Institution:
    return Institution.objects.restrict(user, "view").select_related("parent").get(code=code)


def institution_children(*, user: Any, institution: Institution) -> QuerySet[Institution]:
    return Institution.objects.restrict(user, "view").filter(parent=institution).order_by("code")


def institution_kind_counts(*, user: Any) -> dict[str, int]:
    rows = Institution.objects.restrict(user, "view").values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    counts = institution_kind_counts(user=user)
    regional = counts.get("provinsi", 0) + counts.get("kabupaten", 0) + counts.get("kota", 0)
    central = counts.get("kementerian", 0) + counts.get("lembaga", 0)
    cards = [
        {
            "label": _("Regional governments"),
            "value": regional,
            "url": "institutions:list",
            "order": 80,
        },
        {
            "label": _("Ministries and agencies"),
            "value": central,
            "url": "institutions:list",
            "order": 81,
        },
    ]
    if user.institution_id:
        below = Institution.objects.filter(parent_id=user.institution_id).count()
        if below:
            cards.append(
                {"label": _("Regencies and cities below you"), "value": below, "order": 82}
            )
    return cards
