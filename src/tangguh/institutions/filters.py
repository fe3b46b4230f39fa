"""The directory's filters, once for the page (``/instansi/``) and the API (``/api/v1/institutions/``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import LazyChoices, ListFilterSet, OfferedSelect

from .models import REGIONAL_KINDS, Institution, InstitutionKind
from .selectors import institution_search

CODE_LENGTH = Institution._meta.get_field("code").max_length


class InstitutionFilter(ListFilterSet):
    # Explicit ids keep the page's labels and its end-to-end tests pointing at the controls.
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        help_text="Part of the name (Indonesian or English) or of the short name, "
        "or the first characters of the code.",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "id": "q",
                "placeholder": _("Name, code or abbreviation"),
                "autocomplete": "off",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=InstitutionKind.choices,
        empty_label=_("All kinds"),
        help_text="The kind of institution.",
        widget=forms.Select(attrs={"id": "kind"}),
    )
    group = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[
            ("central", _("Ministries and agencies")),
            ("regional", _("Regional governments")),
        ],
        method="by_group",
        empty_label=_("All levels"),
        help_text="central: ministries and agencies; regional: provinces, regencies and cities.",
        widget=forms.Select(attrs={"id": "group"}),
    )
    parent_code = django_filters.CharFilter(
        field_name="parent__code",
        label=_("Province"),
        max_length=CODE_LENGTH,
        help_text="The code of the institution above: a province's lists its regencies and cities.",
    )

    class Meta:
        model = Institution
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page offers the provinces; any other code (a link) is shown as it stands.
        self.set_widget(
            "parent_code",
            OfferedSelect(
                attrs={"id": "province"},
                choices=LazyChoices(self._province_choices),
                label_of=lambda code: code if code == self.value_of("parent_code") else None,
            ),
        )

    def search(
        self, queryset: QuerySet[Institution], name: str, value: str
    ) -> QuerySet[Institution]:
        return institution_search(queryset, value)

    def by_group(
        self, queryset: QuerySet[Institution], name: str, value: str
    ) -> QuerySet[Institution]:
        if value == "regional":
            return queryset.filter(kind__in=REGIONAL_KINDS)
        return queryset.exclude(kind__in=REGIONAL_KINDS)

    @cached_property
    def offered_provinces(self) -> list[tuple[str, str]]:
        user = getattr(self.request, "user", None)
        provinces = Institution.objects.restrict(user, "view").filter(kind="provinsi")
        return list(provinces.values_list("code", "name"))

    def _province_choices(self) -> list[tuple[str, Any]]:
        return [("", _("All provinces")), *self.offered_provinces]
