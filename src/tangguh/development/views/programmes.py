"""Programme pages: my institution's programmes, one programme, create, change, publish, close."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Programme
from ..selectors_programmes import my_programmes, programme_get, programme_sessions


def _programme(request: HttpRequest, pk: int) -> Programme:
    try:
        return programme_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


class ProgrammeListView(RestrictedView):
    model = Programme

    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = {"title": _("Our programmes"), "programmes": list(my_programmes(user=request.user))}
        return render(request, "development/programmes/list.html", ctx)


class ProgrammeDetailView(RestrictedView):
    model = Programme

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _programme(request, pk)
        ctx = {
            "title": programme.title,
            "programme": programme,
            "sessions": list(programme_sessions(user=request.user, programme=programme)),
        }
        return render(request, "development/programmes/detail.html", ctx)


class ProgrammeCreateView(RestrictedView):
    model = Programme
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "development/programmes/list.html",
            {"title": _("New programme"), "programmes": []},
        )


class ProgrammeEditView(RestrictedView):
    model = Programme
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:programme", pk=_programme(request, pk).pk)


class ProgrammePublishView(RestrictedView):
    model = Programme
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:programme", pk=_programme(request, pk).pk)


class ProgrammeCloseView(ProgrammePublishView):
    pass
