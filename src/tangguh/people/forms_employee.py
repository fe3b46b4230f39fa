"""The forms of one civil servant: add, edit, deactivate.

The fields are read from the register's import spec (:data:`.import_spec.REGISTER`):
every column the import knows, with its label and its choices. The forms check no
rule themselves: the service checks the values by the import's rules and its
messages land on the fields (:func:`add_domain_errors`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError
from tangguh.core.importing import Column, Merge
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker, register_picker_purpose

from .import_spec import REGISTER
from .models import Employee, EmploymentStatus
from .services_employee import INACTIVE_STATUSES

# The searchable institution picker of the add form offers where the user may add.
register_picker_purpose("employee_add", "people.Employee", "add")

# The TMT column is the date a change of employment took effect.
EFFECTIVE_DATE = "valid_from"


def _label(column: Column) -> Any:
    """The column's label as a form label ("the full name" -> "Full name"), lazily."""

    def text() -> str:
        words = str(column.label)
        return capfirst(words[4:] if words.startswith("the ") else words)

    return lazy(text, str)()


def _choices(model_field: str) -> list[tuple[str, Any]]:
    found: Any = Employee._meta.get_field(model_field)
    return [("", "—"), *found.choices]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _fields_of(column: Column) -> dict[str, forms.Field]:
    """The form fields of one column (the employment status: the kind and the status)."""
    key, label = column.key, _label(column)
    if key == "employment_status":
        kind: Any = Employee._meta.get_field("employee_kind")
        return {
            "employee_kind": forms.ChoiceField(
                label=capfirst(kind.verbose_name), choices=kind.choices, required=False
            ),
            "status": forms.ChoiceField(
                label=label, choices=EmploymentStatus.choices, required=False
            ),
        }
    if key == "tmt":
        help_text = _(
            "When a change of work unit, position, rank or status took effect; "
            "leave it empty when unknown."
        )
        field: forms.Field = forms.DateField(
            label=label, required=False, widget=_date_input(), help_text=help_text
        )
        return {EFFECTIVE_DATE: field}
    limits = REGISTER.limits(key)
    if "choices" in limits:
        field = forms.ChoiceField(label=label, choices=_choices(key), required=False)
    elif REGISTER.model_field(key).get_internal_type() == "DateField":
        field = forms.DateField(label=label, required=False, widget=_date_input())
    else:
        # No length or format check here: the import's rule says what is wrong, in its
        # words. The browser stops typing at the model's length (not the NIP's: people
        # type it with spaces, as the import accepts).
        field = forms.CharField(label=label, required=False, strip=False)
        if "max_length" in limits and key != REGISTER.key.key:
            field.widget.attrs["maxlength"] = limits["max_length"]
    return {key: field}


class _Described(forms.Form):
    """Each input names its help text and, once refused, its messages (screen readers)."""

    def described(self) -> None:
        for name, field in self.fields.items():
            ids = [f"id_{name}-help"] if field.help_text else []
            if name in (getattr(self, "_errors", None) or {}):
                field.widget.attrs["aria-invalid"] = "true"
                ids.append(f"id_{name}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self.described()


class EmployeeForm(_Described):
    """Every field the register's import knows; ``institution`` when adding with a choice."""

    def __init__(
        self,
        *args: Any,
        institutions: QuerySet[Institution] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required_fields: set[str] = set()
        self.employment_fields: list[str] = []
        if institutions is not None and institutions.count() > 1:
            # No institution preselected: one person must not land in the wrong register.
            self.fields["institution"] = forms.ModelChoiceField(
                label=_("Institution"),
                queryset=institutions,
                to_field_name="code",
                widget=InstitutionPicker(purpose="employee_add", institutions=lambda: institutions),
            )
            self.employment_fields.append("institution")
        for column in REGISTER.columns:
            for name, field in _fields_of(column).items():
                self.fields[name] = field
                if column.required:
                    self.required_fields.add(name)
                if Merge.HISTORY in column.merge:
                    self.employment_fields.append(name)
        if editing:
            # The NIP is the person's identity: it never changes (shown, not sent).
            self.fields["nip"].disabled = True
        else:
            # A first period has no change to date: it starts at the TMT (default: today).
            self.fields[EFFECTIVE_DATE].help_text = _("When the current post began.")
        for name in self.fields:
            if name in ("work_unit", "position"):
                self.fields[name].widget.attrs["list"] = f"{name}-options"
                self.fields[name].widget.attrs["autocomplete"] = "off"
        self.described()

    def identity(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n not in self.employment_fields]

    def employment(self) -> list[forms.BoundField]:
        return [self[n] for n in self.employment_fields]

    def values(self) -> dict[str, Any]:
        """The service's ``data``: every field as sent (blank: empty)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "institution"}


class EmployeeDeactivateForm(_Described):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in INACTIVE_STATUSES],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Since"), widget=_date_input())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the number of the decree (SK)."),
    )


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put each of the service's messages on its field (the others above the form)."""
    for problem in exc.errors:
        field = str(problem.get("field") or "")
        field = {"work_unit_id": "work_unit", "position_id": "position"}.get(field, field)
        form.add_error(field if field in form.fields else None, str(problem["message"]))
    if not exc.errors:
        form.add_error(None, str(exc.message))
