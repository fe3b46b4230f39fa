"""Filters of the catalogue (sessions of published programmes) and of the programme
lists: one FilterSet each for the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import BooleanFilter, LazyChoices, ListFilterSet, OfferedSelect
from tangguh.institutions.models import Institution

from .models import (
    Access,
    DeliveryMode,
    DevelopmentForm,
    Programme,
    ProgrammeStatus,
    Session,
)


def _search_input(placeholder: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OnlyCheckbox(forms.CheckboxInput):
    """A tick box whose unticked state is no value (not "false"): the filter is off."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name not in data:
            return None
        value = data.get(name)
        return value if value not in ("", None) else None

    def format_value(self, value: Any) -> Any:
        return None

    def get_context(self, name: str, value: Any, attrs: Any) -> Any:
        ticked = str(value).lower() in ("true", "on", "1", "yes", "t", "y")
        context = super().get_context(name, ticked, attrs)
        context["widget"]["attrs"]["value"] = "true"
        return context


def _form_choices() -> list[tuple[str, Any]]:
    forms_ = DevelopmentForm.objects.filter(is_active=True).order_by("order", "code")
    return [("", _("All forms")), *((f.code, f.name) for f in forms_.only("code", "name"))]


def _organiser_choices() -> list[tuple[str, Any]]:
    ids = Programme.objects.exclude(status=ProgrammeStatus.DRAFT).values("organiser_id")
    organisers = Institution.objects.filter(pk__in=ids).order_by("name").only("code", "name")
    return [("", _("All organisers")), *((i.code, i.name) for i in organisers)]


def _form_label(code: str) -> str | None:
    found = DevelopmentForm.objects.filter(code=code).values_list("name", flat=True).first()
    return found


def _organiser_label(code: str) -> str | None:
    return Institution.objects.filter(code=code).values_list("name", flat=True).first()


def open_to_q(institution_id: int | None, prefix: str = "programme__") -> Q:
    """Programmes the people of ``institution_id`` may join (organiser, co-host, quota,
    or open to everyone)."""
    if not institution_id:
        return Q(**{f"{prefix}access": Access.EVERYONE})
    return (
        Q(**{f"{prefix}access": Access.EVERYONE})
        | Q(**{f"{prefix}organiser_id": institution_id})
        | Q(**{f"{prefix}hosts__institution_id": institution_id})
        | Q(**{f"{prefix}access": Access.LISTED, f"{prefix}quotas__institution_id": institution_id})
    )


class CatalogueFilter(ListFilterSet):
    """The catalogue: sessions of published (and closed) programmes."""

    page_defaults = {"when": "upcoming"}

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Part of the programme's title, code or description, or of the place.",
        widget=_search_input(_("Title, topic or place")),
    )
    competency = django_filters.CharFilter(
        label=_("Competency"),
        method="by_competency",
        max_length=30,
        help_text="A competency code the programme develops, e.g. M.01.",
        widget=_search_input(_("e.g. M.01")),
    )
    form = django_filters.CharFilter(
        field_name="programme__form__code",
        label=_("Form"),
        max_length=40,
        help_text="The code of the form of development (bimtek, seminar, e-learning…).",
    )
    organiser = django_filters.CharFilter(
        field_name="organiser__code",
        label=_("Organiser"),
        max_length=16,
        help_text="The organising institution's code.",
    )
    mode = django_filters.ChoiceFilter(
        field_name="programme__mode",
        label=_("Mode"),
        choices=DeliveryMode.choices,
        empty_label=_("Any mode"),
        help_text="in_person, online or blended.",
    )
    place = django_filters.CharFilter(
        field_name="place",
        lookup_expr="icontains",
        label=_("Place"),
        max_length=100,
        help_text="Part of the place's name.",
        widget=_search_input(_("e.g. Surabaya")),
    )
    date_from = django_filters.DateFilter(
        field_name="end_date",
        lookup_expr="gte",
        label=_("From"),
        help_text="Sessions running on or after this day (YYYY-MM-DD).",
        widget=_date_input(),
    )
    date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_("Until"),
        help_text="Sessions starting on or before this day (YYYY-MM-DD).",
        widget=_date_input(),
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        method="by_when",
        choices=[("upcoming", _("Upcoming and running")), ("past", _("Past"))],
        empty_label=_("Any time"),
        help_text="upcoming (not yet ended, not cancelled) or past.",
    )
    open_seats = BooleanFilter(
        label=_("With open seats"),
        method="by_open_seats",
        help_text="true: only sessions with seats left.",
        widget=OnlyCheckbox,
    )
    open_to_me = BooleanFilter(
        label=_("Open to my institution"),
        method="by_open_to_me",
        help_text="true: only programmes your institution's people may join.",
        widget=OnlyCheckbox,
    )

    class Meta:
        model = Session
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget(
            "form", OfferedSelect(choices=LazyChoices(_form_choices), label_of=_form_label)
        )
        self.set_widget(
            "organiser",
            OfferedSelect(choices=LazyChoices(_organiser_choices), label_of=_organiser_label),
        )

    def search(self, queryset: QuerySet[Session], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        condition = Q()
        for word in text.split(" ")[:6]:
            condition &= (
                Q(programme__title__icontains=word)
                | Q(programme__code__icontains=word)
                | Q(programme__description__icontains=word)
                | Q(place__icontains=word)
            )
        return queryset.filter(condition)

    def by_competency(self, queryset: QuerySet[Session], name: str, value: str) -> Any:
        code = value.strip()
        if not code:
            return queryset
        # The list is stored as JSON text: the code as a quoted JSON string.
        return queryset.filter(programme__competencies__icontains=f'"{code}"')

    def by_when(self, queryset: QuerySet[Session], name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(end_date__gte=today, status="planned")
        if value == "past":
            return queryset.filter(Q(end_date__lt=today) | Q(status="completed"))
        return queryset

    def by_open_seats(self, queryset: QuerySet[Session], name: str, value: Any) -> Any:
        if not value:
            return queryset
        return queryset.filter(status="planned", enrolled__lt=F("capacity"))

    def by_open_to_me(self, queryset: QuerySet[Session], name: str, value: Any) -> Any:
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        institution_id = getattr(user, "institution_id", None)
        matching = Programme.objects.filter(open_to_q(institution_id, prefix="")).values("pk")
        return queryset.filter(programme_id__in=matching)


class ProgrammeFilter(ListFilterSet):
    """A list of programmes (my institution's page and the API)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Part of the programme's title or code.",
        widget=_search_input(_("Title or code")),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProgrammeStatus.choices,
        empty_label=_("All statuses"),
        help_text="draft, published or closed.",
    )
    form = django_filters.CharFilter(
        field_name="form__code",
        label=_("Form"),
        max_length=40,
        help_text="The code of the form of development.",
    )
    organiser = django_filters.CharFilter(
        field_name="organiser__code",
        label=_("Organiser"),
        max_length=16,
        help_text="The organising institution's code.",
    )

    class Meta:
        model = Programme
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget(
            "form", OfferedSelect(choices=LazyChoices(_form_choices), label_of=_form_label)
        )

    def search(self, queryset: QuerySet[Programme], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(code__icontains=text))
