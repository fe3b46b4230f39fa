"""The audit page and its export: who read or changed what, for auditors and administrators.

Scoped by ``AuditEntry.objects.restrict(user, "view")`` (selectors_audit), filtered by
``filters_audit.AuditFilter`` (the API's filters too), and reading the audit is itself recorded.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from .audit import action_label, audit_read
from .downloads import as_attachment
from .exports_audit import actor_text, audit_export_csv, audit_export_xlsx, describe_query
from .filters_audit import AuditFilter
from .models import AuditEntry
from .selectors_audit import audit_entry_list
from .views import RestrictedView

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cursor(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


class AuditListView(RestrictedView):
    """The entries in the user's scope, newest first, filtered, 50 a page (keyset by id)."""

    model = AuditEntry
    template_name = "core/audit.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = AuditFilter(request.GET, audit_entry_list(user=request.user), request=request)
        valid = filters.is_valid()  # a bad filter is shown with its error (filters_audit)
        entries: list[AuditEntry] = []
        older = newer = None
        if valid:
            qs = filters.qs
            before, after = _cursor(request, "before"), _cursor(request, "after")
            if after is not None:
                # Newer entries: the PAGE_SIZE just above ``after``, shown newest first.
                rows = list(qs.filter(id__gt=after).order_by("id")[: PAGE_SIZE + 1])
                more_newer = len(rows) > PAGE_SIZE
                entries = list(reversed(rows[:PAGE_SIZE]))
                newer = entries[0].pk if entries and more_newer else None
                older = entries[-1].pk if entries else None
            else:
                if before is not None:
                    qs = qs.filter(id__lt=before)
                rows = list(qs[: PAGE_SIZE + 1])
                entries = rows[:PAGE_SIZE]
                older = entries[-1].pk if len(rows) > PAGE_SIZE else None
                newer = entries[0].pk if before is not None and entries else None
            audit_read(
                request=request,
                action="core.audit.view",
                nips=[nip] if (nip := filters.value_of("nip")) else [],
                data={"entries": len(entries)},
            )
        for entry in entries:
            entry.action_text = action_label(entry.action)  # type: ignore[attr-defined]
            entry.actor_text = actor_text(entry)  # type: ignore[attr-defined]
            entry.query_text = describe_query(entry.query)  # type: ignore[attr-defined]
        query = request.GET.copy()
        for key in ("before", "after"):
            query.pop(key, None)
        ctx = {
            "title": _("Audit"),
            "form": filters.form,
            "entries": entries,
            "older": older,
            "newer": newer,
            "paged": request.GET.get("before") or request.GET.get("after"),
            "query_string": query.urlencode(),
        }
        return render(request, self.template_name, ctx, status=200 if valid else 400)


class AuditExportView(RestrictedView):
    """The current filter of the audit as CSV (streamed) or XLSX."""

    model = AuditEntry

    def get(self, request: HttpRequest) -> HttpResponseBase:
        fmt = request.GET.get("fmt", "csv")
        if fmt not in ("csv", "xlsx"):
            raise Http404
        # The page's filters: an export holds what the page lists for the same parameters.
        filters = AuditFilter(request.GET, audit_entry_list(user=request.user), request=request)
        if not filters.is_valid():
            return render(
                request,
                "core/audit.html",
                {"title": _("Audit"), "form": filters.form, "entries": [], "query_string": ""},
                status=400,
            )
        qs = filters.qs
        audit_read(
            request=request,
            action="core.audit.export",
            nips=[nip] if (nip := filters.value_of("nip")) else [],
            data={"format": fmt},
        )
        response: HttpResponseBase
        if fmt == "csv":
            response = StreamingHttpResponse(
                audit_export_csv(qs), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(audit_export_xlsx(qs), content_type=XLSX)
        return as_attachment(response, _("audit-trail"), fmt, dated=True)
