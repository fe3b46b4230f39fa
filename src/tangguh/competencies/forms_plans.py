"""Forms of personal development plans: what a page collects; the rules are the
services' (``services_plans``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.development.filters_catalogue import open_to_q
from tangguh.development.models import DevelopmentForm, Programme, ProgrammeStatus

from .frameworks import current_competencies
from .services_plans import ItemData


class PlanCreateForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to draft your own plan."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=9999)


class PlanItemForm(forms.Form):
    code = forms.ChoiceField(label=_("Target competency"), required=False)
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
    )
    programme = forms.ChoiceField(
        label=_("Programme from the catalogue"),
        required=False,
        help_text=_("Its title, form, JP and cost fill the empty fields."),
    )
    activity = forms.CharField(label=_("Activity"), max_length=300, required=False)
    form = forms.ChoiceField(label=_("Form of development"), required=False)
    jp = forms.DecimalField(
        label=_("JP"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    cost = forms.DecimalField(
        label=_("Cost (Rp)"), required=False, min_value=0, max_digits=15, decimal_places=0
    )

    def __init__(self, *args: Any, institution_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = current_competencies(institution_id)
        self.fields["code"].choices = [("", "—"), *((c, f"{c} {k.name}") for c, k in known.items())]
        programmes = (
            Programme.objects.filter(
                open_to_q(institution_id, prefix=""), status=ProgrammeStatus.PUBLISHED
            )
            .distinct()
            .order_by("title")
            .values_list("pk", "title")
        )
        self.fields["programme"].choices = [("", "—"), *((str(p), t) for p, t in programmes)]
        forms_ = DevelopmentForm.objects.filter(is_active=True).order_by("order", "name")
        self.fields["form"].choices = [("", "—"), *((str(f.pk), f.name) for f in forms_)]

    def item_data(self) -> ItemData:
        d = self.cleaned_data
        return ItemData(
            activity=d.get("activity") or "",
            code=d.get("code") or "",
            target_level=d.get("target_level"),
            programme_id=d.get("programme") or None,
            form_id=d.get("form") or None,
            jp=d.get("jp"),
            cost=d.get("cost"),
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what should change."),
    )
