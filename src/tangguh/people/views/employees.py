"""The register screens: the list of civil servants, its export, one person's page."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.api_filters import parse_id
from tangguh.core.audit import audit_read
from tangguh.core.scoping import Scope, has_permission, scope_for
from tangguh.core.views import RestrictedView
from tangguh.people import exports, selectors, services
from tangguh.people.filters import EmployeeFilter
from tangguh.people.models import Employee, ImportJob
from tangguh.people.parsing.nip import format_nip
from tangguh.people.services_employee import employee_view_record

from .paging import bounded_count, keyset_page

PAGE_SIZE = 50
SORT_KEYS = ("full_name", "nip")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_self_only(user: Any) -> bool:
    """A civil servant reads only their own record: the staff screens are not for them."""
    return scope_for(user, Employee, "view") == Scope.SELF


def with_display(employees: list[Employee]) -> list[Employee]:
    for e in employees:
        e.nip_display = format_nip(e.nip)  # type: ignore[attr-defined]
    return employees


class StaffRegisterView(RestrictedView):
    """Register screens for staff; a civil servant (own record only) gets 403."""

    model = Employee

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and is_self_only(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filterset(self) -> EmployeeFilter:
        """The list's filters (``people.filters``) over the rows the user may see; a value
        that does not validate is dropped, never an error page."""
        return EmployeeFilter(
            self.request.GET, selectors.employee_list(user=self.request.user), request=self.request
        )


class EmployeeListView(StaffRegisterView):
    template_name = "people/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filterset()
        qs = filters.qs
        page = keyset_page(
            qs,
            keys=SORT_KEYS,
            size=PAGE_SIZE,
            after=self._cursor(qs, "after"),
            before=self._cursor(qs, "before"),
        )
        # Exact count only within one institution (an index range); elsewhere "more than N".
        count, exact = bounded_count(qs, exact=filters.single_institution is not None)
        # UU PDP: the page shown (also each live-search keystroke) is an attributable read.
        audit_read(
            request=request,
            action="people.employee.list",
            nips=[e.nip for e in page.rows],
            institution=filters.single_institution,
            institution_ids=[e.institution_id for e in page.rows],
        )
        query = request.GET.copy()
        for key in ("after", "before", "page"):
            query.pop(key, None)
        ctx = {
            "title": _("Civil servants"),
            "form": filters.bar(),
            "employees": with_display(page.rows),
            "page": page,
            "count": count,
            "count_exact": exact,
            "query_string": query.urlencode(),
            "can_import": self._can_import(),
        }
        template = self.template_name
        if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
            template = "people/_results.html"
        return render(request, template, ctx)

    def _cursor(self, qs: Any, name: str) -> tuple[Any, ...] | None:
        pk = parse_id(self.request.GET.get(name, ""))  # "²" or 2**64: no cursor, no 500
        if pk is None:
            return None
        row = qs.filter(pk=pk).values_list(*SORT_KEYS).first()
        return tuple(row) if row else None

    def _can_import(self) -> bool:
        return has_permission(self.request.user, ImportJob, "add")


class EmployeeExportView(StaffRegisterView):
    """The current filter of the list as CSV (streamed) or XLSX: the list's selector and filters."""

    def get(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("fmt", "csv")
        if fmt not in ("csv", "xlsx"):
            raise Http404
        filters = self.filterset()  # the list's, on the same parameters: the same rows
        qs = filters.qs
        institution = filters.single_institution or getattr(request.user, "institution", None)
        # Audited before the first row leaves: every NIP of the export, set-based.
        services.employee_export_record(
            actor=request.user,
            institution=institution,
            queryset=qs,
            file_format=fmt,
            filters=filters.applied(),
            request=request,
        )
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            response: HttpResponse = StreamingHttpResponse(
                exports.employees_export_csv(qs), content_type="text/csv; charset=utf-8"
            )
        else:
            buffer = io.BytesIO()
            exports.employees_export_xlsx(qs, buffer)
            response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="civil-servants-{stamp}.{fmt}"'
        return response


class EmployeeDetailView(RestrictedView):
    """One person: identity, current employment, the history of every period."""

    model = Employee
    template_name = "people/detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            employee = selectors.employee_get(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        history = list(selectors.employee_history(user=request.user, employee=employee))
        if not is_self_only(request.user):
            # UU PDP: every read of personal data by staff is attributable.
            employee_view_record(employee=employee, actor=request.user, via="web", request=request)
        employee.nip_display = format_nip(employee.nip)  # type: ignore[attr-defined]
        ctx = {
            "title": employee.display_name,
            "employee": employee,
            "history": history,
            "is_own": getattr(request.user, "nip", "") == employee.nip,
            "staff": not is_self_only(request.user),
        }
        return render(request, self.template_name, ctx)


class MyRecordView(RestrictedView):
    """The "My record" entry: the signed-in person's own page, found by the NIP on their account."""

    model = Employee

    def get(self, request: HttpRequest) -> HttpResponse:
        condition = Employee.scope_self_q(request.user)
        own = (
            Employee.objects.filter(condition).values_list("pk", flat=True).first()
            if condition
            else None
        )
        if own is not None:
            return redirect("people:detail", pk=own)
        return render(request, "people/no_record.html", {"title": _("My record")})
