"""Enrolment pages: nominate, apply, participants, approvals, decide, cancel."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Enrolment


class SessionNominateView(RestrictedView):
    model = Enrolment
    action = "add"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class SessionApplyView(RestrictedView):
    model = Enrolment
    action = "add"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class SessionParticipantsView(RestrictedView):
    model = Enrolment
    action = "view"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class SessionParticipantsExportView(RestrictedView):
    model = Enrolment
    action = "view"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class ApprovalsView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class EnrolmentDecideView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class EnrolmentCancelView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})
