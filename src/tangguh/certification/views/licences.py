"""Assessor licences: the list (national: all; a province its tree; an assessor their own),
granting and revoking (the national administrator's)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from ..filters import LicenceFilter
from ..forms_schemes import LicenceGrantForm, ReasonForm
from ..models import AssessorLicence, Scheme
from ..selectors_schemes import licence_list, licence_state
from ..services_schemes import licence_grant, licence_revoke
from .schemes import StaffOnlyMixin, form_refused

PAGE_SIZE = 50
SLUG = re.compile(r"^[a-z0-9-]{1,32}$")  # a scheme code, or no lookup


class LicenceListView(StaffOnlyMixin, RestrictedView):
    model = AssessorLicence
    template_name = "certification/licences/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = LicenceFilter(request.GET, licence_list(user=request.user), request=request)
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for licence in rows:
            licence.state = licence_state(licence)  # type: ignore[attr-defined]
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "title": _("Assessor licences"),
            "form": filters.form,
            "licences": rows,
            "page": page,
            "count": page.paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(filters.applied()),
            "active_filters": len(filters.applied()),
            "may_grant": has_permission(request.user, AssessorLicence, "add"),
            "may_revoke": has_permission(request.user, AssessorLicence, "change"),
        }
        return render(request, self.template_name, ctx)


class LicenceGrantView(StaffOnlyMixin, RestrictedView):
    model = AssessorLicence
    action = "add"
    template_name = "certification/licences/grant.html"

    def render_form(
        self, request: HttpRequest, form: LicenceGrantForm, status: int = 200
    ) -> HttpResponse:
        ctx = {"title": _("Grant an assessor licence"), "form": form}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        code = request.GET.get("scheme", "")
        scheme = Scheme.objects.filter(code=code).first() if SLUG.match(code) else None
        if scheme is not None:
            initial["scheme"] = scheme.pk
        return self.render_form(request, LicenceGrantForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LicenceGrantForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                licence = licence_grant(
                    assessor=data["assessor"],
                    scheme=data["scheme"],
                    number=data["number"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request,
                    _("Licence %(number)s granted to %(name)s.")
                    % {"number": licence.number, "name": licence.assessor.display_name},
                )
                return redirect("certification:licences")
        return self.render_form(request, form, status=400)


class LicenceRevokeView(StaffOnlyMixin, RestrictedView):
    model = AssessorLicence
    action = "change"
    template_name = "certification/licences/revoke.html"

    def licence(self, pk: int) -> AssessorLicence:
        found = (
            AssessorLicence.objects.restrict(self.request.user, "change")
            .select_related("assessor", "scheme")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def render_form(
        self, request: HttpRequest, licence: AssessorLicence, form: ReasonForm, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Revoke licence %(number)s") % {"number": licence.number},
            "licence": licence,
            "form": form,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_form(request, self.licence(pk), ReasonForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        licence = self.licence(pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                licence_revoke(
                    licence=licence, reason=form.cleaned_data["reason"], actor=request.user
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request, _("Licence %(number)s revoked.") % {"number": licence.number}
                )
                return redirect("certification:licences")
        return self.render_form(request, licence, form, status=400)
