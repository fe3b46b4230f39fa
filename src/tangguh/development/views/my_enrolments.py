"""A civil servant's own enrolments ("Pelatihan saya", phone-first): statuses, the
certificates of completion to download, cancelling while a session has not ended."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tangguh.core.views import RestrictedView

from ..models import ACTIVE_ENROLMENT, CompletionResult, Enrolment, SessionStatus
from ..selectors_enrolment import my_enrolments
from ..services_enrolment import is_self


class MyEnrolmentsView(RestrictedView):
    model = Enrolment
    template_name = "development/enrolment/my.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(my_enrolments(user=request.user)[:200])
        own = is_self(request.user, getattr(request.user, "nip", ""))
        for e in rows:
            e.may_cancel = (  # type: ignore[attr-defined]
                own and e.status in ACTIVE_ENROLMENT and e.session.status == SessionStatus.PLANNED
            )
            e.has_certificate = (  # type: ignore[attr-defined]
                e.result == CompletionResult.COMPLETED and bool(e.certificate_number)
            )
        ctx = {"title": _("My training"), "rows": rows}
        return render(request, self.template_name, ctx)
