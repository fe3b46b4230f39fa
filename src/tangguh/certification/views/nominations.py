"""Nominating participants: pick one of your institution's civil servants (search by NIP or
name; each shown with what the eligibility check says), confirm, and they are in.

The first POST shows the confirmation page (the check in full, and for someone who
already holds a valid certificate the "nominate anyway" box); the second
(``confirmed=1``) nominates. The service checks everything again.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView
from tangguh.people.models import Employee

from ..eligibility import eligibility_check, targets_text
from ..forms_batches import CandidateSearchForm, NominateForm
from ..models import Batch, BatchStatus, Participation, ParticipationStatus
from ..selectors_batches import (
    CANDIDATES_SHOWN,
    batch_get,
    nominating_institution_ids,
    nomination_candidates,
)
from ..services_batches import participant_nominate
from .schemes import StaffOnlyMixin


def _open_batch(request: HttpRequest, pk: int) -> Batch:
    try:
        return batch_get(user=request.user, pk=pk)
    except Batch.DoesNotExist:
        raise Http404 from None


class NominateView(StaffOnlyMixin, RestrictedView):
    model = Participation
    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = _open_batch(request, pk)
        search = CandidateSearchForm(request.GET)
        query = search.cleaned_data.get("q", "") if search.is_valid() else ""
        # Someone who nominates in every institution (the national administrator) searches
        # first: the whole country's register is no list to page through.
        must_search = nominating_institution_ids(request.user) is None and not query
        candidates = nomination_candidates(
            user=request.user, query=query, version=batch.scheme_version
        )
        people = [] if must_search else list(candidates[:CANDIDATES_SHOWN])
        in_batch = dict(
            batch.participations.filter(employee__in=people).values_list("employee_id", "status")
        )
        rows = []
        for person in people:
            check = eligibility_check(
                version=batch.scheme_version, employee=person, on=batch.exam_start
            )
            rows.append({"person": person, "check": check, "in_batch": in_batch.get(person.pk)})
        if people:
            audit_read(
                request=request,
                action="certification.nomination_candidates",
                nips=[p.nip for p in people],
            )
        ctx = {
            "title": _("Nominate participants"),
            "batch": batch,
            "targets": targets_text(batch.scheme_version),
            "search": search,
            "rows": rows,
            "query": query,
            "shown": CANDIDATES_SHOWN,
            "is_open": batch.status == BatchStatus.OPEN,
            "nominated": ParticipationStatus.NOMINATED,
            "must_search": must_search,
        }
        return render(request, "certification/batches/nominate.html", ctx)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = _open_batch(request, pk)
        form = NominateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a civil servant to nominate."))
            return redirect("certification:batch_nominate", pk=batch.pk)
        person = (
            nomination_candidates(user=request.user)
            .filter(pk=form.cleaned_data["employee"])
            .first()
        )
        if person is None:
            raise Http404
        check = eligibility_check(
            version=batch.scheme_version, employee=person, on=batch.exam_start
        )
        if request.POST.get("confirmed") == "1":
            try:
                participant_nominate(
                    batch=batch,
                    employee=person,
                    actor=request.user,
                    renewal_ok=form.cleaned_data["renewal_ok"],
                )
            except DomainError as exc:
                return self.confirm(
                    request, batch, person, check, error=str(exc.message), status=exc.status_code
                )
            messages.success(
                request,
                _("%(name)s is nominated for %(batch)s.")
                % {"name": person.display_name, "batch": batch.code},
            )
            return redirect("certification:batch_nominate", pk=batch.pk)
        return self.confirm(request, batch, person, check)

    def confirm(
        self,
        request: HttpRequest,
        batch: Batch,
        person: Employee,
        check: object,
        *,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        audit_read(
            request=request,
            action="certification.nomination_candidates",
            nips=[person.nip],
            institution=person.institution_id,
        )
        ctx = {
            "title": _("Nominate %(name)s") % {"name": person.display_name},
            "batch": batch,
            "person": person,
            "check": check,
            "targets": targets_text(batch.scheme_version),
            "error": error,
        }
        return render(request, "certification/batches/nominate_confirm.html", ctx, status=status)
