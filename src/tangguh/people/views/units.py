"""Work-unit screens: an institution's tree, the upload of a unit file, its confirmation.

Unit files are small, so the import runs in the request. A dry run keeps the file
(default storage, named in the uploader's session) until it is confirmed, replaced by
another check, or a day old; confirming imports that same file for real.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportResult
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView
from tangguh.institutions.models import Institution
from tangguh.people.exports_units import units_template_xlsx
from tangguh.people.forms import institutions_in_scope
from tangguh.people.forms_units import UnitImportForm, UnitInstitutionForm
from tangguh.people.models import WorkUnit
from tangguh.people.selectors_units import work_unit_tree
from tangguh.people.services_units import work_units_import, work_units_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_KEY = "people.units.pending"  # the session's checked file, waiting for confirmation
PENDING_DIR = "unit-imports"
PENDING_MAX_AGE = timedelta(days=1)
ERRORS_SHOWN = 1000
SUMMARY_KEYS = (
    ("total_rows", gettext_lazy("Rows read")),
    ("created", gettext_lazy("New")),
    ("updated", gettext_lazy("Updated")),
    ("unchanged", gettext_lazy("Unchanged")),
    ("skipped", gettext_lazy("Skipped")),
    ("rejected", gettext_lazy("Rejected")),
)


def importable_institutions(user: Any) -> QuerySet[Institution]:
    """The institutions whose work units ``user`` may import (add and change)."""
    adding = institutions_in_scope(user, WorkUnit, "add")
    changing = institutions_in_scope(user, WorkUnit, "change")
    return adding.filter(pk__in=changing.values("pk"))


class UnitTreeView(RestrictedView):
    """An institution's work units as a tree, with the upload form for those who import."""

    model = WorkUnit
    template_name = "people/units.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = institutions_in_scope(request.user, WorkUnit, "view")
        code = request.GET.get("institution") or ""
        if code:
            institution = visible.filter(code=code).first()
            if institution is None:
                raise Http404
        else:
            own = getattr(request.user, "institution_id", None)
            institution = (visible.filter(pk=own).first() if own else None) or visible.first()
        return render_tree(request, institution, visible)


def render_tree(
    request: HttpRequest,
    institution: Institution | None,
    visible: QuerySet[Institution] | None = None,
    *,
    form: UnitImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if visible is None:
        visible = institutions_in_scope(request.user, WorkUnit, "view")
    if form is None and institution is not None and has_permission(request.user, WorkUnit, "add"):
        # The upload goes into the tree shown, for those who may import it.
        importable = importable_institutions(request.user)
        if importable.filter(pk=institution.pk).exists():
            form = UnitImportForm(institutions=importable, initial_institution=institution)
    lines = work_unit_tree(user=request.user, institution=institution) if institution else []
    ctx = {
        "title": _("Work units"),
        "institution": institution,
        "chooser": (
            UnitInstitutionForm(
                initial={"institution": institution.code if institution else None},
                institutions=visible,
            )
            if visible.count() > 1
            else None
        ),
        "lines": lines,
        "form": form,
    }
    return render(request, "people/units.html", ctx, status=status)


class UnitImportView(RestrictedView):
    """The upload: a dry run (kept for confirmation) or the import itself, in the request."""

    model = WorkUnit
    action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        importable = importable_institutions(request.user)
        form = UnitImportForm(request.POST, request.FILES, institutions=importable)
        chosen = importable.filter(code=request.POST.get("institution") or "").first()
        if not form.is_valid():
            return render_tree(request, chosen, form=form, status=400)
        institution = form.cleaned_data["institution"]
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        strict = form.cleaned_data["strict"]
        name = os.path.basename(upload.name or "")
        stored = _keep(request, upload, institution, name, strict) if dry_run else None
        try:
            result = work_units_import(
                source=upload,
                filename=name,
                institution=institution,
                actor=request.user,
                dry_run=dry_run,
                strict=strict,
            )
        except DomainError as exc:  # the file as a whole cannot be imported
            _forget(request)
            form.add_error(None, str(exc.message))
            return render_tree(request, institution, form=form, status=400)
        confirmable = bool(result.created or result.updated) and not result.file_rejected
        if stored is not None and not confirmable:
            _forget(request)
            stored = None
        return render_result(request, institution, result, name, token=stored)


class UnitImportConfirmView(RestrictedView):
    """After a good dry run: the same stored file, imported for real."""

    model = WorkUnit
    action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(PENDING_KEY) or {}
        token = request.POST.get("token") or ""
        if not token or pending.get("token") != token:
            messages.error(
                request,
                _(
                    "This check was imported already, or it expired. Upload the file again to "
                    "check it."
                ),
            )
            return redirect("people:units")
        institution = Institution.objects.filter(pk=pending["institution"]).first()
        if institution is None or not importable_institutions(request.user).filter(
            pk=institution.pk
        ):
            raise PermissionDenied
        try:
            with default_storage.open(pending["path"], "rb") as fh:
                result = work_units_import(
                    source=fh,
                    filename=pending["name"],
                    institution=institution,
                    actor=request.user,
                    dry_run=False,
                    strict=pending["strict"],
                )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(f"{reverse('people:units')}?institution={institution.code}")
        finally:
            _forget(request)
        return render_result(request, institution, result, pending["name"], token=None)


def render_result(
    request: HttpRequest,
    institution: Institution,
    result: ImportResult,
    name: str,
    *,
    token: str | None,
) -> HttpResponse:
    counts = result.counts()
    ctx = {
        "title": _("Work units from %(name)s") % {"name": name},
        "institution": institution,
        "file_name": name,
        "result": result,
        "summary": [(key, label, counts[key]) for key, label in SUMMARY_KEYS],
        "summary_text": work_units_summary(result),
        "errors": result.errors[:ERRORS_SHOWN],
        "errors_hidden": max(result.errors_total - ERRORS_SHOWN, 0),
        "token": token,
    }
    return render(request, "people/units_result.html", ctx)


def _keep(
    request: HttpRequest, upload: Any, institution: Institution, name: str, strict: bool
) -> str:
    """Store the checked file for its confirmation (one per session); its token."""
    _forget(request)
    _sweep()
    token = uuid.uuid4().hex
    extension = os.path.splitext(name)[1].lower()
    path = default_storage.save(f"{PENDING_DIR}/{token}{extension}", upload)
    upload.seek(0)
    request.session[PENDING_KEY] = {
        "token": token,
        "path": path,
        "name": name,
        "institution": institution.pk,
        "strict": strict,
    }
    return token


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending and pending.get("path"):
        default_storage.delete(pending["path"])


def _sweep() -> None:
    """Delete checked files nobody confirmed within a day."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    oldest = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < oldest:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


class UnitTemplateView(RestrictedView):
    """The empty workbook with the columns the work-unit import reads."""

    model = WorkUnit
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(units_template_xlsx(), content_type=XLSX)
        return as_attachment(response, _("work-units-template"), "xlsx")
