"""Reads for institutions."""

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
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


def institution_search(queryset: QuerySet[Institution], text: str) -> QuerySet[Institution]:
    """Part of the name (Indonesian or English) or of the short name, or the start of the code."""
    return queryset.filter(
        Q(name__icontains=text)
        | Q(code__startswith=text)
        | Q(short_name__icontains=text)
        | Q(name_en__icontains=text)
    )


def institution_count(*, user: Any, **filters: str) -> int:
    """How many rows the directory lists for ``filters`` (its page's parameters): the
    list's selector and FilterSet, so a figure and the list it links to agree."""
    from .filters import InstitutionFilter

    return InstitutionFilter(filters, institution_list(user=user)).qs.count()


def dashboard_cards(user: Any) -> list[dict[str, Any]]:
    """Each card opens the directory filtered to what it counts, and counts that list."""
    if not user.is_authenticated:
        return []
    cards: list[dict[str, Any]] = []
    for order, group, label in (
        (80, "regional", _("Regional governments")),
        (81, "central", _("Ministries and agencies")),
    ):
        cards.append(
            {
                "label": label,
                "value": institution_count(user=user, group=group),
                "href": f"{reverse('institutions:list')}?{urlencode({'group': group})}",
                "order": order,
            }
        )
    own = getattr(user, "institution", None)
    if own is not None:
        below = institution_count(user=user, parent_code=own.code)
        if below:
            cards.append(
                {
                    "label": _("Regencies and cities below you"),
                    "value": below,
                    "href": f"{reverse('institutions:list')}?{urlencode({'parent_code': own.code})}",
                    "order": 82,
                }
            )
    return cards
