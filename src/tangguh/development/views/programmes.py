"""Programme pages: my institution's programmes, one programme (its co-hosts, invited
institutions and sessions), create and change one, publish, close, add and remove
co-hosts and quotas.

Everyone signed in reads a published programme; a draft only the organiser's side.
The organiser's operators and administrators write. A refusal comes back on the page
as the service's sentence, and nothing is changed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import may, role_of
from tangguh.core.views import RestrictedView

from ..filters_catalogue import ProgrammeFilter
from ..forms_programmes import HostForm, ProgrammeForm, QuotaForm, organisers_for
from ..models import Access, Programme, ProgrammeHost, ProgrammeQuota, ProgrammeStatus, Session
from ..selectors_programmes import (
    my_programmes,
    programme_get,
    programme_hosts,
    programme_quotas,
    programme_sessions,
)
from ..services_programmes import (
    programme_close,
    programme_create,
    programme_host_remove,
    programme_host_set,
    programme_publish,
    programme_quota_remove,
    programme_quota_set,
    programme_update,
)

PAGE_SIZE = 50


class StaffOnlyMixin:
    """A page for staff: a civil servant finds programmes in the catalogue instead."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and role_of(request.user) == Role.CIVIL_SERVANT:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def form_refused(form: Any, exc: DomainError) -> None:
    """A service's refusal on the form: each field's problem on its field, the sentence on top."""
    placed = False
    for problem in exc.errors:
        field = problem.get("field")
        if field in form.fields:
            form.add_error(field, str(problem["message"]))
            placed = True
    if not placed or not exc.errors:
        form.add_error(None, str(exc.message))


def _programme(request: HttpRequest, pk: int) -> Programme:
    try:
        return programme_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _writable(request: HttpRequest, pk: int) -> Programme:
    """A programme the user may change (the organiser's side); 404 otherwise."""
    found = (
        Programme.objects.restrict(request.user, "change")
        .select_related("organiser", "form")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


class ProgrammeListView(StaffOnlyMixin, RestrictedView):
    model = Programme

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = ProgrammeFilter(request.GET, my_programmes(user=request.user), request=request)
        page = Paginator(filters.qs.order_by("title", "code"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "title": _("Our programmes"),
            "form": filters.form,
            "programmes": list(page.object_list),
            "page": page,
            "count": page.paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(filters.applied()),
            "active_filters": len(filters.applied()),
            "may_add": organisers_for(request.user).exists(),
        }
        return render(request, "development/programmes/list.html", ctx)


def render_programme(
    request: HttpRequest,
    programme: Programme,
    *,
    host_form: HostForm | None = None,
    quota_form: QuotaForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_change = may(user, Programme, "change", programme.organiser_id)
    open_for_changes = may_change and programme.status != ProgrammeStatus.CLOSED
    hosts = list(programme_hosts(user=user, programme=programme))
    quotas = list(programme_quotas(user=user, programme=programme))
    shares = sum((h.cost_share for h in hosts), Decimal(0))
    ctx = {
        "title": programme.title,
        "programme": programme,
        "hosts": hosts,
        "organiser_share": Decimal(100) - shares,
        "quotas": quotas,
        "sessions": list(programme_sessions(user=user, programme=programme)),
        "may_change": open_for_changes,
        "may_publish": may_change and programme.status == ProgrammeStatus.DRAFT,
        "may_close": may_change and programme.status == ProgrammeStatus.PUBLISHED,
        "may_add_session": open_for_changes and may(user, Session, "add", programme.organiser_id),
        "host_form": (host_form or HostForm()) if open_for_changes else None,
        "quota_form": (quota_form or QuotaForm())
        if open_for_changes and programme.access == Access.LISTED
        else None,
        "error": error,
    }
    return render(request, "development/programmes/detail.html", ctx, status=status)


class ProgrammeDetailView(RestrictedView):
    model = Programme

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_programme(request, _programme(request, pk))


class ProgrammeCreateView(StaffOnlyMixin, RestrictedView):
    model = Programme
    action = "add"
    template_name = "development/programmes/form.html"

    def organiser(self, request: HttpRequest) -> Any:
        institution = getattr(request.user, "institution", None)
        if institution is None or not may(request.user, Programme, "add", institution):
            raise PermissionDenied
        return institution

    def render_form(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        ctx = {
            "title": _("New programme"),
            "form": form,
            "programme": None,
            "organiser": self.organiser(request),
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(
            request,
            ProgrammeForm(
                initial={"mode": "in_person", "access": "own", "capacity": 30, "guests_pay": True}
            ),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        organiser = self.organiser(request)
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                programme = programme_create(
                    organiser=organiser,
                    data=form.details(),
                    competencies=form.competencies(),
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request,
                    _("The programme was created as a draft; publish it when it is ready."),
                )
                return redirect("development:programme", pk=programme.pk)
        return self.render_form(request, form, status=400)


class ProgrammeEditView(StaffOnlyMixin, RestrictedView):
    model = Programme
    action = "change"
    template_name = "development/programmes/form.html"

    def render_form(
        self, request: HttpRequest, programme: Programme, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Change %(title)s") % {"title": programme.title},
            "form": form,
            "programme": programme,
            "organiser": programme.organiser,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _writable(request, pk)
        form = ProgrammeForm(initial=ProgrammeForm.initial_from(programme))
        return self.render_form(request, programme, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _writable(request, pk)
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                programme_update(
                    programme=programme,
                    data=form.details(),
                    competencies=form.competencies(),
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The programme was changed."))
                return redirect("development:programme", pk=programme.pk)
        return self.render_form(request, programme, form, status=400)


class _ProgrammeActionView(StaffOnlyMixin, RestrictedView):
    model = Programme
    action = "change"
    http_method_names = ["post"]
    done_message = ""

    def act(self, programme: Programme) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _writable(request, pk)
        try:
            self.act(programme)
        except DomainError as exc:
            return render_programme(
                request, _programme(request, pk), error=str(exc.message), status=exc.status_code
            )
        messages.success(request, self.done_message)
        return redirect("development:programme", pk=programme.pk)


class ProgrammePublishView(_ProgrammeActionView):
    def act(self, programme: Programme) -> None:
        programme_publish(programme=programme, actor=self.request.user)
        self.done_message = _("The programme is published: it is in the catalogue.")


class ProgrammeCloseView(_ProgrammeActionView):
    def act(self, programme: Programme) -> None:
        programme_close(programme=programme, actor=self.request.user)
        self.done_message = _("The programme is closed: it takes no new sessions.")


class ProgrammeHostAddView(StaffOnlyMixin, RestrictedView):
    model = ProgrammeHost
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _writable(request, pk)
        form = HostForm(request.POST)
        if form.is_valid():
            try:
                programme_host_set(
                    programme=programme,
                    institution=form.cleaned_data["host_institution"],
                    cost_share=form.cleaned_data["cost_share"],
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The co-host was saved."))
                return redirect("development:programme", pk=programme.pk)
        return render_programme(request, programme, host_form=form, status=400)


class ProgrammeHostRemoveView(StaffOnlyMixin, RestrictedView):
    model = ProgrammeHost
    action = "delete"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, host: int) -> HttpResponse:
        programme = _writable(request, pk)
        found = (
            ProgrammeHost.objects.restrict(request.user, "delete")
            .select_related("programme", "institution")
            .filter(pk=host, programme=programme)
            .first()
        )
        if found is None:
            raise Http404
        try:
            programme_host_remove(host=found, actor=request.user)
        except DomainError as exc:
            return render_programme(request, programme, error=str(exc.message), status=400)
        messages.success(request, _("The co-host was removed."))
        return redirect("development:programme", pk=programme.pk)


class ProgrammeQuotaAddView(StaffOnlyMixin, RestrictedView):
    model = ProgrammeQuota
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = _writable(request, pk)
        form = QuotaForm(request.POST)
        if form.is_valid():
            try:
                programme_quota_set(
                    programme=programme,
                    institution=form.cleaned_data["quota_institution"],
                    seats=form.cleaned_data["seats"],
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The quota was saved."))
                return redirect("development:programme", pk=programme.pk)
        return render_programme(request, programme, quota_form=form, status=400)


class ProgrammeQuotaRemoveView(StaffOnlyMixin, RestrictedView):
    model = ProgrammeQuota
    action = "delete"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, quota: int) -> HttpResponse:
        programme = _writable(request, pk)
        found = (
            ProgrammeQuota.objects.restrict(request.user, "delete")
            .select_related("programme", "institution")
            .filter(pk=quota, programme=programme)
            .first()
        )
        if found is None:
            raise Http404
        try:
            programme_quota_remove(quota=found, actor=request.user)
        except DomainError as exc:
            return render_programme(request, programme, error=str(exc.message), status=400)
        messages.success(request, _("The invitation was withdrawn."))
        return redirect("development:programme", pk=programme.pk)
