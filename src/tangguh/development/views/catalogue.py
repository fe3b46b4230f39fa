"""The catalogue: the sessions of published programmes, searchable by every signed-in
role (operators and civil servants of any institution), on a desktop and a phone.

Each result says who organises it, the form, JP, mode, cost, dates, place and open
seats, and for the viewer's institution whether it may join and the quota left.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission, role_of
from tangguh.core.views import RestrictedView

from ..filters_catalogue import CatalogueFilter
from ..forms_programmes import organisers_for
from ..models import Programme, Session
from ..selectors_programmes import catalogue_sessions, viewer_seats

PAGE_SIZE = 20


class CatalogueView(RestrictedView):
    model = Session
    template_name = "development/catalogue/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = CatalogueFilter.for_page(request, catalogue_sessions(user=request.user))
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        sessions = list(page.object_list)
        seats = viewer_seats(sessions, getattr(request.user, "institution_id", None))
        for s in sessions:
            s.viewer = seats[s.pk]  # type: ignore[attr-defined]
            s.open_seats = max(s.capacity - s.enrolled, 0)  # type: ignore[attr-defined]
        query = request.GET.copy()
        query.pop("page", None)
        is_staff = role_of(request.user) != Role.CIVIL_SERVANT
        ctx = {
            "title": _("Development catalogue"),
            "form": filters.form,
            "sessions": sessions,
            "page": page,
            "count": page.paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(filters.applied()) and filters.applied() != {"when": "upcoming"},
            "active_filters": len(filters.applied()),
            "is_staff": is_staff,
            "may_manage": is_staff and has_permission(request.user, Programme, "add"),
            "may_add": is_staff and organisers_for(request.user).exists(),
        }
        return render(request, self.template_name, ctx)
