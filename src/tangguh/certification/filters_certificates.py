"""The certificate list's filters: one FilterSet for the page, its XLSX export and the API."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import BooleanFilter, LazyChoices, ListFilterSet, OfferedSelect
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker, register_picker_purpose
from tangguh.people.forms import institutions_in_scope

from .models import Certificate, Scheme
from .selectors_certificates import EXPIRING_DAYS, expiring, with_status

register_picker_purpose("certificates", "certification.Certificate", "view")


class _StrictCheckbox(forms.CheckboxInput):
    """A checkbox on the page that hands the value as sent to the strict field: any word
    but true/false (and their spellings) is a 400 on the API, not a ticked box."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


STATUS_CHOICES = [
    ("valid", _("Valid")),
    ("expired", _("Expired")),
    ("revoked", _("Revoked")),
]
FIRST_YEAR = 2000
_TICKED = {"true", "t", "yes", "y", "on", "1"}  # as the filter reads them (core.filters)


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


def _scheme_choices() -> list[tuple[str, Any]]:
    """The schemes, read when the page's bar is drawn (never by the API's schema)."""
    codes = Scheme.objects.order_by("code").values_list("code", flat=True)
    return [("", _("All schemes")), *((code, code.upper()) for code in codes)]


class CertificateFilter(ListFilterSet):
    """``/sertifikasi/sertifikat/``, its XLSX export and ``/api/v1/certificates/``."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="A certificate number, part of the holder's name, or the holder's NIP.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, name or NIP")}),
    )
    institution = django_filters.CharFilter(
        field_name="institution__code",
        label=_("Institution"),
        max_length=Institution._meta.get_field("code").max_length,
        help_text="The code of the holder's institution when the certificate was issued.",
    )
    scheme = django_filters.CharFilter(
        field_name="scheme__code",
        label=_("Scheme"),
        max_length=Scheme._meta.get_field("code").max_length,
        help_text="A scheme's code.",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="by_status",
        empty_label=_("All statuses"),
        help_text="valid, expired or revoked (today).",
    )
    year = django_filters.ChoiceFilter(
        field_name="issued_on__year",
        label=_("Issued in"),
        choices=LazyChoices(_year_choices),
        empty_label=_("Any year"),
        help_text="The year of issue.",
    )
    expiring = BooleanFilter(
        label=_("Expiring within 90 days"),
        method="by_expiring",
        help_text=f"true: valid certificates that expire within {EXPIRING_DAYS} days.",
        widget=_StrictCheckbox(check_test=lambda v: str(v).strip().lower() in _TICKED),
    )

    class Meta:
        model = Certificate
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_widget(
            "institution",
            InstitutionPicker(
                purpose="certificates",
                institutions=lambda: institutions_in_scope(
                    getattr(self.request, "user", None), Certificate, "view"
                ),
                empty_label=_("All institutions"),
            ),
        )
        self.set_widget("scheme", OfferedSelect(choices=LazyChoices(_scheme_choices)))

    def search(self, queryset: QuerySet[Certificate], name: str, value: str) -> Any:
        text = " ".join(value.split())
        if not text:
            return queryset
        digits = text.replace(" ", "").lstrip("'")
        if digits.isascii() and digits.isdigit():
            return queryset.filter(nip__startswith=digits[:18])
        if text.upper().startswith("SKP-"):
            return queryset.filter(number__istartswith=text)
        return queryset.filter(holder_name__icontains=text)

    def by_status(self, queryset: QuerySet[Certificate], name: str, value: str) -> Any:
        return with_status(queryset, value)

    def by_expiring(self, queryset: QuerySet[Certificate], name: str, value: bool) -> Any:
        return expiring(queryset) if value else queryset

    def applied(self) -> dict[str, Any]:
        """The filters in force: an unticked "expiring" box filters nothing."""
        applied = super().applied()
        if applied.get("expiring") is False:
            del applied["expiring"]
        return applied

    @cached_property
    def offered_institutions(self) -> list[Institution]:
        user = getattr(self.request, "user", None)
        return list(institutions_in_scope(user, Certificate, "view").only("id", "code", "name"))

    def bar(self) -> forms.Form:
        """The page's filter bar: the institution picker only where there is a choice."""
        self.is_valid()
        form = self.form
        if len(self.offered_institutions) <= 1 and not self.data.get("institution"):
            form.fields.pop("institution", None)
        return form
