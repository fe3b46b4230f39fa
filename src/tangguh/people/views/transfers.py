"""Transfers: a NIP registered elsewhere arrived in an import; the holding institution decides.

The list and the decide page show each transfer as the user may see it
(``selectors_transfer``): the holder sees its person next to the values sent, the
receiving side only what it sent. Deciding happens on the decide page, never in one
click from the list: it shows both sides' values, confirms with identity values kept
unless the decider takes them, and refuses a rejection without a reason. Each decision
has a confirmation step: the first POST shows what will happen (a page of its own, no
script), the second (``confirmed=1``) decides.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import may
from tangguh.core.views import RestrictedView
from tangguh.people import selectors, services
from tangguh.people.filters import TransferFilter
from tangguh.people.forms import TransferConfirmForm, TransferRejectForm
from tangguh.people.models import TransferRequest
from tangguh.people.selectors_transfer import (
    related,
    transfer_get,
    transfer_sight,
    transfer_sights,
)
from tangguh.people.services_employee import employee_view_record
from tangguh.people.services_transfer import check_decider


def may_ask(user: Any) -> bool:
    """Whether ``user`` may ask for a transfer into their institution (the start page)."""
    institution = getattr(user, "institution", None)
    return institution is not None and may(user, TransferRequest, "add", institution)


LIST_LIMIT = 200


class TransferListView(RestrictedView):
    model = TransferRequest
    template_name = "people/transfers.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        # The API's filters; the page opens on pending transfers (``page_defaults``).
        filters = TransferFilter.for_page(request, selectors.transfer_list(user=request.user))
        transfers = list(related(filters.qs).order_by("-requested_at", "-pk")[:LIST_LIMIT])
        audit_read(
            request=request,
            action="people.transfer.list",
            nips=[t.employee.nip for t in transfers],
        )
        ctx = {
            "title": _("Transfers"),
            "sights": transfer_sights(user=request.user, transfers=transfers),
            "status": filters.value_of("status") or "all",
            "statuses": filters.filters["status"].extra["choices"],
            "may_ask": may_ask(request.user),
        }
        return render(request, self.template_name, ctx)


class TransferDetailView(RestrictedView):
    """One transfer; for its decider, the decide page (both sides' values and the forms)."""

    model = TransferRequest
    template_name = "people/transfer_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_decision(request, pk)


def render_decision(
    request: HttpRequest,
    pk: int,
    *,
    bound: dict[str, Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The decide page; ``bound``: a form sent back with its errors (confirm_form, reject_form)."""
    try:
        transfer = transfer_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    sight = transfer_sight(user=request.user, transfer=transfer)
    if sight.reads_record:
        # The page shows the person's current record: a read of personal data.
        employee_view_record(
            employee=transfer.employee, actor=request.user, via="transfer", request=request
        )
    ctx = {
        "title": _("Transfer of %(name)s") % {"name": sight.name},
        "sight": sight,
        "t": transfer,
        "compared": sight.compared(),
        "confirm_form": (bound or {}).get("confirm_form") or TransferConfirmForm(),
        "reject_form": (bound or {}).get("reject_form") or TransferRejectForm(),
        "error": error,
    }
    return render(request, "people/transfer_detail.html", ctx, status=status)


class _TransferDecisionView(RestrictedView):
    model = TransferRequest
    action = "change"
    form_class: type[TransferConfirmForm] | type[TransferRejectForm]
    form_context: str

    def decide(self, *, transfer: TransferRequest, actor: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def done_message(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        qs = TransferRequest.objects.restrict(request.user, "change").select_related("employee")
        transfer = qs.filter(pk=pk).first()
        if transfer is None:
            raise Http404
        check_decider(transfer, request.user)  # 403 before any word about the input
        # The name the decider saw: once moved, the person may be out of their sight.
        name = transfer_sight(user=request.user, transfer=transfer).name
        form = self.form_class(request.POST)
        if not form.is_valid():
            return render_decision(request, pk, bound={self.form_context: form}, status=400)
        if request.POST.get("confirmed") != "1":
            return self.ask(request, transfer, form, name)
        try:
            self.decide(transfer=transfer, actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            for problem in exc.errors:
                if problem.get("field") in form.fields:
                    form.add_error(problem["field"], str(problem["message"]))
            return render_decision(
                request,
                pk,
                bound={self.form_context: form},
                error=str(exc.message),
                status=exc.status_code,
            )
        messages.success(request, self.done_message() % {"name": name})
        return redirect("people:transfers")

    def ask(
        self, request: HttpRequest, transfer: TransferRequest, form: Form, name: str
    ) -> HttpResponse:
        """The confirmation step: what the decision does, with the values sent again."""
        ctx = {
            "title": self.question() % {"name": name},
            "t": transfer,
            "name": name,
            "form": form,
            "decision": self.form_context,
        }
        return render(request, "people/transfer_decide_confirm.html", ctx)

    def question(self) -> str:
        raise NotImplementedError


class TransferConfirmView(_TransferDecisionView):
    form_class = TransferConfirmForm
    form_context = "confirm_form"

    def done_message(self) -> str:
        return _("The transfer of %(name)s is confirmed.")

    def question(self) -> str:
        return _("Confirm the transfer of %(name)s?")

    def decide(self, *, transfer: TransferRequest, actor: Any, data: dict[str, Any]) -> None:
        services.transfer_confirm(
            transfer=transfer,
            actor=actor,
            apply_identity=data["apply_identity"],
            note=data["note"],
        )


class TransferRejectView(_TransferDecisionView):
    form_class = TransferRejectForm
    form_context = "reject_form"

    def done_message(self) -> str:
        return _("The transfer of %(name)s is rejected.")

    def question(self) -> str:
        return _("Reject the transfer of %(name)s?")

    def decide(self, *, transfer: TransferRequest, actor: Any, data: dict[str, Any]) -> None:
        services.transfer_reject(transfer=transfer, actor=actor, reason=data["reason"])
