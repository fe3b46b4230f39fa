"""The JP ledger's pages: an institution's entries, a person's ledger, a correction."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import LedgerEntry


def _page(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "development/ledger/placeholder.html", {"title": title})


class LedgerListView(RestrictedView):
    model = LedgerEntry

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request, _("JP ledger"))


class LedgerExportView(LedgerListView):
    pass


class PersonLedgerView(RestrictedView):
    model = LedgerEntry

    def get(self, request: HttpRequest, nip: str) -> HttpResponse:
        return _page(request, _("JP ledger"))


class LedgerReverseView(RestrictedView):
    model = LedgerEntry
    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _("Reverse an entry"))
