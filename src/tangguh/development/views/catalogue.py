"""The catalogue: programmes' sessions that anyone signed in can search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import Session
from ..selectors_programmes import session_list


class CatalogueView(RestrictedView):
    model = Session
    template_name = "development/catalogue/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        sessions = list(session_list(user=request.user)[:50])
        return render(
            request, self.template_name, {"title": _("Development catalogue"), "sessions": sessions}
        )
