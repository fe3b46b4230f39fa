"""The assessment list's filters: one FilterSet for the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import LazyChoices, ListFilterSet, OfferedSelect
from tangguh.institutions.models import Institution

from .models import Assessment, AssessmentMethod, AssessmentStatus

FIRST_YEAR = 2000


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


def _method_choices() -> list[tuple[str, Any]]:
    rows = AssessmentMethod.objects.order_by("order", "-rank", "code")
    return [("", _("All methods")), *((m.code, m.name) for m in rows)]


class AssessmentFilter(ListFilterSet):
    """``/kompetensi/asesmen/`` and ``/api/v1/competencies/assessments/``."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="The assessed person's NIP (or its start) or part of their name.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("NIP or name")}),
    )
    institution = django_filters.CharFilter(
        field_name="institution__code",
        label=_("Institution code"),
        max_length=Institution._meta.get_field("code").max_length,
        help_text="The code of the institution that recorded the assessment.",
    )
    code = django_filters.CharFilter(
        method="by_code",
        label=_("Competency code"),
        max_length=20,
        help_text="A competency code, e.g. M.01.",
        widget=forms.TextInput(attrs={"placeholder": "M.01"}),
    )
    method = django_filters.CharFilter(
        field_name="method__code",
        label=_("Method"),
        max_length=30,
        help_text="A method's code: assessment-centre, competency-test, certification, 360, "
        "supervisor, self.",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AssessmentStatus.choices,
        empty_label=_("All statuses"),
        help_text="valid or void.",
    )
    year = django_filters.ChoiceFilter(
        field_name="assessed_on__year",
        label=_("Assessed in"),
        choices=LazyChoices(_year_choices),
        empty_label=_("Any year"),
        help_text="The year of the assessment.",
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget("method", OfferedSelect(choices=LazyChoices(_method_choices)))

    def search(self, queryset: QuerySet[Assessment], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        digits = text.replace(" ", "").lstrip("'")
        if digits.isascii() and digits.isdigit():
            return queryset.filter(nip__startswith=digits[:18])
        return queryset.filter(employee__full_name__icontains=text)

    def by_code(self, queryset: QuerySet[Assessment], name: str, value: str) -> Any:
        return queryset.filter(code=value.strip().upper())
