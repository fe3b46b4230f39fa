"""Forms of the budget pages: a revision's figures, a decision on it, a budget sheet.

Amounts are typed as people write them (``1500000``, ``1.500.000``, ``Rp 1.500.000``)
and read with the budget sheet's own rule; what the figures may be (not negative,
the allocation within the total, the year) is the service's rule, whose messages
land on the fields (:func:`add_domain_errors`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing import ParseError

from .budgets_import_spec import rupiah
from .models import RevisionKind
from .services_budgets import Figures


class AmountField(forms.CharField):
    """Whole Rupiah typed as text; a negative amount is left to the service to refuse."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in (None, ""):
            return text
        negative = text.strip().startswith("-")
        try:
            amount = rupiah(text.strip().lstrip("-").strip())
        except ParseError as exc:
            raise forms.ValidationError(exc.message) from None
        return -amount if negative and amount is not None else amount


class RevisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of revision"), choices=RevisionKind.choices)
    total_budget = AmountField(
        label=_("Total budget (Rp)"),
        help_text=_("The institution's whole budget for the year (APBD/APBN), in Rupiah."),
    )
    development_allocation = AmountField(
        label=_("Allocation to competency development (Rp)"),
        help_text=_("The part of the budget allocated to developing civil servants' competence."),
    )
    document = forms.CharField(
        label=_("Document"),
        max_length=200,
        required=False,
        help_text=_(
            "The regulation or decree that sets the figures, e.g. Perda No. 12 Tahun 2024."
        ),
    )
    effective_date = forms.DateField(
        label=_("Effective from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def figures(self) -> Figures:
        data = self.cleaned_data
        return Figures(
            kind=data["kind"],
            total_budget=data["total_budget"],
            development_allocation=data["development_allocation"],
            document=data.get("document") or "",
            effective_date=data.get("effective_date"),
            note=data.get("note") or "",
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason (when rejecting)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Budget sheet (XLSX or CSV)"),
        help_text=_("One row per institution and fiscal year; use the template."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): nothing is saved"), required=False, initial=True
    )


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put each of the service's messages on its field (the others above the form)."""
    for problem in exc.errors:
        field = str(problem.get("field") or "")
        form.add_error(field if field in form.fields else None, str(problem["message"]))
    if not exc.errors:
        form.add_error(None, str(exc.message))
