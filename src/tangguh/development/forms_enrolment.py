"""Forms of enrolment, approvals, attendance import and completion: each says what is
wrong per field, in the reader's language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin

MAX_UPLOAD = 5 * 1024 * 1024


class ReasonForm(RefuseBidiControlsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit with your name."),
    )


class DecisionForm(RefuseBidiControlsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for a rejection; the person and their institution see it."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return data


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label=_("NIP, name or position"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet"),
        help_text=_("XLSX or CSV: NIP, Nama, one column per day headed by its date."),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
