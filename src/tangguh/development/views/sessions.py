"""Session pages: one session (with the actions the viewer may take), create, change, cancel."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tangguh.core.views import RestrictedView

from ..models import Session
from ..selectors_programmes import session_get


def _session(request: HttpRequest, pk: int) -> Session:
    try:
        return session_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


class SessionDetailView(RestrictedView):
    model = Session

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _session(request, pk)
        ctx = {"title": str(session), "session": session, "programme": session.programme}
        return render(request, "development/sessions/detail.html", ctx)


class SessionCreateView(RestrictedView):
    model = Session
    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:programme", pk=pk)


class SessionEditView(RestrictedView):
    model = Session
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:session", pk=_session(request, pk).pk)


class SessionCancelView(RestrictedView):
    model = Session
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:session", pk=_session(request, pk).pk)
