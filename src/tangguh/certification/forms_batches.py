"""Forms of the batch pages: a batch's details, its status, an assessor to assign, a
civil servant to nominate. The rules live in ``services_batches``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.institutions.models import Institution, InstitutionKind

from .models import AssessorLicence, Batch, BatchStatus, Scheme
from .services_batches import TRANSITIONS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _BatchDetails(RefuseBidiControlsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    exam_start = forms.DateField(label=_("Exam starts"), widget=_date_input())
    exam_end = forms.DateField(
        label=_("Exam ends"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave blank for a one-day exam."),
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    nomination_deadline = forms.DateField(
        label=_("Nominations until"), required=False, widget=_date_input()
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1, max_value=10000,
        help_text=_("The most participants; blank for no limit."),
    )  # fmt: skip

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["exam_end"] = data.get("exam_end") or data["exam_start"]
        return {k: data.get(k) for k in ("title", "exam_start", "exam_end", "place",
                                         "nomination_deadline", "capacity")}  # fmt: skip


def organisers_for(user: Any) -> QuerySet[Institution]:
    """The institutions ``user`` may create batches for: a province or the national coordinator."""
    from tangguh.people.forms import institutions_in_scope

    allowed = institutions_in_scope(user, Batch, "add")
    return allowed.filter(Q(kind=InstitutionKind.PROVINSI) | Q(is_national_coordinator=True))


class BatchCreateForm(_BatchDetails):
    scheme = forms.ModelChoiceField(
        label=_("Scheme"), queryset=Scheme.objects.filter(is_active=True).order_by("code")
    )
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Institution.objects.none())
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Blank: made from the scheme and the year, e.g. UK-CAMAT-2026-01."),
    )
    field_order = ["scheme", "organiser", "title", "exam_start", "exam_end", "place"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisers = organisers_for(user)
        field = self.fields["organiser"]
        field.queryset = organisers  # type: ignore[attr-defined]
        if organisers.count() == 1:
            field.initial = organisers.first()
        self.fields["scheme"].label_from_instance = _scheme_label  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        data = super().details()
        data["code"] = self.cleaned_data.get("code") or ""
        return data


def _scheme_label(scheme: Scheme) -> str:
    latest = scheme.versions.order_by("-version").first()
    return f"{scheme.code.upper()} · {latest.name}" if latest else scheme.code.upper()


class BatchEditForm(_BatchDetails):
    status = forms.ChoiceField(label=_("Status"), choices=BatchStatus.choices)

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = BatchStatus(batch.status)
        reachable = [current, *sorted(TRANSITIONS[current])]
        self.fields["status"].choices = [(s.value, s.label) for s in reachable]  # type: ignore[attr-defined]


class AssessorAssignForm(forms.Form):
    """The assessors licensed for the batch's scheme (expired licences too: the service says why)."""

    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=User.objects.none())

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        licensed = AssessorLicence.objects.filter(scheme_id=batch.scheme_id).values("assessor_id")
        assigned = batch.batch_assessors.values("assessor_id")
        field = self.fields["assessor"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(role=Role.ASSESSOR, is_active=True, pk__in=licensed)
            .exclude(pk__in=assigned)
            .select_related("institution")
            .order_by("first_name", "last_name", "username")
        )
        field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name} · {u.institution.name if u.institution else ''}"
        )


class NominateForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    renewal_ok = forms.BooleanField(
        label=_("Nominate anyway, as a re-certification"), required=False
    )


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search your civil servants"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("NIP, name or position")}),
    )
