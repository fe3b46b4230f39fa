"""A person's own pages (UU PDP, the right of access): their record and history, a request
to correct it, and a copy of everything Tangguh holds about them (JSON or PDF).

Whatever the account's role, these pages read only the account holder's own rows,
found by the NIP on the account (``selectors_self``): a staff member with a NIP reads
their own record here, and their staff scope gains nothing from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from tangguh.core.exceptions import DomainError
from tangguh.core.views import LoginRequiredMixin
from tangguh.people import selectors_self
from tangguh.people.forms_correction import CorrectionRequestForm
from tangguh.people.models import CorrectionStatus, Employee
from tangguh.people.parsing.nip import format_nip
from tangguh.people.services_correction import (
    correction_request,
    field_label,
    my_data_download_record,
)

FORMATS = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}


class _OwnRecordView(LoginRequiredMixin, View):
    """A page about the signed-in person's own record: 404 when the account has none."""

    def own(self, request: HttpRequest) -> Employee:
        employee = selectors_self.own_employee(user=request.user)
        if employee is None:
            raise Http404
        employee.nip_display = format_nip(employee.nip)  # type: ignore[attr-defined]
        return employee


def corrections_shown(employee: Employee) -> list[Any]:
    corrections = list(selectors_self.own_corrections(employee=employee))
    for c in corrections:
        c.field_label = field_label(c.field)  # type: ignore[attr-defined]
    return corrections


class MyRecordView(_OwnRecordView):
    """ "My record": the person's record, history and correction requests, and the downloads.

    An account without a linked record gets a page saying how to link one.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        employee = selectors_self.own_employee(user=request.user)
        if employee is None:
            return render(request, "people/no_record.html", {"title": _("My record")})
        employee.nip_display = format_nip(employee.nip)  # type: ignore[attr-defined]
        corrections = corrections_shown(employee)
        ctx = {
            "title": _("My record"),
            "employee": employee,
            "history": selectors_self.own_history(employee=employee),
            "corrections": corrections,
            "open_count": sum(c.status == CorrectionStatus.OPEN for c in corrections),
        }
        return render(request, "people/my_record.html", ctx)


class MyCorrectionView(_OwnRecordView):
    """The person asks for corrections: one "correct value" per field they fill in."""

    template_name = "people/my_correction.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        employee = self.own(request)
        form = CorrectionRequestForm(current=selectors_self.record_values(employee))
        return self.page(request, employee, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        employee = self.own(request)
        form = CorrectionRequestForm(request.POST, current=selectors_self.record_values(employee))
        if not form.is_valid():
            return self.page(request, employee, form, status=400)
        try:
            created = correction_request(
                employee=employee,
                actor=request.user,
                values=form.values(),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            for problem in exc.errors:
                form.add_problem(problem["field"], str(problem["message"]))
            return self.page(request, employee, form, error=str(exc.message), status=400)
        messages.success(
            request,
            _("Your request was sent to %(institution)s (%(count)s field(s)).")
            % {"institution": employee.institution.name, "count": len(created)},
        )
        return redirect("people:me")

    def page(
        self,
        request: HttpRequest,
        employee: Employee,
        form: CorrectionRequestForm,
        *,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        ctx = {
            "title": _("Request a correction"),
            "employee": employee,
            "form": form,
            "rows": form.bound_rows(),
            "error": error,
        }
        return render(request, self.template_name, ctx, status=status)


class MyDataView(_OwnRecordView):
    """Everything Tangguh holds about the person, as JSON (``?fmt=json``) or PDF (``?fmt=pdf``)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("fmt", "pdf")
        if fmt not in FORMATS:
            raise Http404
        employee = self.own(request)
        data = selectors_self.my_data(user=request.user, employee=employee)
        my_data_download_record(employee=employee, actor=request.user, file_format=fmt)
        if fmt == "json":
            data = {"generated_at": timezone.now(), "language": get_language(), **data}
            body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            response = HttpResponse(body.encode("utf-8"), content_type=FORMATS[fmt])
        else:
            response = HttpResponse(render_pdf(request, employee, data), content_type=FORMATS[fmt])
        # The file's name in the interface's language: data-saya-<nip>.pdf, my-data-<nip>.pdf.
        name = f"{_('my-data')}-{employee.nip}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    # The document names no resource: nothing is fetched, locally or from the internet.
    raise ValueError(f"no resource is fetched for a PDF: {url}")


def my_data_html(request: HttpRequest, employee: Employee, data: dict[str, Any]) -> str:
    """The PDF's document, in the reader's language (dates as "30 November 2026")."""
    return render_to_string(
        "people/my_data_pdf.html",
        {
            "employee": employee,
            "history": selectors_self.own_history(employee=employee),
            "corrections": corrections_shown(employee),
            "transfers": list(selectors_self.own_transfers(employee=employee)),
            "account": request.user,
            "audit_entries": data["audit"]["entries"],
            "audit_total": data["audit"]["total"],
            "generated_at": timezone.now(),
            "LANGUAGE_CODE": get_language(),
        },
        request=request,
    )


def render_pdf(request: HttpRequest, employee: Employee, data: dict[str, Any]) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    base = (Path(settings.PACKAGE_DIR) / "static").as_uri() + "/"
    document = weasyprint.HTML(
        string=my_data_html(request, employee, data), base_url=base, url_fetcher=_no_network
    )
    return bytes(document.write_pdf())
