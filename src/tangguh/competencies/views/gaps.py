"""The gaps pages: a person's profile and gaps (staff), and the gap summary over the
reader's scope with its heat map, table and XLSX export.

Every page reads through ``selectors_gaps`` (the reader's scope). The heat map's data
travels as ``json_script`` (``static/js/charts.js`` draws it: the CSP refuses inline
scripts); the table below it gives the same figures.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from tangguh.core.api_filters import parse_id, query_text
from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from .. import selectors_gaps as selectors
from ..exports_gaps import XLSX, summary_xlsx
from ..models import CompetencyKind, CurrentLevel, Tier
from ..selectors_gaps import Filters, Summary

HEAT_COLUMNS = 24  # the heat map shows the columns with most people; the table every one


class GapsView(RestrictedView):
    """Staff who read profiles of an institution (403 for a civil servant: their own
    gaps are on their own page)."""

    model = CurrentLevel

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and has_permission(user, self.model, self.action)
            and not selectors.may_read(user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filters(self, request: HttpRequest) -> Filters:
        """The GET filters; a value that is not one of the choices is dropped."""
        code = query_text(request.GET.get("institution"), max_length=16)
        institution = (
            selectors.readable_institution(user=request.user, code=code)
            if code
            else selectors.default_institution(request.user)
        )
        unit = None
        if institution is not None:
            unit = selectors.readable_unit(
                institution=institution, unit_id=parse_id(request.GET.get("unit"))
            )
        kind = request.GET.get("kind") or ""
        tier = request.GET.get("tier") or ""
        return Filters(
            institution=institution,
            unit=unit,
            kind=kind if kind in CompetencyKind.values else "",
            tier=tier if tier in Tier.values else "",
        )


def heat_map(summary: Summary) -> dict[str, Any]:
    """Competencies × columns: the share (%) of the people assessed who fall short,
    with the number of them (drawn by js/charts.js as a heat map)."""
    # The widest columns (most people required), in the table's order.
    size = [
        max((line.cells[i].people for line in summary.lines), default=0)
        for i in range(len(summary.columns))
    ]
    kept = sorted(sorted(range(len(summary.columns)), key=lambda i: -size[i])[:HEAT_COLUMNS])
    columns = [summary.columns[i] for i in kept]
    cells = []
    for y, line in enumerate(summary.lines):
        for x, figures in enumerate(line.cells[i] for i in kept):
            share = figures.share_short
            cells.append(
                [
                    x,
                    y,
                    None if share is None else round(share * 100, 1),
                    figures.short,
                    figures.people,
                ]
            )
    return {
        "type": "heatmap",
        "title": _("Share of the people assessed who fall short"),
        "columns": [c.label or _("No work unit") for c in columns],
        "rows": [f"{line.code} {line.name}" for line in summary.lines],
        "cells": cells,
        "labels": {
            "short": _("fall short"),
            "people": _("required"),
            "none": _("nobody assessed"),
        },
    }


class SummaryView(GapsView):
    def get(self, request: HttpRequest) -> HttpResponse:
        nip = "".join((query_text(request.GET.get("nip"), max_length=40) or "").split())
        if nip:
            try:
                person = selectors.readable_person(user=request.user, nip=nip)
            except Http404:
                messages.error(request, _("Nobody with this NIP is in your scope."))
            else:
                return redirect("competencies:person", nip=person.nip)
        filters = self.filters(request)
        result = selectors.gap_summary(user=request.user, filters=filters)
        ctx = {
            "title": _("Competency gaps"),
            "summary": result,
            "filters": filters,
            "institutions": selectors.institution_choices(request.user),
            "units": selectors.unit_choices(filters.institution)
            if result.level == "institution"
            else [],
            "kinds": CompetencyKind.choices,
            "tiers": Tier.choices,
            "chart": heat_map(result) if result.lines and result.columns else None,
            "gap_range": range(1, selectors.MAX_GAP + 1),
            "query": request.GET.urlencode(),
            "nip": nip,
            "truncated": len(result.columns) > HEAT_COLUMNS,
            "heat_columns": HEAT_COLUMNS,
            "related": related_pages(request.user, result.institution),
        }
        return render(request, "competencies/gaps_summary.html", ctx)


# The gaps page leads to the rest of the loop (the menu keeps only the daily pages).
_RELATED = (
    ("competencies:closure", "competencies.CurrentLevel", _("Gap closure"), True),
    ("competencies:needs", "competencies.NeedsAnalysis", _("Needs analysis (AKPK)"), False),
    ("competencies:plans", "competencies.DevelopmentPlan", _("Development plans"), False),
    ("competencies:standards", "people.Position", _("Position standards"), False),
    ("competencies:framework", "competencies.Framework", _("Competency dictionary"), False),
)


def related_pages(user: Any, institution: Any) -> list[dict[str, str]]:
    """The loop's other pages the reader may open, as ``{"href", "label", "name"}``."""
    from django.apps import apps
    from django.urls import reverse

    from tangguh.core.scoping import has_permission

    pages = []
    for name, label, text, per_institution in _RELATED:
        if not has_permission(user, apps.get_model(label), "view"):
            continue
        href = reverse(name)
        if per_institution and institution is not None:
            href += f"?institution={institution.code}"
        pages.append({"href": href, "label": str(text), "name": name.split(":")[1]})
    return pages


class SummaryExportView(GapsView):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filters(request)
        result = selectors.gap_summary(user=request.user, filters=filters)
        response = HttpResponse(summary_xlsx(result), content_type=XLSX)
        key = filters.institution.code if filters.institution else "nasional"
        return as_attachment(response, _("competency-gaps"), "xlsx", key=key, dated=True)


class PersonView(GapsView):
    """A person's profile, gaps and assessment history (personal data: audited)."""

    def get(self, request: HttpRequest, nip: str) -> HttpResponse:
        employee = selectors.readable_person(user=request.user, nip=nip)
        profile = selectors.person_profile(user=request.user, employee=employee)
        audit_read(
            request=request,
            action="competencies.person_gaps",
            nips=[employee.nip],
            institution=employee.institution,
        )
        ctx = {
            "title": _("Competencies: %(name)s") % {"name": employee.display_name},
            "employee": employee,
            "profile": profile,
        }
        return render(request, "competencies/gaps_person.html", ctx)


urlpatterns = [
    path("pegawai/<str:nip>/", PersonView.as_view(), name="person"),
    path("kesenjangan/", SummaryView.as_view(), name="gaps"),
    path("kesenjangan/unduh/", SummaryExportView.as_view(), name="gaps_xlsx"),
]
