"""The Rakornas dashboard: every active category's leaders and published winners, the
leaders' trend, a province's view of its regencies and cities, the printable report
and the workbook.

Read-only for everyone signed in (``view`` on Category). The figures come from
``selectors_dashboard``; a chart's data travels as ``json_script`` and
``static/js/charts.js`` draws it, with the same figures in a table beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.downloads import as_attachment
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from .. import selectors_dashboard as dashboard
from ..exports_dashboard import XLSX, dashboard_xlsx
from ..models import Category, Publication
from ..pdf_report import report_pdf
from ..registry import Unit
from ..selectors_dashboard import Panel


def _chart_number(value: Decimal, unit: str) -> float | int:
    """A value for a chart: shares in percent, whole numbers as integers."""
    if unit == Unit.SHARE:
        return round(float(value * 100), 1)
    if value == value.to_integral_value():
        return int(value)
    return round(float(value), 2)


def _axis(unit: str) -> dict[str, Any]:
    return {
        "percent": unit == Unit.SHARE,
        "compact": unit == Unit.RUPIAH,
        "prefix": "Rp " if unit == Unit.RUPIAH else "",
        "suffix": " JP" if unit == Unit.JP else "",
    }


def _charts(panel: Panel, index: int, names: dict[int, str]) -> dict[str, Any]:
    """The bar chart of the leaders and the line chart of their trend, for one panel."""
    unit = panel.unit
    label = str(panel.ranking.metric.label)
    bars = {
        "id": f"chart-leaders-{index}",
        "title": _("Leaders: %(metric)s") % {"metric": label},
        "horizontal": True,
        "categories": [names.get(r.institution_id, r.institution_name) for r in panel.leaders],
        "series": [{"name": label, "data": [_chart_number(r.value, unit) for r in panel.leaders]}],
        **_axis(unit),
    }
    charts = {"bars": bars, "line": None}
    if panel.trend is not None:
        charts["line"] = {
            "id": f"chart-trend-{index}",
            "type": "line",
            "title": _("%(metric)s per year") % {"metric": label},
            "categories": [str(year) for year in panel.trend.years],
            "series": [
                {
                    "name": names.get(row.institution_id, row.institution_name),
                    "data": [_chart_number(v, unit) for v in values],
                }
                for row, values in panel.trend.lines
            ],
            **_axis(unit),
        }
    return charts


def _panels_context(request: HttpRequest, panels: list[Panel]) -> dict[str, Any]:
    names = dashboard.short_names(panels)
    return {
        "panels": [
            {"panel": panel, "charts": _charts(panel, index, names), "n": str(index)}
            for index, panel in enumerate(panels, start=1)
        ],
        "provinces": dashboard.provinces(),
        "may_publish": has_permission(request.user, Publication, "add"),
    }


class DashboardView(RestrictedView):
    """Every active category: leaders, published winners, trend; a province selector."""

    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("provinsi", "").strip()
        if code:  # the selector works without JavaScript: a GET form lands here
            province = dashboard.province(code)
            return redirect("rankings:province", code=province.code)
        ctx = _panels_context(request, dashboard.dashboard(user=request.user))
        return render(request, "rankings/dashboard/index.html", ctx)


class ProvinceView(RestrictedView):
    """A province's regencies and cities, ranked on each category's metric and period."""

    model = Category

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        province = dashboard.province(code)
        panels = dashboard.province_view(user=request.user, province=province)
        ctx = _panels_context(request, panels)
        ctx.update(province=province, back=reverse("rankings:dashboard"))
        return render(request, "rankings/dashboard/province.html", ctx)


class DashboardPdfView(RestrictedView):
    """The dashboard as a printable report (charts drawn on the server)."""

    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        panels = dashboard.dashboard(user=request.user)
        response = HttpResponse(report_pdf(panels), content_type="application/pdf")
        return as_attachment(response, _("rakornas-report"), "pdf", dated=True)


class DashboardXlsxView(RestrictedView):
    """A sheet per category: rank, code, name, value, published rank."""

    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        panels = dashboard.dashboard(user=request.user)
        response = HttpResponse(dashboard_xlsx(panels), content_type=XLSX)
        return as_attachment(response, _("rakornas-rankings"), "xlsx", dated=True)
