"""The forms of assessments: record one, void one, upload a batch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AssessmentMethod, Competency

LEVELS = [(n, str(n)) for n in range(1, 6)]


class AssessmentForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP of the person assessed"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.none(), to_field_name="code"
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVELS, coerce=int)
    assessed_on = forms.DateField(
        label=_("Assessment date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ModelChoiceField(
        label=_("Method"),
        queryset=AssessmentMethod.objects.order_by("order", "-rank", "code"),
        to_field_name="code",
    )
    assessor_nip = forms.CharField(
        label=_("Assessor's NIP"),
        max_length=30,
        required=False,
        help_text=_("Empty in a self-assessment (the person is the assessor)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    assessor_name = forms.CharField(label=_("Assessor's name"), max_length=200, required=False)
    evidence = forms.FileField(
        label=_("Evidence (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    evidence_url = forms.URLField(
        label=_("Or a link to the evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        # A text input: the base sheet styles no url input.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, competencies: list[Competency] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in competencies or []]
        field = self.fields["competency"]
        field.queryset = Competency.objects.filter(pk__in=ids).order_by(  # type: ignore[attr-defined]
            "version__framework__owner_id", "order", "code"
        )
        field.label_from_instance = lambda c: f"{c.code} {c.name}"  # type: ignore[attr-defined]
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this assessment void?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the assessment is void.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        error_messages={"required": _("Choose the file to import.")},
    )
