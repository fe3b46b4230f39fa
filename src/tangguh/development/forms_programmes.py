"""Forms of the programme and session pages: a programme's details and the competencies
it develops, a co-host, an invited institution, a session with its facilitators, a
facilitator, a reason to cancel. The rules live in ``services_programmes``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker, register_picker_purpose
from tangguh.people.models import Employee

from .models import Access, DeliveryMode, DevelopmentForm, Programme, Session

# Any institution may be invited or co-host: the picker offers every one the user reads.
register_picker_purpose("development_partner", "development.Programme", "view")

NO_SUCH_NIP = "No civil servant with this NIP in the register you may read."
COMPETENCY_ROWS = 6
FACILITATOR_ROWS = 3
LEVELS = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def people_readable(user: Any) -> QuerySet[Employee]:
    """The civil servants a facilitator may be linked to: those the user may read."""
    return Employee.objects.restrict(user, "view")


def organisers_for(user: Any) -> QuerySet[Institution]:
    """The institutions ``user`` may create programmes for (their own; all for national)."""
    from tangguh.people.forms import institutions_in_scope

    return institutions_in_scope(user, Programme, "add")


class ProgrammeForm(RefuseBidiControlsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short, lower-case, unique for the organiser, e.g. bimtek-keuangan-desa."),
    )
    form = forms.ModelChoiceField(
        label=_("Form of development"),
        queryset=DevelopmentForm.objects.filter(is_active=True).order_by("order", "code"),
        empty_label=_("Choose a form"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    jp = forms.DecimalField(
        label=_("JP (lesson hours of 45 minutes)"),
        min_value=0,
        max_value=1000,
        decimal_places=2,
        help_text=_("What a completed session credits to each participant."),
    )
    mode = forms.ChoiceField(
        label=_("Mode"), choices=DeliveryMode.choices, widget=forms.RadioSelect
    )
    cost_per_participant = forms.DecimalField(
        label=_("Cost per participant (Rp)"),
        decimal_places=0,
        max_digits=15,
        initial=0,
        help_text=_("Whole Rupiah, e.g. 1500000."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity per session"), min_value=1, max_value=10000, initial=30
    )
    access = forms.ChoiceField(
        label=_("Who may join"), choices=Access.choices, widget=forms.RadioSelect
    )
    guests_pay = forms.BooleanField(
        label=_("Guests' institutions pay for their seats"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cost_per_participant"].widget.attrs["inputmode"] = "numeric"
        self.fields["jp"].widget.attrs["step"] = "0.5"
        for n in range(COMPETENCY_ROWS):
            self.fields[f"competency_code_{n}"] = forms.CharField(
                label=_("Competency %(n)s: code") % {"n": n + 1}, max_length=30, required=False
            )
            self.fields[f"competency_level_{n}"] = forms.ChoiceField(
                label=_("Competency %(n)s: level") % {"n": n + 1}, choices=LEVELS, required=False
            )

    def competency_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"competency_code_{n}"], self[f"competency_level_{n}"])
            for n in range(COMPETENCY_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(COMPETENCY_ROWS):
            code = (data.get(f"competency_code_{n}") or "").strip()
            level = data.get(f"competency_level_{n}") or ""
            if code and not level:
                self.add_error(f"competency_level_{n}", _("Choose the level (1 to 5)."))
            if level and not code:
                self.add_error(f"competency_code_{n}", _("Give the competency code."))
        return data

    def competencies(self) -> list[dict[str, Any]]:
        rows = []
        for n in range(COMPETENCY_ROWS):
            code = (self.cleaned_data.get(f"competency_code_{n}") or "").strip()
            level = self.cleaned_data.get(f"competency_level_{n}") or ""
            if code:
                rows.append({"code": code, "level": level})
        return rows

    def details(self) -> dict[str, Any]:
        keys = ("title", "code", "form", "description", "jp", "mode", "cost_per_participant",
                "capacity", "access", "guests_pay")  # fmt: skip
        return {k: self.cleaned_data.get(k) for k in keys}

    @classmethod
    def initial_from(cls, programme: Programme) -> dict[str, Any]:
        initial: dict[str, Any] = {
            k: getattr(programme, k)
            for k in (
                "title",
                "code",
                "description",
                "jp",
                "mode",
                "cost_per_participant",
                "capacity",
                "access",
                "guests_pay",
            )
        }
        initial["form"] = programme.form_id
        for n, row in enumerate(programme.competencies[:COMPETENCY_ROWS]):
            initial[f"competency_code_{n}"] = row.get("code", "")
            initial[f"competency_level_{n}"] = str(row.get("level", ""))
        return initial


def _partner_field(name: str) -> forms.CharField:
    """An institution picked with the search box (a co-host or an invited institution).
    The picker needs a field name that is an identifier: each form names its own."""
    field = forms.CharField(label=_("Institution"), max_length=20)
    field.widget = InstitutionPicker(
        purpose="development_partner", institutions=lambda: Institution.objects.all()
    )
    return field


def _institution_from(code: Any) -> Institution:
    code = (code or "").strip()
    found = Institution.objects.filter(code=code).first() if code else None
    if found is None:
        raise forms.ValidationError(_("Choose an institution from the list."))
    return found


class HostForm(forms.Form):
    host_institution = _partner_field("host_institution")
    cost_share = forms.DecimalField(
        label=_("Cost share (%)"), min_value=0, max_value=100, decimal_places=2
    )

    def clean_host_institution(self) -> Institution:
        return _institution_from(self.cleaned_data.get("host_institution"))


class QuotaForm(forms.Form):
    quota_institution = _partner_field("quota_institution")
    seats = forms.IntegerField(label=_("Seats per session"), min_value=1, max_value=10000)

    def clean_quota_institution(self) -> Institution:
        return _institution_from(self.cleaned_data.get("quota_institution"))


class SessionForm(RefuseBidiControlsMixin, forms.Form):
    number = forms.IntegerField(
        label=_("Session number"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Blank: the next number."),
    )
    start_date = forms.DateField(label=_("First day"), widget=_date_input())
    end_date = forms.DateField(label=_("Last day"), widget=_date_input())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Blank: the programme's capacity."),
    )
    enrolment_closes = forms.DateField(
        label=_("Enrolment closes"), required=False, widget=_date_input()
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        with_facilitators: bool,
        user: Any = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.programme = programme
        self.with_facilitators = with_facilitators
        if programme.mode == DeliveryMode.ONLINE:
            self.fields["place"].help_text = _("Optional for an online session.")
        if programme.mode == DeliveryMode.IN_PERSON:
            self.fields["link"].help_text = _("Optional for an in-person session.")
        if with_facilitators:
            for n in range(FACILITATOR_ROWS):
                self.fields[f"facilitator_name_{n}"] = forms.CharField(
                    label=_("Facilitator %(n)s: name") % {"n": n + 1},
                    max_length=200,
                    required=False,
                )
                self.fields[f"facilitator_role_{n}"] = forms.CharField(
                    label=_("Facilitator %(n)s: role") % {"n": n + 1},
                    max_length=100,
                    required=False,
                )
                self.fields[f"facilitator_nip_{n}"] = forms.CharField(
                    label=_("Facilitator %(n)s: NIP (if a civil servant)") % {"n": n + 1},
                    max_length=30,
                    required=False,
                )

    def facilitator_rows(self) -> list[tuple[Any, Any, Any]]:
        if not self.with_facilitators:
            return []
        return [
            (self[f"facilitator_name_{n}"], self[f"facilitator_role_{n}"],
             self[f"facilitator_nip_{n}"])
            for n in range(FACILITATOR_ROWS)
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.with_facilitators:
            for n in range(FACILITATOR_ROWS):
                nip = "".join((data.get(f"facilitator_nip_{n}") or "").split())
                if not nip:
                    data[f"facilitator_employee_{n}"] = None
                    continue
                person = people_readable(self.user).filter(nip=nip).first()
                if person is None:
                    self.add_error(f"facilitator_nip_{n}", _(NO_SUCH_NIP))
                data[f"facilitator_employee_{n}"] = person
                if person is not None and not data.get(f"facilitator_name_{n}"):
                    data[f"facilitator_name_{n}"] = person.full_name
        return data

    def details(self) -> dict[str, Any]:
        keys = ("number", "start_date", "end_date", "place", "link", "capacity",
                "enrolment_closes")  # fmt: skip
        return {k: self.cleaned_data.get(k) for k in keys}

    def facilitators(self) -> list[dict[str, Any]]:
        rows = []
        for n in range(FACILITATOR_ROWS if self.with_facilitators else 0):
            name = (self.cleaned_data.get(f"facilitator_name_{n}") or "").strip()
            if name:
                rows.append(
                    {
                        "name": name,
                        "role": self.cleaned_data.get(f"facilitator_role_{n}") or "",
                        "employee": self.cleaned_data.get(f"facilitator_employee_{n}"),
                    }
                )
        return rows

    @classmethod
    def initial_from(cls, session: Session) -> dict[str, Any]:
        return {
            k: getattr(session, k)
            for k in (
                "number",
                "start_date",
                "end_date",
                "place",
                "link",
                "capacity",
                "enrolment_closes",
            )
        }


class FacilitatorForm(RefuseBidiControlsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    nip = forms.CharField(label=_("NIP (if a civil servant)"), max_length=30, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nip = "".join((data.get("nip") or "").split())
        data["employee"] = None
        if nip:
            person = people_readable(self.user).filter(nip=nip).first()
            if person is None:
                self.add_error("nip", _(NO_SUCH_NIP))
            data["employee"] = person
        if not (data.get("name") or "").strip() and data.get("employee") is None:
            self.add_error("name", _("Give the facilitator's name."))
        return data

    def details(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data.get("name") or "",
            "role": self.cleaned_data.get("role") or "",
            "employee": self.cleaned_data.get("employee"),
        }


class ReasonForm(RefuseBidiControlsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
