"""Completing a session (the host: each participant completed with a score, or not; the
actual cost), a later correction of one result, and the certificate of completion.

Completing credits the programme's JP through the ledger (``services_completion``); a
correction reverses or appends a ledger entry, never edits one.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView

from ..models import (
    Attendance,
    AttendanceMark,
    CompletionResult,
    Enrolment,
    EnrolmentStatus,
    Session,
    SessionStatus,
)
from ..pdf import completion_pdf
from ..selectors_enrolment import credited_entries, enrolment_get
from ..services_completion import Outcome, completion_correct, score_value, session_complete
from .attendance import host_session
from .enrolment import SESSION_NAV


def _rows(session: Session) -> list[Enrolment]:
    rows = list(
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED).order_by(
            "full_name", "nip"
        )
    )
    present = Counter(
        Attendance.objects.filter(
            enrolment__session=session, mark=AttendanceMark.PRESENT
        ).values_list("enrolment_id", flat=True)
    )
    credited = credited_entries([e.pk for e in rows])
    for e in rows:
        e.present_days = present.get(e.pk, 0)  # type: ignore[attr-defined]
        e.credited = credited.get(e.pk)  # type: ignore[attr-defined]
    return rows


class SessionCompleteView(RestrictedView):
    """GET: the completion form (or, once completed, the results with corrections);
    POST: complete the session, or correct one participant (``correct=<id>``)."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/complete.html"

    def page(
        self, request: HttpRequest, session: Session, *, errors: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:  # fmt: skip
        rows = _rows(session)
        if rows:
            audit_read(
                request=request,
                action="development.participant_list",
                nips=[e.nip for e in rows],
                institution=session.organiser_id,
                target=session,
            )
        days = (session.end_date - session.start_date).days + 1
        ctx = {
            "title": _("Completion"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "programme": session.programme,
            "rows": rows,
            "days": days,
            "errors": errors or [],
            "is_completed": session.status == SessionStatus.COMPLETED,
            "is_cancelled": session.status == SessionStatus.CANCELLED,
            "values": request.POST if request.method == "POST" else {},
            "completed": CompletionResult.COMPLETED,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, host_session(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = host_session(request, pk)
        if request.POST.get("correct"):
            return self.correct(request, session)
        outcomes: list[Outcome] = []
        problems: list[str] = []
        for e in _rows(session):
            choice = request.POST.get(f"result-{e.pk}", "")
            if choice not in ("completed", "not_completed"):
                continue
            try:
                score = score_value(request.POST.get(f"score-{e.pk}"))
            except DomainError as exc:
                problems.append(f"{e.full_name}: {exc.message}")
                continue
            outcomes.append(Outcome(e.pk, choice == "completed", score))
        if problems:
            return self.page(request, session, errors=problems, status=400)
        try:
            session_complete(
                session=session, outcomes=outcomes, actor=request.user,
                actual_cost=request.POST.get("actual_cost", "").strip() or None,
            )  # fmt: skip
        except DomainError as exc:
            return self.page(request, session, errors=[str(exc.message)], status=exc.status_code)
        done = sum(1 for o in outcomes if o.completed)
        messages.success(
            request,
            _("The session is completed: %(n)s participants credited with %(jp)s JP each.")
            % {"n": done, "jp": session.programme.jp.normalize()},
        )
        return redirect("development:session_complete", pk=session.pk)

    def correct(self, request: HttpRequest, session: Session) -> HttpResponse:
        raw = request.POST.get("correct", "")
        found = (
            Enrolment.objects.filter(session=session, pk=int(raw)).first()
            if raw.isascii() and raw.isdigit()
            else None
        )
        if found is None:
            raise Http404
        try:
            completion_correct(
                enrolment=found, completed=request.POST.get("result") == "completed",
                actor=request.user, reason=request.POST.get("reason", ""),
                score=request.POST.get("score"),
            )  # fmt: skip
        except DomainError as exc:
            return self.page(request, session, errors=[str(exc.message)], status=exc.status_code)
        messages.success(
            request, _("The result of %(name)s was corrected.") % {"name": found.full_name}
        )
        return redirect("development:session_complete", pk=session.pk)


class CompletionCertificateView(RestrictedView):
    """The certificate of completion (PDF) of a participant who completed the session:
    for the person, their institution and the host."""

    model = Enrolment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            e = enrolment_get(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        if e.result != CompletionResult.COMPLETED or not e.certificate_number:
            raise Http404
        audit_read(
            request=request,
            action="development.completion_certificate",
            nips=[e.nip],
            institution=e.host_id,
            target=e,
        )
        link = request.build_absolute_uri(
            reverse("development:session_participants", args=[e.session_id])
        )
        response = HttpResponse(completion_pdf(e, link=link), content_type="application/pdf")
        return as_attachment(
            response, _("certificate-of-completion"), "pdf", key=e.certificate_number
        )
