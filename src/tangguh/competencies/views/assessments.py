"""Assessments: the list with its filters, one assessment with its void, recording one on
the form (with evidence), the evidence download, and the batch import (template,
check, confirm). Writes go through ``services_assessments`` and ``assessments_import``;
a refusal comes back on its field as a sentence."""

from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.importing import ParseError
from tangguh.core.importing.results import ImportResult
from tangguh.core.importing.template import template_xlsx
from tangguh.core.scoping import Scope, scope_for
from tangguh.core.views import RestrictedView
from tangguh.development.evidence import content_type_of
from tangguh.people.models import Employee
from tangguh.people.parsing.nip import normalize_nip

from ..assessments_import import assessments_summary, import_assessments, may_import
from ..assessments_import_spec import ASSESSMENTS
from ..filters_assessments import AssessmentFilter
from ..forms_assessments import AssessmentForm, ImportForm, VoidForm
from ..frameworks import current_competencies
from ..models import Assessment, AssessmentStatus
from ..selectors_assessments import assessment_get, assessment_list, counts_in_profile
from ..services_assessments import (
    AssessmentInput,
    assessment_record,
    assessment_void,
    may_record,
    may_void,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV = "competencies:assessments"
PAGE_SIZE = 50
ERRORS_SHOWN = 1000
NOBODY = gettext_lazy("No civil servant of your institution has this NIP.")


def _staff_adds(user: Any) -> bool:
    return scope_for(user, Assessment, "add") not in (None, Scope.SELF)


class _StaffView(RestrictedView):
    """Staff pages: a civil servant reads their own profile on "My competencies"."""

    model = Assessment

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and scope_for(request.user, Assessment, "view") in (
            None,
            Scope.SELF,
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AssessmentListView(_StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = AssessmentFilter(request.GET, assessment_list(user=request.user), request=request)
        paginator = Paginator(filters.qs, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        if rows:
            audit_read(
                action="competencies.assessment_list",
                request=request,
                nips=[a.nip for a in rows],
                institution_ids=[a.institution_id for a in rows],
            )
        query = request.GET.copy()
        query.pop("page", None)
        applied = filters.applied()
        filters.is_valid()
        ctx = {
            "title": _("Competency assessments"),
            "form": filters.form,
            "assessments": rows,
            "page": page,
            "count": paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(applied),
            "active_filters": len(applied),
            "may_add": _staff_adds(request.user),
            "current_url_name": NAV,
        }
        template = "competencies/assessments_list.html"
        if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
            template = "competencies/assessments_results.html"
        return render(request, template, ctx)


def _person_for(request: HttpRequest, raw: str) -> Employee:
    refused = DomainError(NOBODY, errors=[{"field": "nip", "message": str(NOBODY)}])
    try:
        nip = normalize_nip(raw)
    except ParseError:
        raise refused from None
    person = Employee.objects.restrict(request.user, "view").filter(nip=nip).first()
    if person is None or not may_record(request.user, person):
        raise refused
    return person


def _refused_on(form: Any, exc: DomainError) -> None:
    placed = False
    for problem in exc.errors:
        field = problem.get("field")
        if field in form.fields:
            form.add_error(field, str(problem["message"]))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class AssessmentCreateView(RestrictedView):
    """Record one assessment (operators, administrators and assessors of the institution)."""

    model = Assessment
    action = "add"

    def competencies(self) -> list[Any]:
        return list(
            current_competencies(getattr(self.request.user, "institution_id", None)).values()
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if not _staff_adds(request.user):
            raise PermissionDenied
        form = AssessmentForm(competencies=self.competencies(), initial=request.GET.dict())
        return self.page(form)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not _staff_adds(request.user):
            raise PermissionDenied
        form = AssessmentForm(request.POST, request.FILES, competencies=self.competencies())
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            person = _person_for(request, data["nip"])
            assessor_nip = ""
            if data.get("assessor_nip"):
                try:
                    assessor_nip = normalize_nip(data["assessor_nip"])
                except ParseError:
                    raise DomainError(
                        _("Type the assessor's 18-digit NIP."),
                        errors=[{"field": "assessor_nip",
                                 "message": _("Type the assessor's 18-digit NIP.")}],
                    ) from None  # fmt: skip
            assessment = assessment_record(
                employee=person,
                data=AssessmentInput(
                    competency=data["competency"],
                    level=data["level"],
                    assessed_on=data["assessed_on"],
                    method=data["method"],
                    assessor_nip=assessor_nip,
                    assessor_name=data.get("assessor_name") or "",
                    evidence_url=data.get("evidence_url") or "",
                    note=data.get("note") or "",
                ),
                evidence=data.get("evidence"),
                actor=request.user,
            )
        except DomainError as exc:
            _refused_on(form, exc)
            return self.page(form, status=400)
        messages.success(request, _("The assessment is recorded; the person's profile is updated."))
        return redirect("competencies:assessment", pk=assessment.pk)

    def page(self, form: AssessmentForm, status: int = 200) -> HttpResponse:
        ctx = {"title": _("Record an assessment"), "form": form, "current_url_name": NAV}
        return render(self.request, "competencies/assessments_new.html", ctx, status=status)


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    try:
        return assessment_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


class AssessmentDetailView(_StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(_assessment(request, pk), VoidForm())

    def page(self, assessment: Assessment, form: VoidForm, status: int = 200) -> HttpResponse:
        request = self.request
        if getattr(request.user, "nip", "") != assessment.nip:
            audit_read(
                action="competencies.assessment_view",
                request=request,
                nips=[assessment.nip],
                institution=assessment.institution_id,
                target=assessment,
            )
        ctx = {
            "title": _("Assessment"),
            "assessment": assessment,
            "counts": assessment.status == AssessmentStatus.VALID and counts_in_profile(assessment),
            "form": form,
            "may_void": assessment.status == AssessmentStatus.VALID
            and may_void(request.user, assessment),
            "current_url_name": NAV,
        }
        return render(request, "competencies/assessments_detail.html", ctx, status=status)


class AssessmentVoidView(AssessmentDetailView):
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("competencies:assessment", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = _assessment(request, pk)
        form = VoidForm(request.POST)
        if not form.is_valid():
            return self.page(assessment, form, status=400)
        try:
            assessment_void(
                assessment=assessment, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as exc:
            _refused_on(form, exc)
            return self.page(assessment, form, status=400)
        messages.success(request, _("The assessment is void; the person's profile is updated."))
        return redirect("competencies:assessment", pk=pk)


class AssessmentEvidenceView(_StaffView):
    """The evidence file, to those who may read the assessment, always as a download."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:  # type: ignore[override]
        assessment = _assessment(request, pk)
        if not assessment.evidence:
            raise Http404
        try:
            handle = assessment.evidence.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        head = handle.read(16)
        handle.seek(0)
        if getattr(request.user, "nip", "") != assessment.nip:
            audit_read(
                action="competencies.assessment_evidence",
                request=request,
                nips=[assessment.nip],
                institution=assessment.institution_id,
                target=assessment,
            )
        ext = os.path.splitext(assessment.evidence.name or "")[1] or ".bin"
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"bukti-asesmen-{assessment.pk}{ext}",
            content_type=content_type_of(head),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- the batch import ------------------------------------------------------------------

PENDING_KEY = "competencies.assessments.pending"
PENDING_DIR = "assessments-imports"
PENDING_MAX_AGE = timedelta(days=1)


class _ImportBase(RestrictedView):
    model = Assessment
    action = "add"

    def institution(self) -> Any:
        user = self.request.user
        institution = getattr(user, "institution", None)
        if institution is None or not _staff_adds(user) or not may_import(user, institution):
            raise PermissionDenied
        return institution


class AssessmentsImportView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.institution()
        return self.page(ImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = self.institution()
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        content = upload.read()
        try:
            result = import_assessments(
                source=io.BytesIO(content), filename=name, institution=institution,
                actor=request.user, dry_run=True,
            )  # fmt: skip
        except DomainError as exc:
            _forget_pending(request)
            form.add_error("file", str(exc.message))
            return self.page(form, status=400)
        token = None
        if result.created and not result.file_rejected:
            token = _keep_pending(request, content, name)
        else:
            _forget_pending(request)
        return _render_result(request, result, name, token=token)

    def page(self, form: ImportForm, status: int = 200) -> HttpResponse:
        ctx = {"title": _("Import assessments"), "form": form, "current_url_name": NAV}
        return render(self.request, "competencies/assessments_import.html", ctx, status=status)


class AssessmentsImportConfirmView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("competencies:assessments_import")

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = self.institution()
        pending = _take_pending(request, request.POST.get("token") or "")
        if pending is None:
            messages.error(
                request,
                _("This check was imported already, or it expired. Upload the file again."),
            )
            return redirect("competencies:assessments_import")
        content, name = pending
        try:
            result = import_assessments(
                source=io.BytesIO(content), filename=name, institution=institution,
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("competencies:assessments_import")
        return _render_result(request, result, name, token=None)


class AssessmentsTemplateView(_ImportBase):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.institution()
        notes = [
            _("One row per person, competency and assessment. NIP: 18 digits, as text."),
            _("Kode Kompetensi: as the dictionary writes it, e.g. M.01, S.01, P.01, or your "
              "institution's technical codes."),
            _("Level: a whole number from 1 to 5. Tanggal Asesmen: not in the future."),
            _("Metode: assessment-centre, competency-test, certification, 360, supervisor or "
              "self."),
            _("NIP Asesor: never the person's own NIP, except in a self-assessment."),
            _("If any row is bad, nothing is imported: correct it and upload again."),
        ]  # fmt: skip
        content = template_xlsx(
            ASSESSMENTS, sheet_title=_("Assessments"), notes=notes, notes_title=_("Notes")
        )
        return as_attachment(HttpResponse(content, content_type=XLSX), _("assessments"), "xlsx")


SUMMARY_KEYS = (
    ("total_rows", gettext_lazy("Rows read")),
    ("created", gettext_lazy("Recorded")),
    ("rejected", gettext_lazy("Rejected")),
)


def _render_result(
    request: HttpRequest, result: ImportResult, name: str, *, token: str | None
) -> HttpResponse:
    counts = {**result.counts(), "total_rows": result.total_rows}
    ctx = {
        "title": _("Assessments from %(name)s") % {"name": name},
        "file_name": name,
        "result": result,
        "summary": [(key, label, counts[key]) for key, label in SUMMARY_KEYS],
        "summary_text": assessments_summary(result),
        "errors": result.errors[:ERRORS_SHOWN],
        "errors_hidden": max(result.errors_total - ERRORS_SHOWN, 0),
        "token": token,
        "current_url_name": NAV,
    }
    return render(request, "competencies/assessments_import_result.html", ctx)


# The checked file waits in the default storage, named in the uploader's session, for a
# day at most (as the activities' import keeps its own).
def _keep_pending(request: HttpRequest, content: bytes, name: str) -> str:
    _forget_pending(request)
    _sweep()
    token = uuid.uuid4().hex
    extension = os.path.splitext(name)[1].lower()[:8]
    stored = default_storage.save(f"{PENDING_DIR}/{token}{extension}", ContentFile(content))
    request.session[PENDING_KEY] = {"token": token, "path": stored, "name": name}
    return token


def _take_pending(request: HttpRequest, token: str) -> tuple[bytes, str] | None:
    pending = request.session.get(PENDING_KEY) or {}
    if not token or pending.get("token") != token:
        return None
    try:
        with default_storage.open(pending["path"], "rb") as fh:
            content = fh.read()
    except FileNotFoundError:
        content = None
    _forget_pending(request)
    return None if content is None else (content, pending["name"])


def _forget_pending(request: HttpRequest) -> None:
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
        stored = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(stored) < oldest:
                default_storage.delete(stored)
        except (FileNotFoundError, NotImplementedError):
            continue


urlpatterns: list[URLPattern | URLResolver] = [
    path("asesmen/", AssessmentListView.as_view(), name="assessments"),
    path("asesmen/baru/", AssessmentCreateView.as_view(), name="assessment_create"),
    path("asesmen/<int:pk>/", AssessmentDetailView.as_view(), name="assessment"),
    path("asesmen/<int:pk>/batal/", AssessmentVoidView.as_view(), name="assessment_void"),
    path("asesmen/<int:pk>/bukti/", AssessmentEvidenceView.as_view(), name="assessment_evidence"),
    path("asesmen/impor/", AssessmentsImportView.as_view(), name="assessments_import"),
    path(
        "asesmen/impor/konfirmasi/",
        AssessmentsImportConfirmView.as_view(),
        name="assessments_import_confirm",
    ),
    path(
        "asesmen/impor/templat.xlsx",
        AssessmentsTemplateView.as_view(),
        name="assessments_template",
    ),
]
