"""Scheme pages: the catalogue, one scheme (its versions, units and what each version
changed), a new scheme and a new version (the national administrator's).

Schemes are national reference data: every staff role reads them; a civil servant
sees their own scheme on "My certification" instead. Writes go through
``services_schemes``; a refusal comes back on the form as a sentence.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission, role_of
from tangguh.core.views import RestrictedView
from tangguh.people.models import PositionKind

from ..eligibility import targets_text
from ..filters import SchemeFilter
from ..forms_batches import organisers_for
from ..forms_schemes import SchemeCreateForm, SchemeVersionForm
from ..models import Scheme, SchemeVersion
from ..selectors_schemes import (
    FieldChange,
    scheme_get,
    scheme_list,
    scheme_versions,
    version_changes,
)
from ..services_schemes import scheme_create, scheme_set_active, scheme_version_publish


class StaffOnlyMixin:
    """A page for staff: a civil servant reads their own certification on its own page."""

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


class SchemeListView(StaffOnlyMixin, RestrictedView):
    model = Scheme
    template_name = "certification/schemes/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = SchemeFilter(request.GET, scheme_list(user=request.user), request=request)
        schemes = list(filters.qs)
        ctx = {
            "title": _("Certification schemes"),
            "form": filters.form,
            "schemes": schemes,
            "may_add": has_permission(request.user, Scheme, "add"),
            "filtered": bool(filters.applied()),
            "active_filters": len(filters.applied()),
        }
        return render(request, self.template_name, ctx)


def _scheme(request: HttpRequest, code: str) -> Scheme:
    try:
        return scheme_get(user=request.user, code=code)
    except ObjectDoesNotExist:
        raise Http404 from None


class SchemeDetailView(StaffOnlyMixin, RestrictedView):
    """One scheme: the version asked for (``?v=``, else the newest), its units, what it
    changed from the one before, and every version."""

    model = Scheme
    template_name = "certification/schemes/detail.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        scheme = _scheme(request, code)
        versions = scheme_versions(user=request.user, scheme=scheme)
        if not versions:
            raise Http404
        asked = request.GET.get("v", "")
        shown = next((v for v in versions if str(v.version) == asked), versions[0])
        index = versions.index(shown)
        previous = versions[index + 1] if index + 1 < len(versions) else None
        kinds = dict(PositionKind.choices)
        changes = version_changes(previous, shown) if previous else None
        ctx = {
            "title": shown.name,
            "scheme": scheme,
            "version": shown,
            "versions": versions,
            "is_latest": index == 0,
            "changes": changes,
            "changed_fields": [_shown_change(c) for c in changes.fields] if changes else [],
            "targets": targets_text(shown),
            "kinds": [kinds.get(k, k) for k in shown.target_position_kinds or []],
            "may_change": has_permission(request.user, Scheme, "change"),
            "may_add_batch": organisers_for(request.user).exists(),
        }
        return render(request, self.template_name, ctx)


def _shown(name: str, value: Any) -> str:
    if name == "target_position_kinds":
        kinds = dict(PositionKind.choices)
        value = [kinds.get(k, k) for k in value or []]
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _shown_change(change: FieldChange) -> dict[str, str]:
    """A changed field as the page shows it: its label, before and after in words."""
    label = getattr(SchemeVersion._meta.get_field(change.field), "verbose_name", change.field)
    return {
        "label": str(label)[:1].upper() + str(label)[1:],
        "before": _shown(change.field, change.before),
        "after": _shown(change.field, change.after),
    }


class SchemeCreateView(StaffOnlyMixin, RestrictedView):
    model = Scheme
    action = "add"
    template_name = "certification/schemes/form.html"

    def render_form(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        ctx = {"title": _("New certification scheme"), "form": form, "scheme": None}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(request, SchemeCreateForm(initial={"validity_years": 3}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SchemeCreateForm(request.POST)
        if form.is_valid():
            try:
                scheme = scheme_create(
                    code=form.cleaned_data["code"],
                    version_data=form.version_data(),
                    units=form.cleaned_data["units"],
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request, _("The scheme %(code)s was created.") % {"code": scheme.code.upper()}
                )
                return redirect("certification:scheme", code=scheme.code)
        return self.render_form(request, form, status=400)


class SchemeVersionCreateView(StaffOnlyMixin, RestrictedView):
    """A new version: the newest version's content to edit; publishing makes version n+1."""

    model = Scheme
    action = "change"
    template_name = "certification/schemes/form.html"

    def render_form(
        self, request: HttpRequest, scheme: Scheme, form: Any, status: int = 200
    ) -> HttpResponse:
        latest = scheme.versions.order_by("-version").first()
        ctx = {
            "title": _("New version of %(code)s") % {"code": scheme.code.upper()},
            "form": form,
            "scheme": scheme,
            "latest": latest,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        scheme = _scheme(request, code)
        latest = scheme.versions.order_by("-version").first()
        initial = SchemeVersionForm.initial_from(latest) if latest else {}
        return self.render_form(request, scheme, SchemeVersionForm(initial=initial))

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        scheme = _scheme(request, code)
        form = SchemeVersionForm(request.POST)
        if form.is_valid():
            try:
                version = scheme_version_publish(
                    scheme=scheme,
                    version_data=form.version_data(),
                    units=form.cleaned_data["units"],
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(n)s of %(code)s is published; batches made from now on use it.")
                    % {"n": version.version, "code": scheme.code.upper()},
                )
                return redirect("certification:scheme", code=scheme.code)
        return self.render_form(request, scheme, form, status=400)


class SchemeActiveView(StaffOnlyMixin, RestrictedView):
    """Open or close a scheme for new batches (POST ``is_active`` 1 or 0)."""

    model = Scheme
    action = "change"

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        scheme = _scheme(request, code)
        is_active = request.POST.get("is_active") == "1"
        scheme_set_active(scheme=scheme, is_active=is_active, actor=request.user)
        if is_active:
            messages.success(request, _("The scheme is open for new batches."))
        else:
            messages.success(request, _("The scheme is closed for new batches."))
        return redirect("certification:scheme", code=scheme.code)
