"""Forms of the activity, conversion table and ledger pages.

They check the shape of what was typed; the rules (the JP a form allows, who may
decide) are the services', and a service's refusal comes back on its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin

from .models import DevelopmentForm, FormCategory, JpBasis

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FormChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from .jp_rules import form_label

        return form_label(obj)


class ActivityForm(RefuseBidiControlsMixin, forms.Form):
    nip = forms.CharField(
        label=_("NIP of the civil servant"),
        max_length=30,
        required=False,
        help_text=_("The person of your institution who took part."),
    )
    form = FormChoiceField(
        label=_("Form of development"),
        queryset=DevelopmentForm.objects.filter(is_active=True).order_by("order", "code"),
        to_field_name="code",
        empty_label=_("— choose —"),
        error_messages={"required": _("Choose the form of development.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("Give the activity's title.")},
    )
    organiser_name = forms.CharField(label=_("Organised by"), max_length=300, required=False)
    start_date = forms.DateField(
        label=_("First day"),
        widget=_DATE,
        error_messages={"required": _("Give the first day."), "invalid": _("Not a date.")},
    )
    end_date = forms.DateField(
        label=_("Last day"),
        widget=_DATE,
        error_messages={"required": _("Give the last day."), "invalid": _("Not a date.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantity (days, sessions, occurrences or semesters)"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("Leave empty for days: the days from the first to the last day."),
    )
    jp_claimed = forms.DecimalField(
        label=_("JP claimed"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Leave empty: what the conversion table allows."),
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    evidence_link = forms.URLField(
        label=_("Or a link to the evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    cost = forms.DecimalField(
        label=_("Cost paid by the institution (Rp)"),
        required=False,
        max_digits=15,
        decimal_places=0,
        help_text=_("Leave empty when the institution paid nothing."),
    )

    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_self:
            del self.fields["nip"]
        else:
            self.fields["nip"].required = True
            self.fields["nip"].error_messages["required"] = _("Type the person's NIP.")

    def clean_cost(self) -> Any:
        cost = self.cleaned_data.get("cost")
        if cost is not None and cost < 0:
            raise forms.ValidationError(_("The cost cannot be negative."))
        return cost


class DecisionForm(RefuseBidiControlsMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note (required to reject)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReverseForm(RefuseBidiControlsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. It is kept with the correcting entry and in the audit."),
        error_messages={"required": _("Say why the entry is reversed.")},
    )


class RuleForm(RefuseBidiControlsMixin, forms.Form):
    form = FormChoiceField(
        label=_("Form of development"),
        queryset=DevelopmentForm.objects.order_by("order", "code"),
        to_field_name="code",
        empty_label=_("— choose —"),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=_DATE)
    basis = forms.ChoiceField(label=_("How the JP are counted"), choices=JpBasis.choices)
    jp_per_unit = forms.DecimalField(
        label=_("JP per unit"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Empty for actual lesson hours."),
    )
    is_maximum = forms.BooleanField(label=_("A ceiling, not an exact credit"), required=False)
    max_units_per_month = forms.IntegerField(
        label=_("At most this many sessions a month"), required=False, min_value=1, max_value=31
    )
    max_jp_per_year = forms.DecimalField(
        label=_("At most this many JP a year"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
    )
    source = forms.CharField(label=_("Source (regulation)"), max_length=300, required=False)


class FormAddForm(RefuseBidiControlsMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=FormCategory.choices)
    valid_from = forms.DateField(label=_("Rule valid from"), widget=_DATE)
    basis = forms.ChoiceField(label=_("How the JP are counted"), choices=JpBasis.choices)
    jp_per_unit = forms.DecimalField(
        label=_("JP per unit"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    is_maximum = forms.BooleanField(label=_("A ceiling, not an exact credit"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        error_messages={"required": _("Choose the file to import.")},
    )
