"""The drill-down: one institution's value in a category, and the records that make it.

Everyone signed in sees the value, the method and how many records of each kind
make it; the records themselves (people, budget revisions, ledger entries) only
those who may read them where they live (``access.may_see_records``).
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_date
from tangguh.core.views import RestrictedView

from ..models import Category
from ..ranking import Definition, method_message
from ..registry import Record, display_value
from ..selectors_categories import category_get, competitor_get, drilldown, source_url
from .categories import NAV, requested_period

PAGE_SIZE = 100

# What a reader without the records is told they are made of.
KIND_LABELS = {
    "budget_revision": gettext_lazy("budget revisions"),
    "scheme": gettext_lazy("certification schemes"),
    "civil_servant": gettext_lazy("civil servants"),
    "participation": gettext_lazy("certification participations"),
    "ledger_entry": gettext_lazy("JP ledger entries"),
    "certificate": gettext_lazy("certificates"),
}


def record_summary(record: Record) -> str:
    """A short line of what stands behind a record (its participations, its exam date)."""
    details = record.details
    parts: list[str] = []
    if details.get("scheme_code") and record.kind != "scheme":
        parts.append(str(details["scheme_code"]))
    if details.get("exam_date"):
        try:
            day = format_date(date.fromisoformat(str(details["exam_date"])))
        except ValueError:
            day = str(details["exam_date"])
        parts.append(_("exam %(day)s") % {"day": day})
    for key, label in (("participations", _("participations")), ("entries", _("ledger entries"))):
        if isinstance(details.get(key), list):
            parts.append(
                f"{label}: {', '.join(f'#{pk}' for pk in details[key][:10])}"
                + (" …" if len(details[key]) > 10 else "")
            )
    return " · ".join(parts)


class ExplainView(RestrictedView):
    model = Category

    def get(self, request: HttpRequest, code: str, institution: str) -> HttpResponse:
        category = category_get(request.user, code)
        competitor = competitor_get(category, institution)
        period, refusal = requested_period(request, category)
        try:
            found = drilldown(request.user, category, competitor, period)
        except DomainError as exc:  # a metric no longer registered: say so, no traceback
            ctx = {"title": category.name(), "category": category, "institution": competitor,
                   "period_text": str(period), "refusal": str(exc.message), "found": None,
                   "current_url_name": NAV}  # fmt: skip
            return render(request, "rankings/categories/explain.html", ctx, status=400)
        unit = found.metric.unit
        explanation = found.explanation
        # A ratio's records add up to its numerator, shown in the numerator's own unit.
        record_unit = "count" if explanation.denominator is not None and unit == "share" else unit
        page = None
        rows = []
        if found.may_see:
            page = Paginator(explanation.records, PAGE_SIZE).get_page(request.GET.get("page"))
            rows = [
                {
                    "record": record,
                    "contribution": display_value(record.contribution, record_unit),
                    "url": source_url(request.user, record, competitor),
                    "summary": record_summary(record),
                }
                for record in page.object_list
            ]
        ctx = {
            "title": f"{competitor.name} · {category.name()}",
            "category": category,
            "institution": competitor,
            "period": period,
            "period_text": str(period),
            "refusal": refusal,
            "found": found,
            "explanation": explanation,
            "value": display_value(explanation.value, unit),
            "total": display_value(explanation.total, record_unit),
            "numerator": (
                display_value(explanation.numerator, record_unit)
                if explanation.numerator is not None
                else None
            ),
            "denominator": (
                display_value(explanation.denominator, "count")
                if explanation.denominator is not None
                else None
            ),
            "method": method_message(Definition.of(category), found.metric, period),
            "counts": [(KIND_LABELS.get(kind, kind), n) for kind, n in found.counts],
            "page": page,
            "rows": rows,
            "current_url_name": NAV,
        }
        return render(
            request, "rankings/categories/explain.html", ctx, status=400 if refusal else 200
        )
