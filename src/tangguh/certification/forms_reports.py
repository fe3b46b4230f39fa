"""The reports' one input: the period (a year or two years, "2020-2022")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError

from .metrics import Period


class PeriodForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        required=False,
        help_text=_("A year (2024) or two years (2020-2022)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2020-2022"}),
    )

    def clean_period(self) -> Period:
        text = self.cleaned_data.get("period") or ""
        if not text.strip():
            return Period.default()
        try:
            return Period.parse(text)
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code="period") from error


def period_from(data: Any) -> tuple[PeriodForm, Period]:
    """The form bound to the query string and the period it says (the default when it
    says nothing valid: the page still answers, the form names the mistake)."""
    form = PeriodForm(data if data.get("period") else None, initial={"period": ""})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    return form, Period.default(timezone.localdate())


def period_choices(period: Period) -> list[tuple[str, str]]:
    """Shortcuts offered beside the field: the last three years, and the awards' 2020-2022."""
    year = timezone.localdate().year
    offered = [str(Period.years(year - 2, year)), str(Period.years(year)), "2020-2022"]
    return [(value, value) for value in dict.fromkeys(offered)]
