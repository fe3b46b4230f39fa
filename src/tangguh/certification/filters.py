"""Filters of the scheme, licence and batch lists and of a batch's participants: one
FilterSet each for the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import LazyChoices, ListFilterSet, OfferedSelect
from tangguh.institutions.models import Institution, InstitutionKind

from .models import (
    AssessorLicence,
    Batch,
    BatchStatus,
    Outcome,
    Participation,
    ParticipationStatus,
    Scheme,
)

FIRST_YEAR = 2015


def _search_input(placeholder: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


def _scheme_choices() -> list[tuple[str, Any]]:
    codes = Scheme.objects.order_by("code").values_list("code", flat=True)
    return [("", _("All schemes")), *((c, c.upper()) for c in codes)]


def _year_choices() -> list[tuple[str, str]]:
    last = timezone.localdate().year + 1
    return [(str(y), str(y)) for y in range(last, FIRST_YEAR - 1, -1)]


def _organiser_choices() -> list[tuple[str, Any]]:
    organisers = Institution.objects.filter(
        Q(kind=InstitutionKind.PROVINSI) | Q(is_national_coordinator=True)
    ).order_by("-is_national_coordinator", "name")
    return [("", _("All organisers")), *((i.code, i.name) for i in organisers.only("code", "name"))]


def _scheme_filter() -> django_filters.CharFilter:
    # A code on the API (its schema lists no rows); a select of the schemes on the page.
    return django_filters.CharFilter(
        field_name="scheme__code", label=_("Scheme"), max_length=32, help_text="A scheme's code."
    )


class SchemeFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Part of the scheme's code or of its newest version's name.",
        widget=_search_input(_("Code or name")),
    )
    active = django_filters.ChoiceFilter(
        field_name="is_active",
        label=_("Open for new batches"),
        choices=[("true", _("Active")), ("false", _("Closed for new batches"))],
        method="by_active",
        empty_label=_("All"),
        help_text="true: schemes open for new batches; false: closed ones.",
    )

    class Meta:
        model = Scheme
        fields: list[str] = []

    def search(self, queryset: QuerySet[Scheme], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(
            Q(code__icontains=text) | Q(versions__name__icontains=text)
        ).distinct()

    def by_active(self, queryset: QuerySet[Scheme], name: str, value: str) -> Any:
        return queryset.filter(is_active=value == "true")


class LicenceFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Part of the licence number or of the assessor's name or username.",
        widget=_search_input(_("Number or assessor")),
    )
    scheme = _scheme_filter()
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        method="by_state",
        choices=[
            ("valid", _("Valid")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
        ],
        empty_label=_("All statuses"),
        help_text="valid, expired or revoked (today).",
    )

    class Meta:
        model = AssessorLicence
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget("scheme", OfferedSelect(choices=LazyChoices(_scheme_choices)))

    def search(self, queryset: QuerySet[AssessorLicence], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(
            Q(number__icontains=text)
            | Q(assessor__username__icontains=text)
            | Q(assessor__first_name__icontains=text)
            | Q(assessor__last_name__icontains=text)
        )

    def by_state(self, queryset: QuerySet[AssessorLicence], name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, valid_until__lt=today)
        return queryset.filter(
            revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today
        )


class BatchFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Part of the batch's code, title or place.",
        widget=_search_input(_("Code, title or place")),
    )
    year = django_filters.ChoiceFilter(
        field_name="exam_start__year",
        label=_("Year"),
        choices=LazyChoices(_year_choices),
        empty_label=_("Any year"),
        help_text="The year of the first exam day.",
    )
    scheme = _scheme_filter()
    organiser = django_filters.CharFilter(
        field_name="organiser__code",
        label=_("Organiser"),
        max_length=16,
        help_text="The organising institution's code (a province or the national coordinator).",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=BatchStatus.choices,
        empty_label=_("All statuses"),
        help_text="open, assessment, closed or cancelled.",
    )

    class Meta:
        model = Batch
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget("scheme", OfferedSelect(choices=LazyChoices(_scheme_choices)))
        self.set_widget("organiser", OfferedSelect(choices=LazyChoices(_organiser_choices)))

    def search(self, queryset: QuerySet[Batch], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(
            Q(code__icontains=text) | Q(title__icontains=text) | Q(place__icontains=text)
        )


class ParticipationFilter(ListFilterSet):
    """A batch's participants (the batch page and ``/api/v1/certification/batches/<id>/participants/``)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="The start of a NIP, or part of a name.",
        widget=_search_input(_("NIP or name")),
    )
    status = django_filters.ChoiceFilter(
        label=_("Nomination"),
        choices=ParticipationStatus.choices,
        empty_label=_("All"),
        help_text="nominated or withdrawn.",
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"),
        choices=Outcome.choices,
        empty_label=_("All outcomes"),
        help_text="pending, certified or not_certified.",
    )
    institution = django_filters.CharFilter(
        field_name="institution__code",
        label=_("Nominating institution"),
        max_length=16,
        help_text="The nominating institution's code.",
    )

    class Meta:
        model = Participation
        fields: list[str] = []

    def search(self, queryset: QuerySet[Participation], name: str, value: str) -> Any:
        text = " ".join(value.split())
        digits = text.replace(" ", "")
        if not text:
            return queryset
        if digits.isascii() and digits.isdigit():
            return queryset.filter(nip__startswith=digits[:18])
        return queryset.filter(holder_name__icontains=text)
