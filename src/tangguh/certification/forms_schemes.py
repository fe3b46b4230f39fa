"""Forms of the scheme and licence pages: what is typed, turned into the services' input.

The rules live in ``services_schemes``; these forms only read the input (units typed one
per line as "code | title") and report a line they cannot read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.people.models import Education, PositionKind

from .models import IssuingBody, Scheme, SchemeVersion

MAX_UNITS = 60


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def units_text(units: list[dict[str, Any]]) -> str:
    """Units as the form shows them: one per line, "code | title"."""
    return "\n".join(f"{u['code']} | {u['title']}" for u in units)


class SchemeVersionForm(RefuseBidiControlsMixin, forms.Form):
    """What a version of a scheme says (the new-version page; the create page adds a code)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_positions = forms.CharField(
        label=_("Positions"),
        required=False,
        help_text=_(
            "One per line. A position matches when its name starts with one of them: "
            "“Camat” takes in “Camat Wonokromo”, not “Sekretaris Camat”."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_position_kinds = forms.MultipleChoiceField(
        label=_("Position kinds"),
        required=False,
        choices=PositionKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_education = forms.ChoiceField(
        label=_("Minimum education"),
        required=False,
        choices=[("", _("No minimum")), *Education.choices],
    )
    min_rank = forms.CharField(
        label=_("Minimum rank (golongan)"),
        required=False,
        max_length=8,
        help_text=_("For example III/a. Leave blank for no minimum."),
    )
    validity_years = forms.IntegerField(label=_("Validity (years)"), min_value=1, max_value=20)
    issuing_body = forms.ModelChoiceField(
        label=_("Issuing body"), queryset=IssuingBody.objects.order_by("name"), empty_label=None
    )
    units = forms.CharField(
        label=_("Competency units"),
        help_text=_("One per line: code | title. For example: PEM.01 | Menyusun rencana kerja."),
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
    )
    change_note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def clean_target_positions(self) -> list[str]:
        text = self.cleaned_data.get("target_positions") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_units(self) -> list[dict[str, str]]:
        units: list[dict[str, str]] = []
        problems: list[str] = []
        for number, line in enumerate((self.cleaned_data.get("units") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("\t", "|").split("|", 1)]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                problems.append(
                    gettext("Line %(n)s: write the unit as “code | title”.") % {"n": number}
                )
                continue
            units.append({"code": parts[0][:40], "title": parts[1][:300]})
        if problems:
            raise forms.ValidationError(problems)
        if not units:
            raise forms.ValidationError(gettext("A scheme needs at least one competency unit."))
        if len(units) > MAX_UNITS:
            raise forms.ValidationError(
                gettext("At most %(n)s units per scheme.") % {"n": MAX_UNITS}
            )
        return units

    def version_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("units", "code")}
        return data

    @classmethod
    def initial_from(cls, version: SchemeVersion) -> dict[str, Any]:
        return {
            "name": version.name,
            "name_en": version.name_en,
            "description": version.description,
            "target_positions": "\n".join(version.target_positions or []),
            "target_position_kinds": version.target_position_kinds,
            "requirements": version.requirements,
            "min_education": version.min_education,
            "min_rank": version.min_rank,
            "validity_years": version.validity_years,
            "issuing_body": version.issuing_body_id,
            "units": units_text(
                [{"code": u.code, "title": u.title} for u in version.units.order_by("order")]
            ),
        }


class SchemeCreateForm(SchemeVersionForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        help_text=_("Lower-case letters, digits and hyphens; it appears in certificate numbers."),
    )
    field_order = ["code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["change_note"]


class LicenceGrantForm(RefuseBidiControlsMixin, forms.Form):
    assessor = forms.ModelChoiceField(
        label=_("Assessor"),
        queryset=User.objects.none(),
        help_text=_("Accounts with the assessor role."),
    )
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.order_by("code"))
    number = forms.CharField(label=_("Licence number"), max_length=64)
    valid_from = forms.DateField(label=_("Valid from"), widget=_date_input())
    valid_until = forms.DateField(label=_("Valid until"), widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessor"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(role=Role.ASSESSOR, is_active=True)
            .select_related("institution")
            .order_by("first_name", "last_name", "username")
        )
        field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.get_full_name() or u.username} · {u.institution.name if u.institution else ''}"
        )
        self.fields["scheme"].label_from_instance = lambda s: s.code.upper()  # type: ignore[attr-defined]


class ReasonForm(RefuseBidiControlsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit with your name."),
    )
