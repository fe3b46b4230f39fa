"""The dictionaries: the ones in force and their versions, a version's competencies, a
competency's five levels; the writers start a draft, add or edit its competencies and
publish it. Writes go through ``services_framework``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import Scope, scope_for
from tangguh.core.views import RestrictedView

from ..forms_framework import CompetencyForm, VersionNoteForm
from ..frameworks import version_label
from ..models import Competency, Framework, FrameworkVersion, VersionStatus
from ..selectors_framework import frameworks_for, in_force, text, version_competencies
from ..services_framework import (
    competency_add,
    competency_edit,
    draft_start,
    may_write,
    version_publish,
)


def _refused(form: Any, exc: DomainError) -> None:
    placed = False
    for problem in exc.errors:
        name = problem.get("field")
        if name in form.fields:
            form.add_error(name, str(problem["message"]))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _dictionary_name(framework: Framework) -> str:
    if framework.owner is None:
        return _("National dictionary")
    return _("Technical dictionary of %(institution)s") % {"institution": framework.owner.name}


def _writable_dictionary(user: Any) -> tuple[str, Any] | None:
    """Which dictionary ``user`` writes: ("national", None), ("own", institution), or None."""
    scope = scope_for(user, Framework, "change")
    if scope == Scope.ALL:
        return ("national", None)
    if scope == Scope.INSTITUTION and getattr(user, "institution_id", None):
        return ("own", user.institution)
    return None


class FrameworkView(RestrictedView):
    model = Framework

    def get(self, request: HttpRequest) -> HttpResponse:
        found = frameworks_for(request.user)
        writable = _writable_dictionary(request.user)
        blocks = []
        for framework in [found["national"], found["own"]]:
            if framework is None:
                continue
            versions = list(framework.versions.all())
            blocks.append(
                {
                    "framework": framework,
                    "name": _dictionary_name(framework),
                    "versions": versions,
                    "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
                    "may_write": may_write(request.user, framework, framework.owner_id),
                }
            )
        start_own = writable is not None and writable[0] == "own" and found["own"] is None
        competencies = in_force(request.user, getattr(request.user, "institution_id", None))
        ctx = {
            "title": _("Competency dictionary"),
            "blocks": blocks,
            "others": [
                {
                    "framework": f,
                    "published": next(
                        (v for v in f.versions.all() if v.status == VersionStatus.PUBLISHED), None
                    ),
                }
                for f in found["others"]
            ],
            "start_own": start_own,
            "rows": [{"c": c, "name": text(c, "name"), "version": c.version} for c in competencies],
            "current_url_name": "competencies:framework",
        }
        return render(request, "competencies/framework_list.html", ctx)


class VersionView(RestrictedView):
    model = FrameworkVersion

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(
            FrameworkVersion.objects.restrict(request.user, "view").select_related(
                "framework__owner", "published_by", "created_by"
            ),
            pk=pk,
        )
        return self.page(version, VersionNoteForm(initial={"note": version.note}))

    def page(self, version: FrameworkVersion, form: VersionNoteForm, status: int = 200):
        user = self.request.user
        writer = version.status == VersionStatus.DRAFT and may_write(
            user, version.framework, version.framework.owner_id
        )
        rows = [
            {
                "c": c,
                "name": text(c, "name"),
                "definition": text(c, "definition"),
                "complete": len([lv for lv in c.levels.all() if lv.description]) == 5,
            }
            for c in version_competencies(user, version)
        ]
        ctx = {
            "title": f"{_dictionary_name(version.framework)} · v{version.number}",
            "version": version,
            "dictionary": _dictionary_name(version.framework),
            "label": version_label(version),
            "rows": rows,
            "may_edit": writer,
            "form": form,
            "current_url_name": "competencies:framework",
        }
        return render(self.request, "competencies/framework_version.html", ctx, status=status)


class CompetencyView(RestrictedView):
    model = Competency

    def get(self, request: HttpRequest, pk: int, code: str) -> HttpResponse:
        competency = get_object_or_404(
            Competency.objects.restrict(request.user, "view").select_related(
                "version__framework__owner"
            ),
            version_id=pk,
            code=code,
        )
        version = competency.version
        levels = [
            {
                "level": lv.level,
                "description": text(lv, "description"),
                "indicators": text(lv, "indicators") or [],
            }
            for lv in competency.levels.order_by("level")
        ]
        ctx = {
            "title": f"{competency.code} {text(competency, 'name')}",
            "c": competency,
            "name": text(competency, "name"),
            "definition": text(competency, "definition"),
            "levels": levels,
            "version": version,
            "dictionary": _dictionary_name(version.framework),
            "may_edit": version.status == VersionStatus.DRAFT
            and may_write(request.user, version.framework, version.framework.owner_id),
            "current_url_name": "competencies:framework",
        }
        return render(request, "competencies/framework_competency.html", ctx)


class DraftStartView(RestrictedView):
    """POST: a draft of the next version of a dictionary (``dictionary`` = ``national``
    or the owning institution's code), copied from the published one."""

    model = FrameworkVersion
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        which = request.POST.get("dictionary", "")
        institution = None
        if which != "national":
            from tangguh.institutions.models import Institution

            institution = Institution.objects.filter(code=which).first()
            if institution is None:
                raise Http404
        try:
            draft = draft_start(
                institution=institution, note=request.POST.get("note", ""), actor=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("competencies:framework")
        messages.success(
            request,
            _("Version %(number)s is a draft: edit it, then publish it.")
            % {"number": draft.number},
        )
        return redirect("competencies:version", pk=draft.pk)


def _draft_for_writer(request: HttpRequest, pk: int) -> FrameworkVersion:
    version = get_object_or_404(
        FrameworkVersion.objects.restrict(request.user, "change").select_related(
            "framework__owner"
        ),
        pk=pk,
    )
    if not may_write(request.user, version.framework, version.framework.owner_id):
        raise Http404
    return version


class CompetencyAddView(RestrictedView):
    model = Competency
    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = _draft_for_writer(request, pk)
        national = version.framework.owner_id is None
        initial = {} if national else {"kind": "technical"}
        return self.page(version, CompetencyForm(initial=initial, national=national))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = _draft_for_writer(request, pk)
        form = CompetencyForm(request.POST, national=version.framework.owner_id is None)
        if not form.is_valid():
            return self.page(version, form, status=400)
        try:
            competency = competency_add(version=version, data=form.to_input(), actor=request.user)
        except DomainError as exc:
            _refused(form, exc)
            return self.page(version, form, status=400)
        messages.success(request, _("%(code)s is added to the draft.") % {"code": competency.code})
        return redirect("competencies:version", pk=version.pk)

    def page(self, version: FrameworkVersion, form: CompetencyForm, status: int = 200):
        ctx = {
            "title": _("New competency"),
            "version": version,
            "dictionary": _dictionary_name(version.framework),
            "form": form,
            "editing": None,
            "current_url_name": "competencies:framework",
        }
        return render(self.request, "competencies/framework_form.html", ctx, status=status)


class CompetencyEditView(RestrictedView):
    model = Competency
    action = "change"

    def _competency(self, request: HttpRequest, pk: int, code: str) -> Competency:
        version = _draft_for_writer(request, pk)
        return get_object_or_404(
            Competency.objects.restrict(request.user, "change").select_related(
                "version__framework__owner"
            ),
            version=version,
            code=code,
        )

    def get(self, request: HttpRequest, pk: int, code: str) -> HttpResponse:
        competency = self._competency(request, pk, code)
        national = competency.version.framework.owner_id is None
        form = CompetencyForm(
            initial=CompetencyForm.initial_for(competency), national=national, editing=True
        )
        return self.page(competency, form)

    def post(self, request: HttpRequest, pk: int, code: str) -> HttpResponse:
        competency = self._competency(request, pk, code)
        national = competency.version.framework.owner_id is None
        form = CompetencyForm(
            request.POST,
            initial=CompetencyForm.initial_for(competency),
            national=national,
            editing=True,
        )
        if not form.is_valid():
            return self.page(competency, form, status=400)
        try:
            competency_edit(competency=competency, data=form.to_input(), actor=request.user)
        except DomainError as exc:
            _refused(form, exc)
            return self.page(competency, form, status=400)
        messages.success(request, _("%(code)s is changed in the draft.") % {"code": code})
        return redirect("competencies:competency", pk=pk, code=code)

    def page(self, competency: Competency, form: CompetencyForm, status: int = 200):
        ctx = {
            "title": _("Edit %(code)s") % {"code": competency.code},
            "version": competency.version,
            "dictionary": _dictionary_name(competency.version.framework),
            "form": form,
            "editing": competency,
            "current_url_name": "competencies:framework",
        }
        return render(self.request, "competencies/framework_form.html", ctx, status=status)


class VersionPublishView(RestrictedView):
    model = FrameworkVersion
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = _draft_for_writer(request, pk)
        form = VersionNoteForm(request.POST)
        if not form.is_valid():
            return VersionView(request=request).page(version, form, status=400)
        try:
            version_publish(version=version, note=form.cleaned_data["note"], actor=request.user)
        except DomainError as exc:
            _refused(form, exc)
            return VersionView(request=request).page(version, form, status=400)
        messages.success(
            request,
            _("Version %(number)s is published and in force.") % {"number": version.number},
        )
        return redirect("competencies:version", pk=version.pk)


urlpatterns: list[URLPattern | URLResolver] = [
    path("kamus/", FrameworkView.as_view(), name="framework"),
    path("kamus/draf/", DraftStartView.as_view(), name="draft_start"),
    path("kamus/<int:pk>/", VersionView.as_view(), name="version"),
    path("kamus/<int:pk>/tambah/", CompetencyAddView.as_view(), name="competency_add"),
    path("kamus/<int:pk>/terbitkan/", VersionPublishView.as_view(), name="version_publish"),
    path("kamus/<int:pk>/<str:code>/", CompetencyView.as_view(), name="competency"),
    path("kamus/<int:pk>/<str:code>/ubah/", CompetencyEditView.as_view(), name="competency_edit"),
]
