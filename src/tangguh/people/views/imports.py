"""Import screens: upload -> dry run -> summary and problems -> import -> final summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.guard import upload_limits
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView
from tangguh.people import exports, selectors, services, services_import
from tangguh.people.forms import ImportUploadForm, institutions_in_scope
from tangguh.people.models import ImportIssue, ImportJob, ImportStatus

from .import_preview import confirm_question, preview_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ISSUES_PER_PAGE = 100
RECENT_JOBS = 20
# The counters of a result, in the order the summary shows them.
SUMMARY_KEYS = (
    ("total_rows", gettext_lazy("Rows read")),
    ("created", gettext_lazy("New")),
    ("updated", gettext_lazy("Updated")),
    ("unchanged", gettext_lazy("Unchanged")),
    ("transfers_pending", gettext_lazy("Transfers pending")),
    ("skipped", gettext_lazy("Skipped")),
    ("rejected", gettext_lazy("Rejected")),
)


def _attachment(content: bytes, stem: Any, *, key: Any = "") -> HttpResponse:
    return as_attachment(HttpResponse(content, content_type=XLSX), stem, "xlsx", key=key)


def report_response(job: ImportJob) -> HttpResponseBase:
    """A job's error report: the file stored when the job ended (built once, now, for a
    job that ended without one), never the upload parsed again per download. While the
    job runs: what is known so far (nothing to read from the upload yet)."""
    stem = gettext_lazy("import-problems")
    stored = services_import.import_job_report(job=job)
    if stored is None:
        return _attachment(exports.import_error_report_xlsx(job=job), stem, key=job.pk)
    response = FileResponse(stored.open("rb"), content_type=XLSX)
    return as_attachment(response, stem, "xlsx", key=job.pk)


class ImportView(RestrictedView):
    """The upload form and the recent imports of the user's institutions."""

    model = ImportJob
    template_name = "people/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not has_permission(request.user, ImportJob, "add"):
            raise PermissionDenied
        form = self._form(data=request.POST, files=request.FILES)
        if form is None:
            raise PermissionDenied
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            job = services.import_job_create(
                uploaded_file=form.cleaned_data["file"],
                institution=form.cleaned_data["institution"],
                actor=request.user,
                dry_run=True,
                strict=form.cleaned_data["strict"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self._render(form, status=400)
        return redirect("people:import-job", pk=job.pk)

    def _form(self, **kwargs: Any) -> ImportUploadForm | None:
        if not has_permission(self.request.user, ImportJob, "add"):
            return None
        institutions = institutions_in_scope(self.request.user, ImportJob, "add")
        return ImportUploadForm(institutions=institutions, user=self.request.user, **kwargs)

    def _render(self, form: ImportUploadForm | None, status: int = 200) -> HttpResponse:
        # Not their results: a dry run's holds its preview (up to a few hundred rows).
        jobs = (
            selectors.import_job_list(user=self.request.user)
            .select_related("institution", "created_by")
            .defer("result")
        )
        ctx = {
            "title": _("Import civil servants"),
            "form": form,
            "jobs": jobs[:RECENT_JOBS],
            "max_bytes": upload_limits(),
        }
        return render(self.request, self.template_name, ctx, status=status)


class ImportJobMixin:
    model = ImportJob

    def job(self, pk: int, action: str = "view") -> ImportJob:
        qs = ImportJob.objects.restrict(self.request.user, action)  # type: ignore[attr-defined]
        qs = qs.select_related("institution", "created_by")
        # A running job whose worker is gone is failed as soon as someone looks at it.
        return services_import.import_job_refresh(get_object_or_404(qs, pk=pk))


def job_context(job: ImportJob) -> dict[str, Any]:
    result = job.result or {}
    finished = job.status in (ImportStatus.DONE, ImportStatus.FAILED)
    done = job.status == ImportStatus.DONE
    # A failed job read no rows: no counts, no problems (its message says why).
    summary = [(key, label, result.get(key, 0)) for key, label in SUMMARY_KEYS] if done else []
    usable = (
        result.get("created", 0) + result.get("updated", 0) + result.get("transfers_pending", 0)
    )
    confirmed = ImportJob.objects.filter(dry_run_job=job).first() if job.dry_run else None
    return {
        "job": job,
        "finished": finished,
        "summary": summary,
        "ignored_columns": result.get("ignored_columns") or [],
        "confirmed_import": confirmed,
        "can_confirm": (
            job.dry_run and job.status == ImportStatus.DONE and usable > 0 and confirmed is None
        ),
        "can_retry": job.status == ImportStatus.FAILED,
        "done": done,
        "preview": preview_context(result) if job.dry_run and done else None,
        "confirm_question": confirm_question(result) if job.dry_run and done else "",
        # After a real import: the list of the people it created or updated.
        "touched": not job.dry_run and done and (result.get("created") or result.get("updated")),
    }


class ImportJobView(ImportJobMixin, RestrictedView):
    template_name = "people/import_job.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk)
        ctx = job_context(job)
        issues = (
            ImportIssue.objects.restrict(request.user, "view").filter(job=job).order_by("row", "id")
        )
        page = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        shown = {issue.row for issue in page}
        if shown:
            # The problems quote the uploaded cells (personal data): an attributable read.
            audit_read(
                request=request,
                action="people.import.errors",
                target=job,
                institution=job.institution_id,
                count=len(shown),
            )
        ctx.update(
            {
                "title": _("Import of %(name)s") % {"name": job.original_name},
                "issues": page,
                "may_import": has_permission(request.user, ImportJob, "add"),
            }
        )
        return render(request, self.template_name, ctx)


class ImportProgressView(ImportJobMixin, RestrictedView):
    """The small live part of the job page, polled every second while the job runs."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk)
        response = render(request, "people/_import_progress.html", job_context(job))
        if request.htmx and job.status in (ImportStatus.DONE, ImportStatus.FAILED):  # type: ignore[attr-defined]
            # Done: reload the page once to show the summary and the problems.
            response["HX-Refresh"] = "true"
        return response


class ImportConfirmView(ImportJobMixin, RestrictedView):
    """After a good dry run: import the same file for real, as a background job."""

    action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk, "add")
        try:
            real = services.import_job_confirm(job=job, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("people:import-job", pk=job.pk)
        return redirect("people:import-job", pk=real.pk)


class ImportRetryView(ImportJobMixin, RestrictedView):
    """A failed job, again: a new attempt with the same stored file."""

    action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk, "add")
        try:
            services.import_job_retry(job=job, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect("people:import-job", pk=job.pk)


class ImportErrorsView(ImportJobMixin, RestrictedView):
    """Every problem of a job as a workbook: row, column, value, problem."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = self.job(pk)
        # The report quotes the uploaded rows (personal data): an attributable read.
        audit_read(
            request=request,
            action="people.import.errors",
            target=job,
            institution=job.institution_id,
            count=job.issues.values("row").distinct().count(),
        )
        return report_response(job)


class ImportTemplateView(RestrictedView):
    """The empty workbook with the columns the import reads."""

    model = ImportJob
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _attachment(exports.import_template_xlsx(), gettext_lazy("civil-servants-template"))
