"""The audit's filters, once for the page (``/audit/``), its export and ``/api/v1/audit/``.

Unlike the other lists, the page answers an invalid filter with the field's error (400)
instead of dropping it: an auditor who mistyped a NIP must not be shown every entry as
if they concerned that person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import action_choices
from .filters import LazyChoices, ListFilterSet
from .models import AuditEntry, AuditSubject

NIP_LENGTH = 18
# The ways people write a NIP: spaces between its parts, a leading apostrophe (Excel).
_NIP_NOISE = str.maketrans("", "", " '’.-\u00a0")
DATE_INPUTS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(9000, 1, 1)


def clean_nip(value: str) -> str:
    """A NIP or NI PPPK as typed, reduced to its 18 digits; ValidationError otherwise."""
    nip = (value or "").translate(_NIP_NOISE)
    if not nip:
        return ""
    if not (nip.isascii() and nip.isdigit() and len(nip) == NIP_LENGTH):
        raise forms.ValidationError(
            _("Enter the 18 digits of a NIP or NI PPPK, e.g. 19660801 198803 1 001."),
            code="nip",
        )
    return nip


class NipField(forms.CharField):
    def clean(self, value: Any) -> str:
        return clean_nip(super().clean(value))


class NipFilter(django_filters.CharFilter):
    field_class = NipField


class _AuditFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilter(ListFilterSet):
    """Person (NIP), user, action, dates. Blank filters nothing."""

    nip = NipFilter(
        label=_("Person (NIP)"),
        method="by_person",
        max_length=40,
        help_text="The person: a NIP or NI PPPK (18 digits; spaces allowed).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    user = django_filters.CharFilter(
        label=_("User"),
        field_name="actor__username",
        lookup_expr="iexact",
        max_length=150,
        help_text="The acting user's username (case-insensitive).",
        widget=forms.TextInput(attrs={"placeholder": _("Username"), "autocomplete": "off"}),
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=LazyChoices(action_choices),  # registered by each domain in ready()
        empty_label=_("All actions"),
        help_text="An action code, e.g. people.export.",
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="from_day",
        input_formats=DATE_INPUTS,
        help_text="From this day (inclusive, local time).",
        widget=_date_input(),
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        method="until_day",
        input_formats=DATE_INPUTS,
        help_text="Until this day (inclusive, local time).",
        widget=_date_input(),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = _AuditFilterForm

    def by_person(self, queryset: QuerySet[AuditEntry], name: str, value: str) -> Any:
        return queryset.filter(Exists(AuditSubject.objects.filter(entry=OuterRef("pk"), nip=value)))

    # Dates are the reader's local days, inclusive at both ends; a date before the
    # first entry or after the last one could ever be filters nothing.
    def from_day(self, queryset: QuerySet[AuditEntry], name: str, value: dt.date) -> Any:
        return queryset.filter(created_at__gte=_start_of(value)) if value > EARLIEST else queryset

    def until_day(self, queryset: QuerySet[AuditEntry], name: str, value: dt.date) -> Any:
        if value >= LATEST:
            return queryset
        return queryset.filter(created_at__lt=_start_of(value + dt.timedelta(days=1)))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
