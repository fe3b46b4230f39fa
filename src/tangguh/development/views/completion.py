"""Completion of a session and the certificate of completion."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Enrolment


class SessionCompleteView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class CompletionCertificateView(RestrictedView):
    model = Enrolment
    action = "view"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})
