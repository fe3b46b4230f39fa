"""Attendance pages: the grid, the sheet's template, its import."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Enrolment


class AttendanceView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class AttendanceTemplateView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class AttendanceImportView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})


class AttendanceImportConfirmView(RestrictedView):
    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, **kwargs: object) -> HttpResponse:
        return render(request, "development/enrolment/stub.html", {"title": _("Enrolment")})
