"""Gap closure's page: an institution's closure per year, a line chart and its table.

The chart's data travels as ``json_script`` (``static/js/charts.js`` draws it; the CSP
refuses inline scripts); the table beside it is its text alternative.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _

from tangguh.core.formatting import format_date, format_number
from tangguh.core.views import RestrictedView

from .. import selectors_closure as selectors
from ..closure import YearClosure
from ..models import Assessment


def _percent(rate: Any) -> float | None:
    return None if rate is None else round(float(rate) * 100, 1)


def _percent_text(row: YearClosure) -> str:
    if row.rate is None:
        return "—"
    return f"{format_number((row.rate * 100).quantize(Decimal('0.1'), ROUND_HALF_UP))} %"


def _chart(rows: list[YearClosure]) -> dict[str, Any]:
    """A line over the years; one year alone is a bar."""
    return {
        "id": "chart-closure",
        "type": "line" if len(rows) > 1 else "bar",
        "title": _("Gaps closed in the year (%)"),
        "percent": True,
        "categories": [str(row.year) for row in rows],
        "series": [{"name": _("Closed (%)"), "data": [_percent(row.rate) for row in rows]}],
    }


class ClosureView(RestrictedView):
    """An institution's gap closure per year (staff reading institutions; 403 else)."""

    model = Assessment

    def get(self, request: HttpRequest) -> HttpResponse:
        selectors.check_reader(request.user)
        institution = selectors.institution_for(request.user, request.GET.get("institution"))
        report = selectors.closure_report(request.user, institution) if institution else None
        rows = [(row, _percent_text(row)) for row in reversed(report.years)] if report else []
        return render(
            request,
            "competencies/closure.html",
            {
                "title": _("Gap closure"),
                "institution": institution,
                "institutions": selectors.choices(request.user),
                "rows": rows,
                "chart": _chart(report.years) if report else None,
                "today": format_date(rows[0][0].end) if rows else "",
            },
        )


urlpatterns: list[URLPattern | URLResolver] = [
    path("penutupan/", ClosureView.as_view(), name="closure"),
]
