"""The form of an award category: the shape of what was typed.

Whether the definition can be ranked (a known metric, competitors, a period in
order, a fiscal-year metric over one year) is the service's rule; its refusal comes
back on the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.institutions.models import InstitutionKind

from .models import Direction, TieRule
from .registry import PeriodKind, all_metrics
from .services_categories import CategoryInput


def _metric_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", _("— choose —"))]
    for metric in all_metrics():
        suffix = (
            _("one fiscal year") if metric.period_kind == PeriodKind.YEAR else _("a range of years")
        )
        choices.append((metric.code, f"{metric.label} ({suffix})"))
    return choices


class CategoryForm(RefuseBidiControlsMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Its address and key, never changed: rakornas-2023-anggaran."),
    )
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300)
    description_id = forms.CharField(
        label=_("Description (Indonesian)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    metric = forms.ChoiceField(
        label=_("Metric"),
        choices=_metric_choices,
        error_messages={
            "required": _("Choose the metric that ranks."),
            "invalid_choice": _("“%(value)s” is not a known metric."),
        },
    )
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(
        label=_("Last year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The same as the first year for one fiscal year."),
    )
    competitor_kinds = forms.MultipleChoiceField(
        label=_("Competing institutions"),
        choices=InstitutionKind.choices,
        required=False,  # the service says "choose which institutions compete"
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each institution competes itself, not the ones below it."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    places = forms.IntegerField(label=_("Places awarded"), min_value=1, max_value=100, initial=3)
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=TieRule.choices)
    minimum_civil_servants = forms.IntegerField(
        label=_("Minimum civil servants"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text=_("Optional: an institution with fewer active civil servants does not compete."),
    )
    is_active = forms.BooleanField(
        label=_("Active (shown on the dashboard)"), required=False, initial=True
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]  # a code is given once

    def to_input(self) -> CategoryInput:
        data = self.cleaned_data
        return CategoryInput(
            code=data.get("code", ""),
            name_id=data["name_id"],
            name_en=data["name_en"],
            description_id=data.get("description_id") or "",
            description_en=data.get("description_en") or "",
            metric=data["metric"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            competitor_kinds=list(data.get("competitor_kinds") or []),
            direction=data["direction"],
            places=data["places"],
            tie_rule=data["tie_rule"],
            minimum_civil_servants=data.get("minimum_civil_servants"),
            is_active=bool(data.get("is_active")),
        )
