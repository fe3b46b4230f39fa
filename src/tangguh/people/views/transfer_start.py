"""Asking for a transfer: the receiving institution names a NIP registered elsewhere.

The operator (or administrator) types the NIP; the page shows who that is and where
they are registered, so the right person is asked for, then takes the new position,
work unit, the TMT (optional) and the reason. The institution that holds the record
decides (``views/transfers.py``). Every look-up is an audited read of that person.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView
from tangguh.people import services_transfer
from tangguh.people.forms import TransferStartForm
from tangguh.people.models import Employee, TransferRequest, WorkUnit
from tangguh.people.parsing.nip import format_nip

UNIT_SUGGESTIONS = 500


class TransferStartView(RestrictedView):
    model = TransferRequest
    action = "add"
    template_name = "people/transfer_start.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        nip = request.GET.get("nip", "").strip()
        form = TransferStartForm(initial={"nip": nip})
        return self.page(request, form, nip=nip)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TransferStartForm(request.POST)
        nip = request.POST.get("nip", "").strip()
        if not form.is_valid():
            return self.page(request, form, nip=nip, status=400)
        data = form.cleaned_data
        try:
            transfer = services_transfer.transfer_request(
                nip=data["nip"],
                institution=getattr(request.user, "institution", None),
                actor=request.user,
                position=data["position"],
                work_unit=data["work_unit"],
                note=data["request_note"],
                valid_from=data["valid_from"],
            )
        except DomainError as exc:
            return self.page(request, form, nip=nip, error=exc, status=exc.status_code)
        messages.success(
            request,
            _("The transfer of %(name)s is requested; %(institution)s decides.")
            % {
                "name": transfer.employee.display_name,
                "institution": transfer.from_institution.name,
            },
        )
        return redirect("people:transfer-detail", transfer.pk)

    def page(
        self,
        request: HttpRequest,
        form: TransferStartForm,
        *,
        nip: str,
        error: DomainError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        institution = getattr(request.user, "institution", None)
        person: Employee | None = None
        lookup_error = ""
        if nip:
            try:
                person = services_transfer.transfer_lookup(nip=nip, institution=institution)
            except DomainError as exc:
                lookup_error = str(exc.message)
            else:
                audit_read(request=request, action="people.transfer.lookup", nips=[person.nip])
        if error is not None:
            placed = False
            for problem in error.errors:
                if problem.get("field") in form.fields:
                    form.add_error(problem["field"], str(problem["message"]))
                    placed = True
            if not placed:
                lookup_error = str(error.message)
        ctx: dict[str, Any] = {
            "title": _("Ask for a transfer"),
            "form": form,
            "nip": nip,
            "person": person,
            "nip_display": format_nip(person.nip) if person else "",
            "lookup_error": lookup_error,
            "institution": institution,
            "units": WorkUnit.objects.filter(institution=institution).values_list(
                "path", flat=True
            )[:UNIT_SUGGESTIONS],
        }
        return render(request, self.template_name, ctx, status=status)
