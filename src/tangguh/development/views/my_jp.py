""" "Pengembangan saya": a civil servant's development home, phone-first — this year's
JP against their duty with a progress bar, the year's ledger entries, past years, and
the ways to earn more (the catalogue, their enrolments, recording an activity).

Read by the NIP on the account, whatever the role (as "My record"): a staff member with
a NIP reads their own here, and their staff scope gains nothing from it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from tangguh.core.views import LoginRequiredMixin

from .. import selectors_compliance as selectors


class MyDevelopmentView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        mine = selectors.my_development(user=request.user)
        ctx = {"title": _("My development"), "mine": mine}
        return render(request, "development/my/my.html", ctx)
