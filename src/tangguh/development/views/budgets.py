"""Budgets per institution and fiscal year: lists, the budget page, revisions, import."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Budget, BudgetRevision


class _Stub(RestrictedView):
    model = Budget

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "development/budgets/stub.html", {"title": _("Budgets")})


class BudgetListView(_Stub):
    pass


class BudgetNationalView(_Stub):
    pass


class BudgetDetailView(_Stub):
    pass


class BudgetRealisationView(_Stub):
    pass


class BudgetRevisionNewView(_Stub):
    action = "add"


class BudgetRevisionDecideView(_Stub):
    model = BudgetRevision
    action = "change"


class BudgetImportView(_Stub):
    action = "add"


class BudgetImportConfirmView(_Stub):
    action = "add"


class BudgetTemplateView(_Stub):
    action = "add"


class BudgetExportView(_Stub):
    pass
