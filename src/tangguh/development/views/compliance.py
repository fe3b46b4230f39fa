"""The 20-JP duty's pages: nationally by province, a province, an institution by unit,
a unit's names; each with its XLSX export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import JpYearTotal


class ComplianceView(RestrictedView):
    model = JpYearTotal

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return render(request, "development/compliance/stub.html", {"title": _("20-JP duty")})


class NationalView(ComplianceView):
    pass


class ProvinceView(ComplianceView):
    pass


class InstitutionView(ComplianceView):
    pass


class UnitView(ComplianceView):
    pass


class NationalExportView(ComplianceView):
    pass


class ProvinceExportView(ComplianceView):
    pass


class InstitutionExportView(ComplianceView):
    pass


class UnitExportView(ComplianceView):
    pass
