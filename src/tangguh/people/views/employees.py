"""The register screens: the list of civil servants, its export, one person's page."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.api_filters import parse_id
from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.scoping import Scope, has_permission, may, scope_for
from tangguh.core.sorting import Column, Sort, parse_sort, sort_choices, sort_headers
from tangguh.core.views import RestrictedView
from tangguh.people import exports, selectors, services
from tangguh.people.filters import EmployeeFilter
from tangguh.people.models import Employee, ImportJob
from tangguh.people.parsing.nip import format_nip
from tangguh.people.selectors_changes import employee_changes
from tangguh.people.services_employee import employee_view_record

from .paging import ListCount, keyset_page, list_count

PAGE_SIZE = 50
# The visible columns. Name and NIP sort anywhere: an index walks them (the name
# indexes, the NIP key) in either direction. Rank and status have no index (each
# index costs every import, docs/performance.md), so they sort only within one
# institution, where the sort reads that institution's rows (the head of
# employee_inst_name_idx) and keeps the first page; nationally their headers stay plain.
COLUMNS = [
    Column("name", gettext_lazy("Name"), ("full_name", "nip"), css="col-name"),
    Column("nip", gettext_lazy("NIP"), ("nip",)),
    Column("position", gettext_lazy("Position"), ()),
    Column("rank", gettext_lazy("Rank"), ("rank", "full_name", "nip")),
    Column("unit", gettext_lazy("Work unit"), ()),
    Column("status", gettext_lazy("Status"), ("status", "full_name", "nip")),
]
SORTED_ANYWHERE = {"name", "nip"}
SORTED_IN_ONE_INSTITUTION = {"rank", "status"}
MAX_PAGE = 10**6
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_self_only(user: Any) -> bool:
    """A civil servant reads only their own record: the staff screens are not for them."""
    return scope_for(user, Employee, "view") == Scope.SELF


def with_display(employees: list[Employee]) -> list[Employee]:
    for e in employees:
        e.nip_display = format_nip(e.nip)  # type: ignore[attr-defined]
    return employees


def register_count(user: Any, params: dict[str, str]) -> ListCount:
    """What the list ``/pegawai/?<params>`` counts for ``user``: the same selector, filters
    and counting, so a dashboard figure that links to the list is the figure it shows."""
    filters = EmployeeFilter(
        QueryDict(mutable=True) | params,
        selectors.employee_list(user=user),
        request=SimpleNamespace(user=user),
    )
    return list_count(filters.qs, exact=filters.single_institution is not None)


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
        one_institution = filters.single_institution is not None
        sortable = SORTED_ANYWHERE | (SORTED_IN_ONE_INSTITUTION if one_institution else set())
        sort = parse_sort(
            request.GET.get("sort"), [c for c in COLUMNS if c.key in sortable], "name"
        )
        keys = sort.column.fields
        page = keyset_page(
            qs,
            keys=keys,
            size=PAGE_SIZE,
            after=self._cursor(qs, "after", keys),
            before=self._cursor(qs, "before", keys),
            descending=sort.descending,
        )
        # Exact within one institution (an index range); elsewhere exact up to a cap,
        # then PostgreSQL's estimate ("about 4.3 million") or "more than 10,000".
        count = list_count(qs, exact=one_institution)
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
        applied = filters.applied()
        pages = count.pages(PAGE_SIZE)
        # The number rides in the links; a hand-edited one never exceeds the pages counted.
        page_number = self._page_number(page)
        if pages is not None and count.exact:
            page_number = min(page_number, pages)
        ctx = {
            "title": _("Civil servants"),
            "form": filters.bar(),
            "employees": with_display(page.rows),
            "page": page,
            "page_number": page_number,
            "count": count.value,
            "count_exact": count.exact,
            "count_kind": count.kind,
            "pages": pages,
            "query_string": query.urlencode(),
            "headers": sort_headers(request.GET, COLUMNS, sort, sortable=sortable),
            "sort_choices": sort_choices(COLUMNS, sort, sortable=sortable),
            "sort": self._sort_param(sort),
            "filtered": bool(applied),
            "active_filters": len(applied),
            "can_import": self._can_import(),
        }
        template = self.template_name
        if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
            template = "people/_results.html"
        return render(request, template, ctx)

    def _page_number(self, page: Any) -> int:
        """The page's number, carried by the paging links (a cursor knows no position)."""
        raw = self.request.GET.get("page", "")
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 8 else 1
        if not page.has_previous:
            return 1
        return min(max(number, 2), MAX_PAGE)

    @staticmethod
    def _sort_param(sort: Sort) -> str:
        return "" if sort.param == "name" else sort.param

    def _cursor(self, qs: Any, name: str, keys: tuple[str, ...]) -> tuple[Any, ...] | None:
        pk = parse_id(self.request.GET.get(name, ""))  # "²" or 2**64: no cursor, no 500
        if pk is None:
            return None
        row = qs.filter(pk=pk).values_list(*keys).first()
        return tuple(row) if row else None

    def _can_import(self) -> bool:
        return has_permission(self.request.user, ImportJob, "add")


class EmployeeExportView(StaffRegisterView):
    """The current filter of the list as CSV (streamed) or XLSX: the list's selector and filters."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
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
        if fmt == "csv":
            response: HttpResponseBase = StreamingHttpResponse(
                exports.employees_export_csv(qs), content_type="text/csv; charset=utf-8"
            )
        else:
            buffer = io.BytesIO()
            exports.employees_export_xlsx(qs, buffer)
            response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        return as_attachment(response, _("civil-servants"), fmt, dated=True)


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
            "may_change": may(request.user, Employee, "change", employee.institution),
            "changes": employee_changes(user=request.user, employee=employee),
        }
        return render(request, self.template_name, ctx)
