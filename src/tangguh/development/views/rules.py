"""The JP conversion table: every form with its current rule and its history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import DevelopmentForm, JpRule


class RuleListView(RestrictedView):
    model = JpRule

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "development/ledger/placeholder.html", {"title": _("JP conversion table")}
        )


class RuleAddView(RestrictedView):
    model = JpRule
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "development/ledger/placeholder.html", {"title": _("New JP rule")})


class FormsManageView(RestrictedView):
    model = DevelopmentForm
    action = "change"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "development/ledger/placeholder.html", {"title": _("Forms of development")}
        )
