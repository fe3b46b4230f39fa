""" "Pengembangan saya": a civil servant's JP this year against their duty."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from tangguh.core.views import LoginRequiredMixin


class MyDevelopmentView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "development/my/stub.html", {"title": _("My development")})
