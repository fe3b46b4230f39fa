"""Add, edit and deactivate one civil servant: thin views over ``services_employee``.

A person outside the user's write scope answers 404 (as a read outside the view
scope does); a role without the action, 403. Bad input re-renders the form (200)
with the values kept and each message on its field; nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView
from tangguh.people.forms import institutions_in_scope
from tangguh.people.forms_employee import (
    EmployeeDeactivateForm,
    EmployeeForm,
    add_domain_errors,
)
from tangguh.people.models import Employee, Position, WorkUnit
from tangguh.people.parsing.nip import format_nip
from tangguh.people.services_employee import (
    SOURCE,
    employee_create,
    employee_deactivate,
    employee_update,
    record_values,
)

# Existing units and positions offered while typing (a new name creates one, as an import).
OPTIONS_LIMIT = 500


def _options(institution: Any) -> dict[str, list[str]]:
    if institution is None:
        return {"work_unit_options": [], "position_options": []}
    units = WorkUnit.objects.filter(institution=institution).order_by("path")
    positions = Position.objects.filter(institution=institution).order_by("name")
    return {
        "work_unit_options": list(units.values_list("path", flat=True)[:OPTIONS_LIMIT]),
        "position_options": list(positions.values_list("name", flat=True)[:OPTIONS_LIMIT]),
    }


def _own_id(request: HttpRequest) -> Any:
    return getattr(request.user, "institution_id", None) or 0


def _editable(request: HttpRequest, pk: int) -> Employee:
    """The person, if the user may change them; else 404 (nothing said about them)."""
    found = (
        Employee.objects.restrict(request.user, "change")
        .select_related("institution", "work_unit", "position")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    found.nip_display = format_nip(found.nip)  # type: ignore[attr-defined]
    return found


class EmployeeCreateView(RestrictedView):
    model = Employee
    action = "add"
    template_name = "people/employee_form.html"

    def _render(self, request: HttpRequest, form: EmployeeForm) -> HttpResponse:
        institutions = institutions_in_scope(request.user, Employee, "add")
        own = institutions.filter(pk=_own_id(request)).first()
        ctx = {
            "title": _("Add a civil servant"),
            "form": form,
            "employee": None,
            **_options(own if "institution" not in form.fields else None),
        }
        return render(request, self.template_name, ctx)

    def _form(self, request: HttpRequest, data: Any = None) -> EmployeeForm:
        institutions = institutions_in_scope(request.user, Employee, "add")
        return EmployeeForm(data, institutions=institutions)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form)
        institutions = institutions_in_scope(request.user, Employee, "add")
        institution = (
            form.cleaned_data.get("institution") or institutions.filter(pk=_own_id(request)).first()
        )
        if institution is None:
            raise Http404
        try:
            employee = employee_create(
                actor=request.user, institution=institution, data=form.values(), source=SOURCE
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
            return self._render(request, form)
        messages.success(request, _("%(name)s is registered.") % {"name": employee.display_name})
        return redirect("people:detail", pk=employee.pk)


class EmployeeEditView(RestrictedView):
    model = Employee
    action = "change"
    template_name = "people/employee_form.html"

    def _render(self, request: HttpRequest, employee: Employee, form: Form) -> HttpResponse:
        ctx = {
            "title": _("Edit %(name)s") % {"name": employee.display_name},
            "form": form,
            "employee": employee,
            **_options(employee.institution),
        }
        return render(request, self.template_name, ctx)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        employee = _editable(request, pk)
        form = EmployeeForm(initial=record_values(employee), editing=True)
        return self._render(request, employee, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        employee = _editable(request, pk)
        form = EmployeeForm(request.POST, initial=record_values(employee), editing=True)
        if not form.is_valid():
            return self._render(request, employee, form)
        try:
            employee = employee_update(actor=request.user, employee=employee, data=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
            return self._render(request, employee, form)
        messages.success(
            request, _("The record of %(name)s is saved.") % {"name": employee.display_name}
        )
        return redirect("people:detail", pk=employee.pk)


class EmployeeDeactivateView(RestrictedView):
    model = Employee
    action = "change"
    template_name = "people/employee_deactivate.html"

    def _render(self, request: HttpRequest, employee: Employee, form: Form) -> HttpResponse:
        ctx = {
            "title": _("Deactivate %(name)s") % {"name": employee.display_name},
            "form": form,
            "employee": employee,
        }
        return render(request, self.template_name, ctx)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _editable(request, pk), EmployeeDeactivateForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        employee = _editable(request, pk)
        form = EmployeeDeactivateForm(request.POST)
        if not form.is_valid():
            return self._render(request, employee, form)
        try:
            employee = employee_deactivate(
                actor=request.user,
                employee=employee,
                status=form.cleaned_data["status"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
            return self._render(request, employee, form)
        messages.success(
            request,
            _("%(name)s is recorded as %(status)s.")
            % {"name": employee.display_name, "status": employee.get_status_display().lower()},
        )
        return redirect("people:detail", pk=employee.pk)
