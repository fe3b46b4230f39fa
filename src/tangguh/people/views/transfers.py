"""Transfers: a NIP active elsewhere arrived in an import; the source institution decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView
from tangguh.people import selectors, services
from tangguh.people.models import TransferRequest, TransferStatus
from tangguh.people.parsing.nip import format_nip


def may_decide(user: Any, transfer: TransferRequest) -> bool:
    """Whether to offer the buttons; the service enforces the same rule on POST."""
    if not has_permission(user, TransferRequest, "change"):
        return False
    return user.role == Role.NATIONAL_ADMIN or user.institution_id == transfer.from_institution_id


class TransferListView(RestrictedView):
    model = TransferRequest
    template_name = "people/transfers.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        status = request.GET.get("status", TransferStatus.PENDING)
        if status not in TransferStatus.values and status != "all":
            status = TransferStatus.PENDING
        transfers = list(
            selectors.transfer_list(
                user=request.user, status=None if status == "all" else status
            ).select_related(
                "employee", "from_institution", "to_institution", "requested_by", "decided_by"
            )[:200]
        )
        for t in transfers:
            t.can_decide = t.status == TransferStatus.PENDING and may_decide(request.user, t)  # type: ignore[attr-defined]
            t.nip_display = format_nip(t.employee.nip)  # type: ignore[attr-defined]
        ctx = {
            "title": _("Transfers"),
            "transfers": transfers,
            "status": status,
            "statuses": [("all", _("All")), *TransferStatus.choices],
        }
        return render(request, self.template_name, ctx)


class _TransferDecisionView(RestrictedView):
    model = TransferRequest
    action = "change"
    done_message = ""

    def decide(self, *, transfer: TransferRequest, actor: Any) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        qs = TransferRequest.objects.restrict(request.user, "change").select_related("employee")
        transfer = get_object_or_404(qs, pk=pk)
        try:
            self.decide(transfer=transfer, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, self.done_message % {"name": transfer.employee.display_name})
        return redirect("people:transfers")


class TransferConfirmView(_TransferDecisionView):
    @property
    def done_message(self) -> str:  # type: ignore[override]
        return _("The transfer of %(name)s is confirmed.")

    def decide(self, *, transfer: TransferRequest, actor: Any) -> None:
        services.transfer_confirm(transfer=transfer, actor=actor)


class TransferRejectView(_TransferDecisionView):
    @property
    def done_message(self) -> str:  # type: ignore[override]
        return _("The transfer of %(name)s is rejected.")

    def decide(self, *, transfer: TransferRequest, actor: Any) -> None:
        services.transfer_reject(transfer=transfer, actor=actor)
