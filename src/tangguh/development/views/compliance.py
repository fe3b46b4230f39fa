"""The 20-JP duty's pages: nationally by province, a province by institution, an
institution by work unit, a unit's names; each table with its XLSX export.

Every page reads through ``selectors_compliance`` (the reader's scope). Each chart has
the table beside it as its text alternative, and its data travels as ``json_script``
(``static/js/charts.js`` draws it: the CSP refuses inline scripts).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from .. import selectors_compliance as selectors
from ..exports_compliance import XLSX, people_xlsx, rollup_xlsx, units_xlsx
from ..models import JpYearTotal
from ..selectors_compliance import Row

CHART_UNITS = 15


class ComplianceView(RestrictedView):
    """Staff whose grant on the yearly totals covers institutions (403 for the rest)."""

    model = JpYearTotal

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and has_permission(user, self.model, self.action)
            and not selectors.may_read(user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def year(self) -> int:
        return selectors.year_from(self.request.GET.get("year"))

    def base_context(self, year: int) -> dict[str, Any]:
        return {"year": year, "years": selectors.year_choices()}


def _chart(chart_id: str, title: str, rows: list[Row]) -> dict[str, Any]:
    """Share reaching 20 JP (%) and mean JP per row, drawn by js/charts.js."""
    return {
        "id": chart_id,
        "title": title,
        "horizontal": True,
        "percent": False,
        "categories": [row.short or _("No work unit") for row in rows],
        "series": [
            {
                "name": _("Reached 20 JP (%)"),
                "data": [
                    None if r.figures.share is None else round(r.figures.share * 100, 1)
                    for r in rows
                ],
            },
            {
                "name": _("Mean JP"),
                "data": [
                    None if r.figures.mean_jp is None else float(r.figures.mean_jp) for r in rows
                ],
            },
        ],
    }


class NationalView(ComplianceView):
    """A line per province and per central institution, over the reader's scope."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year = self.year()
        rollup = selectors.national_rollup(user=request.user, year=year)
        ctx = self.base_context(year)
        ctx.update(
            title=_("20-JP duty"),
            rollup=rollup,
            own=selectors.own_target(request.user),
            charts=[_chart("chart-provinces", _("Per province"), rollup.rows)]
            if rollup.rows
            else [],
        )
        return render(request, "development/compliance/national.html", ctx)


class NationalExportView(ComplianceView):
    def get(self, request: HttpRequest) -> HttpResponse:
        year = self.year()
        rollup = selectors.national_rollup(user=request.user, year=year)
        body = rollup_xlsx([*rollup.rows, *rollup.others], year=year, first_header=_("Province"))
        response = HttpResponse(body, content_type=XLSX)
        return as_attachment(response, _("jp-duty"), "xlsx", key=year)


class ProvinceView(ComplianceView):
    """The province's government and each of its regencies and cities."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        province = selectors.readable_province(user=request.user, code=code)
        year = self.year()
        rollup = selectors.province_rollup(user=request.user, province=province, year=year)
        counted = [row for row in rollup.rows if row.figures.civil_servants]  # the chart's
        ctx = self.base_context(year)
        ctx.update(
            title=_("20-JP duty: %(name)s") % {"name": province.name},
            province=province,
            rollup=rollup,
            charts=[_chart("chart-institutions", _("Per institution"), counted)] if counted else [],
        )
        return render(request, "development/compliance/province.html", ctx)


class ProvinceExportView(ComplianceView):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        province = selectors.readable_province(user=request.user, code=code)
        year = self.year()
        rollup = selectors.province_rollup(user=request.user, province=province, year=year)
        body = rollup_xlsx(rollup.rows, year=year, first_header=_("Institution"))
        response = HttpResponse(body, content_type=XLSX)
        return as_attachment(response, _("jp-duty"), "xlsx", key=f"{province.code}-{year}")


class InstitutionView(ComplianceView):
    """The institution's figures and a line per work unit."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        institution = selectors.readable_institution(user=request.user, code=code)
        year = self.year()
        report = selectors.institution_report(user=request.user, institution=institution, year=year)
        # The chart shows the largest units (the table beside it lists every one).
        n = CHART_UNITS
        largest = sorted(report.units, key=lambda r: -r.figures.civil_servants)[:n]
        ctx = self.base_context(year)
        ctx.update(
            title=_("20-JP duty: %(name)s") % {"name": institution.name},
            institution=institution,
            report=report,
            charts=[_chart("chart-units", _("The %(n)s largest work units") % {"n": n}, largest)]
            if largest
            else [],
        )
        return render(request, "development/compliance/institution.html", ctx)


class InstitutionExportView(ComplianceView):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        institution = selectors.readable_institution(user=request.user, code=code)
        year = self.year()
        report = selectors.institution_report(user=request.user, institution=institution, year=year)
        body = units_xlsx(report.units, year=year, no_unit=_("No work unit"))
        response = HttpResponse(body, content_type=XLSX)
        return as_attachment(response, _("jp-duty"), "xlsx", key=f"{institution.code}-{year}")


class _UnitBase(ComplianceView):
    def people(self, request: HttpRequest, code: str, unit: str) -> tuple[Any, ...]:
        institution = selectors.readable_institution(user=request.user, code=code)
        work_unit = selectors.readable_unit(user=request.user, institution=institution, unit=unit)
        year = self.year()
        rows = selectors.unit_people(institution=institution, unit=work_unit, year=year)
        return institution, work_unit, year, rows


class UnitView(_UnitBase):
    """A unit's people with their JP of the year and what remains (personal data: audited)."""

    def get(self, request: HttpRequest, code: str, unit: str) -> HttpResponse:
        institution, work_unit, year, rows = self.people(request, code, unit)
        audit_read(
            request=request,
            action="development.compliance_names",
            nips=[r.person.nip for r in rows],
            institution=institution,
        )
        ctx = self.base_context(year)
        unit_name = work_unit.path if work_unit else _("No work unit")
        ctx.update(
            title=_("20-JP duty: %(name)s") % {"name": unit_name},
            institution=institution,
            unit=work_unit,
            unit_id=unit,
            unit_name=unit_name,
            rows=rows,
            reached=sum(r.reached for r in rows),
        )
        return render(request, "development/compliance/unit.html", ctx)


class UnitExportView(_UnitBase):
    def get(self, request: HttpRequest, code: str, unit: str) -> HttpResponse:
        institution, _unit, year, rows = self.people(request, code, unit)
        audit_read(
            request=request,
            action="development.compliance_names_export",
            nips=[r.person.nip for r in rows],
            institution=institution,
            query={"format": "xlsx"},
        )
        response = HttpResponse(people_xlsx(rows, year=year), content_type=XLSX)
        return as_attachment(
            response, _("jp-duty"), "xlsx", key=f"{institution.code}-{unit}-{year}"
        )
