"""The Rakornas dashboard (helper D)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tangguh.core.views import RestrictedView

from ..models import Category


class DashboardView(RestrictedView):
    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "rankings/dashboard.html", {})
