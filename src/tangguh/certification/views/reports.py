"""Certification reports: the national roll-up by province, a province's roll-up of its
regencies and cities, one institution's figures, and the certificates expiring soon.

Each page reads through ``selectors_reports`` (the user's scope); each chart has the
table beside it as its text alternative, and its data travels as ``json_script``
(``static/js/charts.js`` draws it: the CSP refuses inline scripts).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from .. import selectors_reports as reports
from ..exports_reports import XLSX, expiring_xlsx
from ..forms_reports import period_choices, period_from
from ..models import Certificate, Participation
from ..selectors_reports import Figures


class ReportView(RestrictedView):
    """A report: staff whose participations grant covers institutions (403 for the rest)."""

    model = Participation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and has_permission(user, self.model, self.action)
            and not reports.may_read_reports(user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _chart(
    chart_id: str,
    title: str,
    rows: list[Figures],
    series: list[tuple[str, str]],
    *,
    horizontal: bool = False,
    percent: bool = False,
) -> dict[str, Any]:
    """The data of one bar chart: a category per row, a series per (label, attribute)."""
    return {
        "id": chart_id,
        "title": title,
        "horizontal": horizontal,
        "percent": percent,
        "categories": [_short(row) for row in rows],
        "series": [
            {
                "name": label,
                "data": [_value(getattr(row, attribute)) for row in rows],
            }
            for label, attribute in series
        ],
    }


def _value(value: Any) -> Any:
    return round(value, 1) if isinstance(value, float) else value


def _short(row: Figures) -> str:
    institution = row.institution
    if institution is not None:
        return institution.short_name or institution.name
    return row.code or row.label or str(row.key)  # a scheme by its code: names start alike


def _period_context(request: HttpRequest) -> dict[str, Any]:
    form, period = period_from(request.GET)
    return {"period_form": form, "period": period, "period_choices": period_choices(period)}


class NationalReportView(ReportView):
    """Figures per province and per central institution, over the user's scope."""

    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = _period_context(request)
        rollup = reports.national_rollup(user=request.user, period=ctx["period"])
        ctx.update(
            title=_("Certification report"),
            rollup=rollup,
            own=reports.own_report_target(request.user),
            charts=[
                _chart(
                    "chart-provinces",
                    _("Participants and certified per province"),
                    rollup.rows,
                    [(_("Participants"), "participants"), (_("Certified"), "certified")],
                    horizontal=True,
                ),
                _chart(
                    "chart-schemes",
                    _("Distinct schemes per province"),
                    rollup.rows,
                    [(_("Distinct schemes"), "schemes")],
                    horizontal=True,
                ),
            ]
            if rollup.rows
            else [],
        )
        return render(request, "certification/reports/national.html", ctx)


class ProvinceReportView(ReportView):
    """A province's own figures and each of its regencies' and cities'."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        province = reports.reportable_province(user=request.user, code=code)
        ctx = _period_context(request)
        rollup = reports.province_rollup(user=request.user, province=province, period=ctx["period"])
        ctx.update(
            title=_("Certification report: %(name)s") % {"name": province.name},
            province=province,
            rollup=rollup,
            charts=[
                _chart(
                    "chart-regencies",
                    _("Participants and certified per regency and city"),
                    rollup.rows,
                    [(_("Participants"), "participants"), (_("Certified"), "certified")],
                    horizontal=True,
                ),
                _chart(
                    "chart-coverage",
                    _("Camat holding a valid certificate (%)"),
                    [row for row in rollup.rows if row.coverage_percent is not None],
                    [(_("Camat coverage"), "coverage_percent")],
                    horizontal=True,
                    percent=True,
                ),
            ]
            if rollup.rows
            else [],
        )
        return render(request, "certification/reports/province.html", ctx)


class InstitutionReportView(ReportView):
    """One institution's figures over the period, per year and per scheme."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        institution = reports.reportable_institution(user=request.user, code=code)
        ctx = _period_context(request)
        report = reports.institution_report(
            user=request.user, institution=institution, period=ctx["period"]
        )
        ctx.update(
            title=_("Certification report: %(name)s") % {"name": institution.name},
            institution=institution,
            report=report,
            charts=[
                _chart(
                    "chart-years",
                    _("Participants and certified per year"),
                    report.years,
                    [(_("Participants"), "participants"), (_("Certified"), "certified")],
                ),
                _chart(
                    "chart-schemes",
                    _("Participants and certified per scheme"),
                    report.schemes,
                    [(_("Participants"), "participants"), (_("Certified"), "certified")],
                    horizontal=True,
                ),
            ]
            if report.schemes
            else [],
        )
        return render(request, "certification/reports/institution.html", ctx)


class _ExpiringBase(RestrictedView):
    """Staff whose certificates grant covers institutions (403 for holders and the rest)."""

    model = Certificate

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and has_permission(user, Certificate, "view")
            and not reports.may_read_expiring(user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExpiringView(_ExpiringBase):
    """Valid certificates expiring within 90 days, in the user's scope, soonest first."""

    page_size = 200

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        certificates = reports.expiring_certificates(user=request.user, today=today)
        total = certificates.count()
        shown = list(certificates[: self.page_size])
        audit_read(
            request=request,
            action="certification.expiring_list",
            nips=list(dict.fromkeys(c.nip for c in shown)),  # a holder once
            institution_ids=[c.institution_id for c in shown],
        )
        ctx = {
            "title": _("Certificates expiring within %(days)s days")
            % {"days": reports.EXPIRING_DAYS},
            "certificates": [(c, (c.expires_on - today).days) for c in shown],
            "total": total,
            "shown": min(total, self.page_size),
            "today": today,
            "days": reports.EXPIRING_DAYS,
        }
        return render(request, "certification/reports/expiring.html", ctx)


class ExpiringExportView(_ExpiringBase):
    """The same list as an XLSX workbook (every row, not only the page's)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        certificates = reports.expiring_certificates(user=request.user, today=today)
        audit_read(
            request=request,
            action="certification.expiring_export",
            queryset=reports.one_per_holder(certificates),  # the audit keys (nip, entry)
            query={"format": "xlsx"},
        )
        response = HttpResponse(expiring_xlsx(certificates, today=today), content_type=XLSX)
        return as_attachment(response, _("certificates-expiring"), "xlsx", dated=True)
