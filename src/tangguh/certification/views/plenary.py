"""The plenary (sidang pleno) of a batch: each participant's recommendations, the days
since the exam or to the decision, and the decision through a confirmation step.

The page is read by whoever reads the batch's results; deciding is for the organiser's
side and the batch's assessors, never for the participant's own assessor (the service
refuses, the page says why). The decision form posts twice: first to review (nothing
changes; what the service would refuse is shown), then to confirm.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError

from .. import selectors_results as selectors
from ..forms_results import PlenaryDecisionForm
from ..models import Batch, Outcome, Participation
from ..services_plenary import (
    assessed_by,
    check_decider,
    may_decide_plenary,
    plenary_check,
    plenary_decide,
)
from .results import NAV_CURRENT, BatchResultsView, record_read


class PlenaryView(BatchResultsView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.batch(pk)
        grid = selectors.results_grid(user=request.user, batch=batch)
        record_read(request, batch, grid)
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": _("Plenary of %(batch)s") % {"batch": batch.code},
            "batch": batch,
            "grid": grid,
            "may_decide": may_decide_plenary(request.user, batch),
        }
        return render(request, "certification/plenary/batch.html", ctx)


class PlenaryDecideView(BatchResultsView):
    """One participant's decision: the form, the review, the confirmed decision."""

    model = Participation
    action = "change"

    def get(self, request: HttpRequest, pk: int, participation: int) -> HttpResponse:
        batch, person, row = self.objects(pk, participation)
        return self.page(batch, person, row, PlenaryDecisionForm())

    def post(self, request: HttpRequest, pk: int, participation: int) -> HttpResponse:
        batch, person, row = self.objects(pk, participation)
        form = PlenaryDecisionForm(request.POST)
        if not form.is_valid():
            return self.page(batch, person, row, form, status=400)
        data = form.cleaned_data
        values = {
            "outcome": data["outcome"],
            "decided_on": data["decided_on"],
            "note": data["note"],
        }
        try:
            if request.POST.get("confirm") != "1":
                problems = plenary_check(participation=person, actor=request.user, **values)
                for problem in problems:
                    form.add_error(None, problem)
                if problems:
                    return self.page(batch, person, row, form, status=400)
                return self.page(batch, person, row, form, review=True)
            plenary_decide(participation=person, actor=request.user, **values)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.page(batch, person, row, form, status=400)
        person.refresh_from_db()
        if person.outcome == Outcome.CERTIFIED:
            number = getattr(getattr(person, "certificate", None), "number", "")
            messages.success(
                request,
                _("%(name)s is certified: certificate %(number)s is issued.")
                % {"name": person.holder_name, "number": number},
            )
        else:
            messages.success(
                request,
                _("The plenary decided: %(name)s is not yet competent.")
                % {"name": person.holder_name},
            )
        return redirect("certification:plenary", pk=batch.pk)

    def objects(self, pk: int, participation: int) -> tuple[Batch, Participation, Any]:
        batch = self.batch(pk)
        try:
            person = selectors.participation_get(
                user=self.request.user, batch=batch, pk=participation
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        # Outside the organiser's side: refused before anything is shown (403).
        if not may_decide_plenary(self.request.user, batch):
            check_decider(person, self.request.user)
        grid = selectors.results_grid(user=self.request.user, batch=batch, include_withdrawn=True)
        row = next(r for r in grid.rows if r.participation.pk == person.pk)
        return batch, person, row

    def page(
        self,
        batch: Batch,
        person: Participation,
        row: Any,
        form: PlenaryDecisionForm,
        *,
        review: bool = False,
        status: int = 200,
    ) -> HttpResponse:
        own = assessed_by(self.request.user, person)
        ctx = {
            "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
            "title": person.holder_name,
            "batch": batch,
            "person": person,
            "row": row,
            "form": form,
            "review": review,
            "own_assessee": own,
            "decided": person.outcome != Outcome.PENDING,
        }
        if review:
            ctx["outcome_label"] = dict(form.fields["outcome"].choices)[
                form.cleaned_data["outcome"]
            ]  # type: ignore[attr-defined]
        return render(self.request, "certification/plenary/decide.html", ctx, status=status)
