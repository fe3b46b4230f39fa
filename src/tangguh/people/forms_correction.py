"""Forms of correction requests: the person's request and the staff's decisions.

The rules (a field must be filled in, differ from the record, hold no hidden
characters) live in ``services_correction``; the forms carry the input and show the
service's problems on their fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services_correction import NOTE_MAX, VALUE_MAX, correctable_fields

VALUE_PREFIX = "value_"


class CorrectionRequestForm(forms.Form):
    """One optional "correct value" input per register field, and a note for all of them."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("For example, which document shows the correct value."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, current: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        self.rows: list[dict[str, Any]] = []
        for key, label in correctable_fields():
            name = VALUE_PREFIX + key
            self.fields[name] = forms.CharField(label=label, required=False, max_length=VALUE_MAX)
            self.rows.append({"key": key, "label": label, "current": current.get(key, "")})
        # Declared first, shown last: the note follows the fields.
        self.order_fields([*(VALUE_PREFIX + r["key"] for r in self.rows), "note"])

    def bound_rows(self) -> list[dict[str, Any]]:
        return [{**r, "field": self[VALUE_PREFIX + r["key"]]} for r in self.rows]

    def values(self) -> dict[str, str]:
        return {r["key"]: self.cleaned_data.get(VALUE_PREFIX + r["key"], "") for r in self.rows}

    def add_problem(self, key: str, message: str) -> None:
        if key == "__all__":
            self.add_error(None, message)
        elif key == "note":
            self.add_error("note", message)
        elif VALUE_PREFIX + key in self.fields:
            self.add_error(VALUE_PREFIX + key, message)
        else:
            self.add_error(None, message)


class CorrectionDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionRejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=NOTE_MAX,
        help_text=_("Required. The civil servant reads it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Give the reason for the rejection: the civil servant reads it.")
        },
    )
