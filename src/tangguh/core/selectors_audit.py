"""Reading the audit: the filters (one definition for the page and the API) and the selector.

Always through ``AuditEntry.objects.restrict(user, "view")``: an institution's
administrator reads its own entries, an auditor their tree (the national auditor
every entry), a national administrator every entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import action_choices
from .models import AuditEntry, AuditSubject

NIP_LENGTH = 18
# The ways people write a NIP: spaces between its parts, a leading apostrophe (Excel).
_NIP_NOISE = str.maketrans("", "", " '’.-\u00a0")
DATE_INPUTS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(9000, 1, 1)


def clean_nip(value: str) -> str:
    """A NIP or NI PPPK as typed, reduced to its 18 digits; ValidationError otherwise."""
    nip = (value or "").translate(_NIP_NOISE)
    if not nip:
        return ""
    if not (nip.isascii() and nip.isdigit() and len(nip) == NIP_LENGTH):
        raise forms.ValidationError(
            _("Enter the 18 digits of a NIP or NI PPPK, e.g. 19660801 198803 1 001."),
            code="nip",
        )
    return nip


class AuditFilterForm(forms.Form):
    """The audit's filters: person (NIP), user, action, dates. Blank filters nothing."""

    nip = forms.CharField(
        label=_("Person (NIP)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Username"), "autocomplete": "off"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("All actions")), *action_choices()]

    def clean_nip(self) -> str:
        return clean_nip(self.cleaned_data.get("nip", ""))

    def clean_action(self) -> str:
        return self.cleaned_data.get("action", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "nip": data.get("nip") or None,
            "username": (data.get("user") or "").strip() or None,
            "action": data.get("action") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def audit_entry_list(
    *,
    user: Any,
    nip: str | None = None,
    username: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read, filtered, newest first (by id: insertion order)."""
    qs = AuditEntry.objects.restrict(user, "view")
    if nip:
        qs = qs.filter(Exists(AuditSubject.objects.filter(entry=OuterRef("pk"), nip=nip)))
    if username:
        qs = qs.filter(actor__username__iexact=username)
    if action:
        qs = qs.filter(action=action)
    # Dates are the reader's local days, inclusive at both ends; a date before the
    # first entry or after the last one could ever be filters nothing.
    if date_from and date_from > EARLIEST:
        qs = qs.filter(created_at__gte=_start_of(date_from))
    if date_to and date_to < LATEST:
        qs = qs.filter(created_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return qs.select_related("actor", "institution").order_by("-id")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
