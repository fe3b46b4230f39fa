"""The import of an institution's activities: the template, a check (dry run), then the
same file imported for real. The checked file waits in the default storage, named in
the uploader's session, for a day at most."""

from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportResult
from tangguh.core.importing.template import template_xlsx
from tangguh.core.views import RestrictedView

from ..activities_import import activities_summary, import_activities, may_import
from ..activities_import_spec import ACTIVITIES
from ..forms_activities import ImportForm
from ..models import Activity

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV = "development:activities"
PENDING_KEY = "development.activities.pending"
PENDING_DIR = "activities-imports"
PENDING_MAX_AGE = timedelta(days=1)
ERRORS_SHOWN = 1000


class _ImportBase(RestrictedView):
    model = Activity
    action = "change"  # the rows are approved by the importing officer

    def check(self) -> None:
        if not may_import(self.request.user):
            raise PermissionDenied


class ActivitiesImportView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.check()
        return self.page(ImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        self.check()
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        content = upload.read()
        try:
            result = import_activities(
                source=io.BytesIO(content), filename=name, actor=request.user, dry_run=True
            )
        except DomainError as exc:
            _forget(request)
            form.add_error("file", str(exc.message))
            return self.page(form, status=400)
        token = None
        if result.created and not result.file_rejected:
            token = _keep(request, content, name)
        else:
            _forget(request)
        return _render_result(request, result, name, token=token)

    def page(self, form: ImportForm, status: int = 200) -> HttpResponse:
        ctx = {"title": _("Import activities"), "form": form, "current_url_name": NAV}
        return render(self.request, "development/activities/import.html", ctx, status=status)


class ActivitiesImportConfirmView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("development:activities_import")

    def post(self, request: HttpRequest) -> HttpResponse:
        self.check()
        pending = _take(request, request.POST.get("token") or "")
        if pending is None:
            messages.error(
                request,
                _("This check was imported already, or it expired. Upload the file again."),
            )
            return redirect("development:activities_import")
        content, name = pending
        try:
            result = import_activities(
                source=io.BytesIO(content), filename=name, actor=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("development:activities_import")
        return _render_result(request, result, name, token=None)


class ActivitiesTemplateView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.check()
        notes = [
            _("One row per person and activity. NIP: 18 digits, as text."),
            _("Bentuk: the form's code: seminar, workshop, coaching, mentoring, e-learning, "
              "bimtek, kursus, belajar-mandiri, patok-banding, magang, detasering…"),
            _("Jumlah: days, sessions, occurrences or semesters, by the form's rule (empty: "
              "the days from the first to the last day)."),
            _("JP: the JP claimed (empty: what the conversion table allows). A claim above "
              "the rule refuses the row, and then the whole file."),
            _("Biaya: what the institution paid, in whole Rupiah (0 when nothing)."),
        ]  # fmt: skip
        content = template_xlsx(
            ACTIVITIES, sheet_title=_("Activities"), notes=notes, notes_title=_("Notes")
        )
        return as_attachment(HttpResponse(content, content_type=XLSX), _("activities"), "xlsx")


SUMMARY_KEYS = (
    ("total_rows", gettext_lazy("Rows read")),
    ("created", gettext_lazy("Recorded and approved")),
    ("rejected", gettext_lazy("Rejected")),
)


def _render_result(
    request: HttpRequest, result: ImportResult, name: str, *, token: str | None
) -> HttpResponse:
    counts = {**result.counts(), "total_rows": result.total_rows}
    ctx = {
        "title": _("Activities from %(name)s") % {"name": name},
        "file_name": name,
        "result": result,
        "summary": [(key, label, counts[key]) for key, label in SUMMARY_KEYS],
        "summary_text": activities_summary(result),
        "errors": result.errors[:ERRORS_SHOWN],
        "errors_hidden": max(result.errors_total - ERRORS_SHOWN, 0),
        "token": token,
        "current_url_name": NAV,
    }
    return render(request, "development/activities/import_result.html", ctx)


def _keep(request: HttpRequest, content: bytes, name: str) -> str:
    _forget(request)
    _sweep()
    token = uuid.uuid4().hex
    extension = os.path.splitext(name)[1].lower()[:8]
    path = default_storage.save(f"{PENDING_DIR}/{token}{extension}", ContentFile(content))
    request.session[PENDING_KEY] = {"token": token, "path": path, "name": name}
    return token


def _take(request: HttpRequest, token: str) -> tuple[bytes, str] | None:
    pending = request.session.get(PENDING_KEY) or {}
    if not token or pending.get("token") != token:
        return None
    try:
        with default_storage.open(pending["path"], "rb") as fh:
            content = fh.read()
    except FileNotFoundError:
        content = None
    _forget(request)
    return None if content is None else (content, pending["name"])


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending and pending.get("path"):
        default_storage.delete(pending["path"])


def _sweep() -> None:
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
