"""The operators' queue of correction requests, one request, and the decisions on it.

The queue holds the requests the user may decide (the person's institution: the
register's change scope). The change itself is made on the person's edit form; here
the request is marked done (a note optional) or rejected (a reason required).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView
from tangguh.people.forms_correction import CorrectionDoneForm, CorrectionRejectForm
from tangguh.people.models import CorrectionRequest, CorrectionStatus
from tangguh.people.parsing.nip import format_nip
from tangguh.people.selectors_correction import QUEUE_STATUSES, correction_get, correction_queue
from tangguh.people.services_correction import (
    check_decider,
    correction_done,
    correction_reject,
    field_label,
    may_decide,
)

QUEUE_LIMIT = 200


def _shown(correction: CorrectionRequest) -> CorrectionRequest:
    correction.field_label = field_label(correction.field)  # type: ignore[attr-defined]
    correction.nip_display = format_nip(correction.employee.nip)  # type: ignore[attr-defined]
    return correction


def edit_url(employee_pk: int) -> str:
    """Where the record is corrected: its edit form, else (no edit form) its page."""
    try:
        return reverse("people:edit", kwargs={"pk": employee_pk})
    except NoReverseMatch:
        return reverse("people:detail", kwargs={"pk": employee_pk})


class CorrectionQueueView(RestrictedView):
    model = CorrectionRequest
    action = "change"

    def get(self, request: HttpRequest) -> HttpResponse:
        status = request.GET.get("status", CorrectionStatus.OPEN)
        if status not in QUEUE_STATUSES:
            status = CorrectionStatus.OPEN
        rows = [_shown(c) for c in correction_queue(user=request.user, status=status)[:QUEUE_LIMIT]]
        # UU PDP: the queue shows people's data (names and values): an attributable read.
        audit_read(
            request=request,
            action="people.correction.list",
            nips=[c.employee.nip for c in rows],
            institution_ids=[c.institution_id for c in rows],
        )
        statuses = [(s, label) for s, label in CorrectionStatus.choices] + [("all", _("All"))]
        ctx = {
            "title": _("Correction requests"),
            "corrections": rows,
            "status": status,
            "statuses": statuses,
            "limit": QUEUE_LIMIT,
        }
        return render(request, "people/correction_queue.html", ctx)


def render_correction(
    request: HttpRequest,
    pk: int,
    *,
    bound: dict[str, Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    try:
        correction = _shown(correction_get(user=request.user, pk=pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    audit_read(
        request=request,
        action="people.correction.view",
        nips=[correction.employee.nip],
        target=correction,
        institution=correction.institution_id,
    )
    ctx = {
        "title": _("Correction request"),
        "c": correction,
        "can_decide": correction.status == CorrectionStatus.OPEN
        and may_decide(request.user, correction),
        "edit_url": edit_url(correction.employee_id),
        "show_queue": has_permission(request.user, CorrectionRequest, "change"),
        "done_form": (bound or {}).get("done_form") or CorrectionDoneForm(),
        "reject_form": (bound or {}).get("reject_form") or CorrectionRejectForm(),
        "error": error,
    }
    return render(request, "people/correction_detail.html", ctx, status=status)


class CorrectionDetailView(RestrictedView):
    """One request: for staff in scope (and its decider), or for the person who asked."""

    model = CorrectionRequest

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_correction(request, pk)


class _CorrectionDecisionView(RestrictedView):
    model = CorrectionRequest
    action = "change"
    form_class: type[CorrectionDoneForm] | type[CorrectionRejectForm]
    form_context: str

    def done_message(self) -> str:
        raise NotImplementedError

    def decide(self, correction: CorrectionRequest, actor: Any, note: str) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        correction = (
            CorrectionRequest.objects.restrict(request.user, "change")
            .select_related("employee")
            .filter(pk=pk)
            .first()
        )
        if correction is None:
            raise Http404
        check_decider(correction, request.user)  # 403 before any word about the input
        form = self.form_class(request.POST)
        if not form.is_valid():
            return render_correction(request, pk, bound={self.form_context: form}, status=400)
        try:
            self.decide(correction, request.user, form.cleaned_data["note"])
        except DomainError as exc:
            for problem in exc.errors:
                if problem.get("field") in form.fields:
                    form.add_error(problem["field"], str(problem["message"]))
            return render_correction(
                request,
                pk,
                bound={self.form_context: form},
                error=str(exc.message),
                status=exc.status_code,
            )
        messages.success(request, self.done_message() % {"name": correction.employee.display_name})
        return redirect("people:corrections")


class CorrectionDoneView(_CorrectionDecisionView):
    form_class = CorrectionDoneForm
    form_context = "done_form"

    def done_message(self) -> str:
        return _("The correction request of %(name)s is marked done.")

    def decide(self, correction: CorrectionRequest, actor: Any, note: str) -> None:
        correction_done(correction=correction, actor=actor, note=note)


class CorrectionRejectView(_CorrectionDecisionView):
    form_class = CorrectionRejectForm
    form_context = "reject_form"

    def done_message(self) -> str:
        return _("The correction request of %(name)s is rejected.")

    def decide(self, correction: CorrectionRequest, actor: Any, note: str) -> None:
        correction_reject(correction=correction, actor=actor, reason=note)
