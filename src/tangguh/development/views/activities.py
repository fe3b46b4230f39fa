"""Recorded activities: a civil servant's own, the institution's inbox, decisions, import."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Activity


def _page(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "development/ledger/placeholder.html", {"title": title})


class ActivityListView(RestrictedView):
    model = Activity

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, _("Recorded activities"))


class MyActivitiesView(RestrictedView):
    model = Activity

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, _("My activities"))


class ActivityNewView(RestrictedView):
    model = Activity
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, _("Record an activity"))


class ActivityAllowanceView(RestrictedView):
    model = Activity
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("")


class ActivityDetailView(RestrictedView):
    model = Activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _("Recorded activity"))


class ActivityDecideView(RestrictedView):
    model = Activity
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _("Recorded activity"))


class ActivityWithdrawView(RestrictedView):
    model = Activity
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _("Recorded activity"))


class ActivityEvidenceView(RestrictedView):
    model = Activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _("Recorded activity"))


class ActivitiesImportView(RestrictedView):
    model = Activity
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, _("Import activities"))


class ActivitiesImportConfirmView(ActivitiesImportView):
    pass


class ActivitiesTemplateView(ActivitiesImportView):
    pass
