""" "My certification" (Sertifikasi saya): a civil servant's own participations, their
unit results once the plenary has decided, the outcome as soon as it is decided, and
their certificates with the PDF and the public verification page.

Read by the NIP on the account, whatever the role (as "My record"): a staff member with
a NIP reads their own here, and their staff scope gains nothing from it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tangguh.core.views import LoginRequiredMixin
from tangguh.people.parsing.nip import format_nip

from .. import selectors_results as selectors


class MyCertificationView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        nip = getattr(request.user, "nip", "") or ""
        today = timezone.localdate()
        certificates = selectors.own_certificates(user=request.user)
        for certificate in certificates:
            certificate.status_today = certificate.status_on(today)  # type: ignore[attr-defined]
        participations = selectors.own_participations(user=request.user)
        for item in participations:
            p = item.participation
            item.waiting_days = (  # type: ignore[attr-defined]
                max((today - p.exam_date).days, 0)
                if not item.decided and p.exam_date <= today
                else None
            )
        ctx = {
            "title": _("My certification"),
            "nip_display": format_nip(nip) if nip else "",
            "has_nip": bool(nip),
            "participations": participations,
            "certificates": certificates,
            "valid_count": sum(c.status_today == "valid" for c in certificates),  # type: ignore[attr-defined]
        }
        return render(request, "certification/self/my.html", ctx)
