"""Results pages: the assessor's worklist, a batch's grid (participant × unit), one
participant's recommendations on screen, and the assessor's spreadsheet (template,
check, import).

A batch's results are read by its organiser's side, its assessors, and the
institutions that nominated participants (their own people only): anyone else gets
404, as for a row outside their scope. Writes go through ``services_results``; a
refusal comes back on the page as its sentence.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import may, role_of
from tangguh.core.views import RestrictedView

from .. import selectors_results as selectors
from ..forms_results import ParticipantResultsForm, ResultsImportForm
from ..models import Batch, Participation, UnitResult
from ..results_rules import is_batch_assessor, records_as_assessor
from ..results_template import results_template_xlsx
from ..services_plenary import may_decide_plenary
from ..services_results import check_recorder, may_record_results, participant_results_record
from . import results_pending

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The menu entry a batch's results and plenary pages belong to.
NAV_CURRENT = "certification:worklist"
# Decided batches the worklist shows (the newest); the batches list has them all.
DONE_SHOWN = 8


def record_read(request: HttpRequest, batch: Batch, grid: Any, action: str = "view") -> None:
    """UU PDP: a staff page of participants (names, NIPs, results) is an attributable read."""
    audit_read(
        request=request,
        action=f"certification.results_{action}",
        nips=[row.participation.nip for row in grid.rows],
        institution=batch.organiser_id,
        target=batch,
    )


def results_visible(user: Any, batch: Batch) -> bool:
    """Whether ``user`` reads ``batch``'s results: its organiser's side, its assessors,
    or an institution with participants in it."""
    return (
        may(user, UnitResult, "view", batch.organiser_id)
        or is_batch_assessor(user, batch)
        or Participation.objects.restrict(user, "view").filter(batch=batch).exists()
    )


class BatchResultsView(RestrictedView):
    """A staff page about one batch's results (a civil servant has "My certification")."""

    model = UnitResult
    action = "view"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and role_of(request.user) == Role.CIVIL_SERVANT:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def batch(self, pk: int) -> Batch:
        try:
            batch = selectors.batch_get(user=self.request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        if not results_visible(self.request.user, batch):
            raise Http404
        return batch

    def writable_batch(self, pk: int) -> Batch:
        """The batch, when the user records its results (403 with the reason otherwise)."""
        batch = self.batch(pk)
        check_recorder(batch=batch, actor=self.request.user)
        return batch


class WorklistView(RestrictedView):
    """The batches whose results the user records: assigned ones for an assessor, the
    organised ones for the organiser's side."""

    model = UnitResult
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        done = selectors.worklist_decided(user=request.user)
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": _("Assessment"),
            "open_batches": list(selectors.worklist_in_progress(user=request.user)),
            "done_batches": list(done[:DONE_SHOWN]),
            "done_count": (done_count := done.count()),
            "done_hidden": max(done_count - DONE_SHOWN, 0),
            "as_assessor": records_as_assessor(request.user),
        }
        return render(request, "certification/results/worklist.html", ctx)


class ResultsGridView(BatchResultsView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.batch(pk)
        grid = selectors.results_grid(user=request.user, batch=batch)
        record_read(request, batch, grid)
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": _("Results of %(batch)s") % {"batch": batch.code},
            "batch": batch,
            "grid": grid,
            "may_record": may_record_results(request.user, batch),
            "may_decide": may_decide_plenary(request.user, batch),
        }
        return render(request, "certification/results/grid.html", ctx)


class ParticipantResultsView(BatchResultsView):
    """One participant's recommendations, unit by unit: the form and its saving."""

    def get(self, request: HttpRequest, pk: int, participation: int) -> HttpResponse:
        batch, person = self.objects(pk, participation)
        return self.page(batch, person, self.form(batch, person))

    def post(self, request: HttpRequest, pk: int, participation: int) -> HttpResponse:
        batch, person = self.objects(pk, participation)
        form = self.form(batch, person, data=request.POST)
        if form.is_valid():
            try:
                participant_results_record(
                    participation=person,
                    entries=form.entries(),
                    actor=request.user,
                    assessor=form.cleaned_data.get("assessor"),
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("The recommendations of %(name)s are saved.") % {"name": person.holder_name},
                )
                return redirect("certification:results", pk=batch.pk)
        return self.page(batch, person, form, status=400)

    def objects(self, pk: int, participation: int) -> tuple[Batch, Participation]:
        batch = self.writable_batch(pk)
        try:
            person = selectors.participation_get(
                user=self.request.user, batch=batch, pk=participation
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        return batch, person

    def form(self, batch: Batch, person: Participation, data: Any = None) -> ParticipantResultsForm:
        grid = selectors.results_grid(user=self.request.user, batch=batch, include_withdrawn=True)
        row = next(r for r in grid.rows if r.participation.pk == person.pk)
        results = {u.pk: c for u, c in zip(grid.units, row.cells, strict=True) if c is not None}
        assessors = None
        if not records_as_assessor(self.request.user):
            assessors = (
                get_user_model()
                .objects.filter(assessed_batches__batch=batch)
                .order_by("first_name", "last_name", "username")
            )
        return ParticipantResultsForm(data, units=grid.units, results=results, assessors=assessors)

    def page(
        self, batch: Batch, person: Participation, form: ParticipantResultsForm, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": person.holder_name,
            "batch": batch,
            "person": person,
            "form": form,
        }
        return render(request=self.request, template_name="certification/results/participant.html",
                      context=ctx, status=status)  # fmt: skip


class ResultsImportView(BatchResultsView):
    """The upload page: the template, and a file checked (dry run) or imported."""

    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.writable_batch(pk)
        return self.page(batch, ResultsImportForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.writable_batch(pk)
        form = ResultsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(batch, form, status=400)
        upload = form.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        dry_run, strict = form.cleaned_data["dry_run"], form.cleaned_data["strict"]
        content = upload.read()
        try:
            result = results_pending.run(
                batch=batch, content=content, name=name, actor=request.user,
                dry_run=dry_run, strict=strict,
            )  # fmt: skip
        except DomainError as exc:  # the file as a whole cannot be imported
            results_pending.forget(request)
            form.add_error(None, str(exc.message))
            return self.page(batch, form, status=400)
        token = None
        if dry_run and (result.created or result.updated) and not result.file_rejected:
            token = results_pending.keep(request, batch, content, name, strict)
        else:
            results_pending.forget(request)
        return results_pending.render_result(request, batch, result, name, token=token)

    def page(self, batch: Batch, form: ResultsImportForm, status: int = 200) -> HttpResponse:
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": _("Import results"),
            "batch": batch,
            "form": form,
            "as_assessor": records_as_assessor(self.request.user),
        }
        return render(self.request, "certification/results/import.html", ctx, status=status)


class ResultsImportConfirmView(BatchResultsView):
    """After a good check: the same file, imported for real."""

    action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.writable_batch(pk)
        pending = results_pending.take(request, batch, request.POST.get("token") or "")
        if pending is None:
            messages.error(
                request,
                _(
                    "This check was imported already, or it expired. Upload the file again to check it."
                ),
            )
            return redirect("certification:results_import", pk=batch.pk)
        content, name, strict = pending
        try:
            result = results_pending.run(
                batch=batch, content=content, name=name, actor=request.user,
                dry_run=False, strict=strict,
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("certification:results_import", pk=batch.pk)
        return results_pending.render_result(request, batch, result, name, token=None)


class ResultsTemplateView(BatchResultsView):
    """The batch's results sheet: a row per participant and unit, ready to fill in."""

    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.writable_batch(pk)
        grid = selectors.results_grid(user=request.user, batch=batch)
        assessor = request.user if records_as_assessor(request.user) else None
        record_read(request, batch, grid, "template")
        content = results_template_xlsx(grid, assessor=assessor)
        response = HttpResponse(content, content_type=XLSX)
        return as_attachment(response, _("results"), "xlsx", key=batch.code)


def results_url(batch: Batch) -> str:
    return reverse("certification:results", kwargs={"pk": batch.pk})
