"""The JP ledger's pages: an institution's entries (filters, XLSX), one person's ledger
(their years, each entry with its source), and a correction (a reversing entry).

Reads start from ``LedgerEntry.objects.restrict``; staff reading people's entries are
recorded in the audit (UU PDP). A correction goes through ``ledger.ledger_reverse``,
which writes its own audit entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_number
from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission, role_of
from tangguh.core.views import RestrictedView
from tangguh.people.models import WorkUnit

from ..exports_ledger import ledger_xlsx
from ..forms_activities import ReverseForm
from ..ledger import ledger_reverse
from ..models import DevelopmentForm, LedgerEntry, LedgerSource
from ..selectors_ledger import (
    LedgerFilters,
    entries_total,
    entry_for_correction,
    ledger_list,
    person_for_ledger,
    person_ledger,
    person_years,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Excel sheet holds about a million rows; a national ledger is narrowed first.
EXPORT_LIMIT = 1_000_000


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def filters_from(request: HttpRequest) -> LedgerFilters:
    year = _int(request.GET.get("year"))
    return LedgerFilters(
        year=year if year and 1900 <= year <= 9999 else None,
        form=(request.GET.get("form") or "")[:40],
        source=(request.GET.get("source") or "")[:10],
        unit=_int(request.GET.get("unit")),
        q=(request.GET.get("q") or "").strip()[:100],
    )


class LedgerListView(RestrictedView):
    """The entries of the user's scope: where they were earned and where people now work."""

    model = LedgerEntry

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and role_of(request.user) == Role.CIVIL_SERVANT:
            nip = getattr(request.user, "nip", "")
            if nip:
                return redirect("development:person_ledger", nip=nip)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = filters_from(request)
        qs = ledger_list(user=request.user, filters=filters)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        if rows:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=[e.nip for e in rows],
                institution_ids=[e.institution_id for e in rows],
            )
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "title": _("JP ledger"),
            "entries": rows,
            "page": page,
            "total_jp": entries_total(qs),
            "filters": filters,
            "forms": DevelopmentForm.objects.order_by("order", "code"),
            "sources": LedgerSource.choices,
            "units": WorkUnit.objects.restrict(request.user, "view")
            .filter(institution_id=getattr(request.user, "institution_id", None))
            .order_by("name")[:500],
            "years": range(_latest_year(), 2017, -1),
            "query_string": query.urlencode(),
            "may_correct": has_permission(request.user, LedgerEntry, "add"),
        }
        return render(request, "development/ledger/list.html", ctx)


def _latest_year() -> int:
    return timezone.localdate().year


class LedgerExportView(LedgerListView):
    def get(self, request: HttpRequest) -> HttpResponse:
        qs = ledger_list(user=request.user, filters=filters_from(request))
        if qs.count() > EXPORT_LIMIT:
            messages.error(
                request,
                _(
                    "The export holds at most %(limit)s entries: choose a year, a form or a "
                    "unit first."
                )
                % {"limit": format_number(EXPORT_LIMIT)},
            )
            query = request.GET.urlencode()
            return redirect(reverse("development:ledger") + (f"?{query}" if query else ""))
        audit_read(action="development.ledger_export", request=request, queryset=qs)
        content = ledger_xlsx(qs)
        return as_attachment(
            HttpResponse(content, content_type=XLSX), _("jp-ledger"), "xlsx", dated=True
        )


class PersonLedgerView(RestrictedView):
    """One person's ledger: their years' totals and the entries of the year shown."""

    model = LedgerEntry

    def get(self, request: HttpRequest, nip: str) -> HttpResponse:
        employee = person_for_ledger(user=request.user, nip=nip)
        if employee is None:
            raise Http404
        years = person_years(employee=employee)
        asked = _int(request.GET.get("year"))
        year = asked if asked else (years[0][0] if years else _latest_year())
        entries = list(person_ledger(user=request.user, employee=employee, year=year))
        own = getattr(request.user, "nip", "") == employee.nip
        if not own:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=[employee.nip],
                institution=employee.institution_id,
            )
        reversible: set[int] = set()
        if not own and has_permission(request.user, LedgerEntry, "add"):
            candidates = [e.pk for e in entries if e.source != LedgerSource.REVERSAL]
            reversible = set(
                LedgerEntry.objects.restrict(request.user, "add")
                .filter(pk__in=candidates)
                .values_list("pk", flat=True)
            )
        ctx = {
            "title": _("JP ledger of %(name)s") % {"name": employee.full_name},
            "employee": employee,
            "years": years,
            "year": year,
            "year_total": next((jp for y, jp in years if y == year), 0),
            "entries": entries,
            "reversible": reversible,
            "reversed_ids": {e.reverses_id for e in entries if e.reverses_id},
            "own": own,
            "current_url_name": "development:my_activities" if own else "development:ledger",
        }
        return render(request, "development/ledger/person.html", ctx)


class LedgerReverseView(RestrictedView):
    """A correction: a new entry with the opposite JP, and a reason (never an edit)."""

    model = LedgerEntry
    action = "add"

    def entry(self, pk: int) -> LedgerEntry:
        entry = entry_for_correction(user=self.request.user, pk=pk)
        if entry is None:
            raise Http404
        if getattr(self.request.user, "nip", "") == entry.nip:
            raise PermissionDenied  # nobody corrects their own ledger
        return entry

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(self.entry(pk), ReverseForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self.entry(pk)
        form = ReverseForm(request.POST)
        if not form.is_valid():
            return self.page(entry, form, status=400)
        try:
            ledger_reverse(entry=entry, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.page(entry, form, status=400)
        messages.success(request, _("The entry is reversed by a correcting entry."))
        return redirect(f"{_person_url(entry)}?year={entry.year}")

    def page(self, entry: LedgerEntry, form: ReverseForm, status: int = 200) -> HttpResponse:
        ctx = {
            "title": _("Reverse an entry"),
            "entry": entry,
            "form": form,
            "current_url_name": "development:ledger",
        }
        return render(self.request, "development/ledger/reverse.html", ctx, status=status)


def _person_url(entry: LedgerEntry) -> str:
    return reverse("development:person_ledger", kwargs={"nip": entry.nip})
