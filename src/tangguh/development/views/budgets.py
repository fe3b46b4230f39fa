"""Budgets per institution and fiscal year: the lists (an institution and those below
it, the nation by province), a budget's page with its realisation, the revisions
entered and decided, the budget sheet's import, the XLSX export.

Reads go through ``selectors_budgets`` (the reader's scope), writes through
``services_budgets`` / ``budgets_import``. Budget sheets are small, so the import runs
in the request; a dry run keeps the file (default storage, named in the uploader's
session) until it is confirmed or a day old.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.importing.results import ImportResult
from tangguh.core.importing.template import template_xlsx
from tangguh.core.scoping import may
from tangguh.core.views import RestrictedView
from tangguh.institutions.models import Institution

from .. import selectors_budgets as budgets
from ..budgets_import import budgets_import, budgets_import_summary
from ..budgets_import_spec import BUDGETS
from ..exports_budgets import XLSX, budgets_xlsx
from ..forms_budgets import BudgetImportForm, DecisionForm, RevisionForm, add_domain_errors
from ..models import Budget, BudgetRevision, RevisionStatus
from ..realisation import PieceKind
from ..services_budgets import (
    FIRST_YEAR,
    budget_revision_approve,
    budget_revision_reject,
    budget_revision_submit,
    last_year,
)

PENDING_KEY = "development.budgets.pending"
PENDING_DIR = "budget-imports"
PENDING_MAX_AGE = timedelta(days=1)
PIECES_SHOWN = 10
PIECE_LABELS = {
    PieceKind.ORGANISER: gettext_lazy("Sessions organised"),
    PieceKind.CO_HOST: gettext_lazy("Share as co-host"),
    PieceKind.GUEST_FEES: gettext_lazy("Seats of our people as guests"),
    PieceKind.ACTIVITY: gettext_lazy("Activities paid"),
}


def _year(request: HttpRequest) -> int:
    """The year asked (``?tahun=``), else the current one; a year far outside is a 404."""
    raw = request.GET.get("tahun") or ""
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if raw and year is None:
        raise Http404
    year = year or timezone.localdate().year
    _check_year(year)
    return year


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= last_year():
        raise Http404


def _year_choices(selected: int) -> list[int]:
    return list(range(last_year(), max(FIRST_YEAR, selected - 8) - 1, -1))


def _millions(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value) / 1_000_000, 1)


def _chart(
    chart_id: str, title: str, categories: list[str], series: list[tuple[str, list]]
) -> dict:
    return {
        "id": chart_id,
        "title": title,
        "horizontal": len(categories) > 6,
        "percent": False,
        "categories": categories,
        "series": [{"name": name, "data": data} for name, data in series],
    }


def _figures_chart(chart_id: str, title: str, rows: list[budgets.BudgetFigures]) -> dict:
    return _chart(
        chart_id,
        title,
        [f.institution.short_name or f.institution.name for f in rows],
        [
            (_("Allocation"), [_millions(f.development_allocation) for f in rows]),
            (_("Realisation"), [_millions(f.realisation) for f in rows]),
        ],
    )


class BudgetView(RestrictedView):
    model = Budget


# --- lists ---------------------------------------------------------------------------


class BudgetListView(BudgetView):
    """An institution's budget and those of the institutions below it, for a year."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        code = request.GET.get("instansi")
        if not code and budgets.reads_nationally(request.user):
            # The national administrator and auditor start from the nation by province.
            return redirect(f"{reverse('development:budgets_national')}?tahun={year}")
        root = budgets.list_root(user=request.user, code=code)
        rows = (
            budgets.figures_for(budgets.institution_and_below(user=request.user, root=root), year)
            if root is not None
            else []
        )
        with_budget = [f for f in rows if f.allocation is not None or f.realisation]
        ctx = {
            "title": _("Budgets"),
            "year": year,
            "years": _year_choices(year),
            "root": root,
            "rows": rows,
            "nationally": budgets.reads_nationally(request.user),
            "may_import": may(request.user, BudgetRevision, "add", root) if root else False,
            "charts": [
                _figures_chart(
                    "chart-budgets", _("Allocation and realisation (Rp million)"), with_budget
                )
            ]
            if with_budget
            else [],
        }
        return render(request, "development/budgets/list.html", ctx)


class BudgetNationalView(BudgetView):
    """Every province (its own budget, its regencies' and cities' summed) and the central
    institutions, over what the reader may read."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        provinces, central = budgets.national(user=request.user, year=year)
        shown = [row for row in provinces if row.figures.allocation is not None]
        ctx = {
            "title": _("Budgets nationally"),
            "year": year,
            "years": _year_choices(year),
            "provinces": provinces,
            "central": central,
            "partial": not budgets.reads_nationally(request.user),
            "charts": [
                _figures_chart(
                    "chart-provinces",
                    _("Provincial governments: allocation and realisation (Rp million)"),
                    [row.figures for row in shown],
                )
            ]
            if shown
            else [],
        }
        return render(request, "development/budgets/national.html", ctx)


class BudgetExportView(BudgetView):
    """The list's rows as XLSX (the same institution and year as the page)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        code = request.GET.get("instansi")
        if not code and budgets.reads_nationally(request.user):
            # As the national page: every provincial government, then the central ones.
            provinces, central = budgets.national(user=request.user, year=year)
            rows = [row.figures for row in provinces] + central
            key = "nasional"
        else:
            root = budgets.list_root(user=request.user, code=code)
            rows = (
                budgets.figures_for(
                    budgets.institution_and_below(user=request.user, root=root), year
                )
                if root is not None
                else []
            )
            key = root.code if root is not None else ""
        response = HttpResponse(budgets_xlsx(rows, year=year), content_type=XLSX)
        return as_attachment(response, _("budgets"), "xlsx", key=f"{key}-{year}")


# --- one budget ----------------------------------------------------------------------


class BudgetDetailView(BudgetView):
    """One institution's budget for a year: figures, realisation, plan, revisions, chart."""

    def get(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        _check_year(year)
        institution = budgets.budget_institution(user=request.user, code=code)
        figures = budgets.budget_figures(user=request.user, institution=institution, year=year)
        revisions = list(
            budgets.revisions_of(user=request.user, institution=institution, year=year)
        )
        history = budgets.history(institution, year)
        user = request.user
        may_decide = may(user, BudgetRevision, "change", institution)
        ctx = {
            "title": _("Budget %(name)s, fiscal year %(year)s")
            % {"name": institution.name, "year": year},
            "institution": institution,
            "year": year,
            "years": _year_choices(year),
            # The list the budget is a line of: its province's, when the reader reads it.
            "list_code": institution.parent.code
            if institution.parent is not None and budgets.may_read(user, institution.parent)
            else institution.code,
            "f": figures,
            "breakdown": [
                (PIECE_LABELS[kind], amount) for kind, amount in figures.realised.by_kind().items()
            ],
            "pieces": figures.realised.pieces[:PIECES_SHOWN],
            "pieces_hidden": max(len(figures.realised.pieces) - PIECES_SHOWN, 0),
            "piece_labels": PIECE_LABELS,
            "revisions": [
                (r, may_decide and r.status == RevisionStatus.SUBMITTED, r.entered_by_id == user.pk)
                for r in revisions
            ],
            "may_add": may(user, BudgetRevision, "add", institution),
            "decision_form": DecisionForm(),
            "history": history,
            "charts": [
                _chart(
                    "chart-years",
                    _("Allocation and realisation per year (Rp million)"),
                    [str(f.year) for f in history],
                    [
                        (_("Allocation"), [_millions(f.development_allocation) for f in history]),
                        (_("Realisation"), [_millions(f.realisation) for f in history]),
                    ],
                )
            ],
        }
        return render(request, "development/budgets/detail.html", ctx)


class BudgetRealisationView(BudgetView):
    """Every piece of a budget's realisation, each linked to its session or activity."""

    def get(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        _check_year(year)
        institution = budgets.budget_institution(user=request.user, code=code)
        figures = budgets.budget_figures(user=request.user, institution=institution, year=year)
        ctx = {
            "title": _("Realisation %(name)s, fiscal year %(year)s")
            % {"name": institution.name, "year": year},
            "institution": institution,
            "year": year,
            "f": figures,
            "pieces": figures.realised.pieces,
            "piece_labels": PIECE_LABELS,
        }
        return render(request, "development/budgets/realisation.html", ctx)


class BudgetRevisionNewView(BudgetView):
    """Enter a revision (the initial figures, an APBD-P, a shift): it awaits approval."""

    action = "add"

    def _institution(self, request: HttpRequest, code: str, year: int) -> Institution:
        _check_year(year)
        institution = budgets.budget_institution(user=request.user, code=code)
        if not may(request.user, BudgetRevision, "add", institution):
            raise PermissionDenied
        return institution

    def _render(
        self, request: HttpRequest, institution: Institution, year: int, form: RevisionForm,
        status: int = 200,
    ) -> HttpResponse:  # fmt: skip
        ctx = {
            "title": _("New budget revision"),
            "institution": institution,
            "year": year,
            "form": form,
        }
        return render(request, "development/budgets/revision_form.html", ctx, status=status)

    def get(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        institution = self._institution(request, code, year)
        approved = BudgetRevision.objects.filter(
            institution=institution, fiscal_year=year, status=RevisionStatus.APPROVED
        ).exists()
        form = RevisionForm(initial={"kind": "amended" if approved else "initial"})
        return self._render(request, institution, year, form)

    def post(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        institution = self._institution(request, code, year)
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                revision = budget_revision_submit(
                    institution=institution, year=year, figures=form.figures(), actor=request.user
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Revision %(number)s is saved and awaits approval by an administrator "
                        "other than you."
                    )
                    % {"number": revision.number},
                )
                return redirect("development:budget", code=institution.code, year=year)
        return self._render(request, institution, year, form, status=400)


class BudgetRevisionDecideView(RestrictedView):
    """An administrator (not the revision's author) approves or rejects it."""

    model = BudgetRevision
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = budgets.revision_for_decision(user=request.user, pk=pk)
        target = reverse(
            "development:budget",
            kwargs={"code": revision.institution.code, "year": revision.fiscal_year},
        )
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or to reject the revision."))
            return redirect(target)
        try:
            if form.cleaned_data["decision"] == "approve":
                budget_revision_approve(revision=revision, actor=request.user)
                messages.success(
                    request,
                    _("Revision %(number)s is approved: it is now the budget.")
                    % {"number": revision.number},
                )
            else:
                budget_revision_reject(
                    revision=revision, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Revision %(number)s is rejected.") % {"number": revision.number}
                )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect(target)


# --- the budget sheet ----------------------------------------------------------------


class BudgetTemplateView(RestrictedView):
    """The empty budget sheet with its columns and an example row."""

    model = BudgetRevision
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        notes = [
            _("One row per institution and fiscal year; the institution code as the register writes it (35.78)."),
            _("Kind of revision: APBD (initial), APBD-P (amended) or Pergeseran (shift)."),
            _("Amounts in whole Rupiah; never negative; the allocation is within the total."),
            _("Every row becomes a revision awaiting approval by an administrator other than the importer."),
            _("A file with any bad row is refused whole: nothing is saved."),
        ]  # fmt: skip
        content = template_xlsx(
            BUDGETS, sheet_title=_("Budgets"), notes=notes, notes_title=_("Notes")
        )
        response = HttpResponse(content, content_type=XLSX)
        return as_attachment(response, _("budgets-template"), "xlsx")


class BudgetImportView(RestrictedView):
    """The upload form, and the check (dry run, kept for confirmation) or the import."""

    model = BudgetRevision
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return _import_page(request, BudgetImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BudgetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _import_page(request, form, status=400)
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        name = os.path.basename(upload.name or "")
        stored = _keep(request, upload, name) if dry_run else None
        try:
            result = budgets_import(
                source=upload, filename=name, actor=request.user, dry_run=dry_run
            )
        except DomainError as exc:
            _forget(request)
            form.add_error(None, str(exc.message))
            return _import_page(request, form, status=400)
        if stored is not None and (result.file_rejected or not result.created):
            _forget(request)
            stored = None
        return _result_page(request, result, name, token=stored)


class BudgetImportConfirmView(RestrictedView):
    """After a good dry run: the same stored file, imported for real."""

    model = BudgetRevision
    action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(PENDING_KEY) or {}
        token = request.POST.get("token") or ""
        if not token or pending.get("token") != token:
            messages.error(
                request,
                _("This check was imported already, or it expired. Upload the file again."),
            )
            return redirect("development:budgets_import")
        try:
            with default_storage.open(pending["path"], "rb") as fh:
                result = budgets_import(
                    source=fh, filename=pending["name"], actor=request.user, dry_run=False
                )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("development:budgets_import")
        finally:
            _forget(request)
        return _result_page(request, result, pending["name"], token=None)


def _import_page(request: HttpRequest, form: BudgetImportForm, status: int = 200) -> HttpResponse:
    ctx = {"title": _("Import budgets"), "form": form, "columns": BUDGETS.columns}
    return render(request, "development/budgets/import.html", ctx, status=status)


def _result_page(
    request: HttpRequest, result: ImportResult, name: str, *, token: str | None
) -> HttpResponse:
    ctx = {
        "title": _("Budgets from %(name)s") % {"name": name},
        "file_name": name,
        "result": result,
        "summary_text": budgets_import_summary(result),
        "errors": result.errors[:1000],
        "token": token,
    }
    return render(
        request,
        "development/budgets/import_result.html",
        ctx,
        status=400 if result.file_rejected else 200,
    )


def _keep(request: HttpRequest, upload: Any, name: str) -> str:
    """Store the checked file for its confirmation (one per session); its token."""
    _forget(request)
    _sweep()
    token = uuid.uuid4().hex
    extension = os.path.splitext(name)[1].lower()[:8]
    path = default_storage.save(f"{PENDING_DIR}/{token}{extension}", upload)
    upload.seek(0)
    request.session[PENDING_KEY] = {"token": token, "path": path, "name": name}
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
