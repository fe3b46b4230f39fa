"""Forms of the needs analysis pages: a new draft (institution and year) and one line's
adjustment. What the figures may be is the service's rule (``services_needs``); its
messages land on the fields (:func:`add_domain_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError
from tangguh.development.models import DevelopmentForm
from tangguh.institutions.models import Institution

from .services_needs import LineChanges


class NeedsCreateForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=9999)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year + 1
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()


class NeedsLineForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Suggested form of development"),
        queryset=DevelopmentForm.objects.filter(is_active=True).order_by("order", "name"),
        required=False,
    )
    programmes = forms.TypedMultipleChoiceField(
        label=_("Suggested programmes"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    estimated_jp = forms.CharField(label=_("JP per person"), max_length=20)
    estimated_cost = forms.CharField(
        label=_("Estimated cost (Rp)"),
        max_length=30,
        help_text=_("For everyone on this line, in whole Rupiah."),
    )
    priority = forms.CharField(label=_("Priority"), max_length=5)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, offered: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].choices = offered  # type: ignore[attr-defined]
        for name in ("estimated_jp", "estimated_cost", "priority"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def changes(self) -> LineChanges:
        data = self.cleaned_data
        return LineChanges(
            form_id=data["form"].pk if data["form"] else None,
            estimated_jp=data["estimated_jp"].replace(",", "."),
            estimated_cost=data["estimated_cost"].replace(".", "").replace(" ", ""),
            priority=data["priority"],
            note=data["note"],
            programme_ids=tuple(data["programmes"]),
        )


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put each of the service's messages on its field (the others above the form)."""
    for problem in exc.errors:
        field = str(problem.get("field") or "")
        form.add_error(field if field in form.fields else None, str(problem["message"]))
    if not exc.errors:
        form.add_error(None, str(exc.message))
