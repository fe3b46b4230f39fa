"""Enrolment pages: nominate (the sending side), apply (a civil servant), a session's
participants and their export, the approvals inbox, a decision, a cancellation.

Who acts is the services' question (``services_enrolment``); a refusal comes back on
the page as the service's sentence, and nothing is changed. A session outside the
reader's sight, or an enrolment outside the writer's scope, is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import Scope, has_permission, may, scope_for
from tangguh.core.views import RestrictedView
from tangguh.people.models import Employee

from .. import access
from ..exports_enrolment import participants_xlsx
from ..forms_enrolment import CandidateSearchForm, DecisionForm, ReasonForm
from ..models import ACTIVE_ENROLMENT, CompletionResult, Enrolment, EnrolmentStatus, Session
from ..selectors_enrolment import (
    CANDIDATES_SHOWN,
    approvals,
    enrolment_get,
    is_host_side,
    nomination_candidates,
    session_participants,
)
from ..selectors_programmes import session_get
from ..services_enrolment import (
    enrolment_apply,
    enrolment_cancel,
    enrolment_decide,
    enrolments_nominate,
    is_self,
    may_act_for_host,
    may_act_for_sender,
    open_for_enrolment_error,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The session pages of enrolment mark the catalogue in the menu.
SESSION_NAV = "development:catalogue"


def visible_session(request: HttpRequest, pk: int) -> Session:
    try:
        return session_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def form_refused(form: Any, exc: DomainError) -> None:
    """A service's refusal on the form: each field's problem on its field, the sentence on top."""
    placed = False
    for problem in exc.errors:
        field = problem.get("field")
        if field in form.fields:
            form.add_error(field, str(problem["message"]))
            placed = True
    if not placed or not exc.errors:
        form.add_error(None, str(exc.message))


def joinable_session(request: HttpRequest, pk: int) -> Session:
    """The session, if the user's institution may send people to it (or hosts it);
    404 otherwise: another institution's closed programme is not theirs to enrol in."""
    session = visible_session(request, pk)
    user = request.user
    if scope_for(user, Enrolment, "view") == Scope.ALL or is_host_side(user, session):
        return session
    if not access.may_join(session.programme, getattr(user, "institution_id", None) or 0):
        raise Http404
    return session


def readable_session(request: HttpRequest, pk: int) -> Session:
    """The session, if the user reads its participants: the host's side (and above it),
    or an institution that may send people to it."""
    session = visible_session(request, pk)
    if may(request.user, Enrolment, "view", session.organiser_id):
        return session
    return joinable_session(request, pk)


def staff_only(request: HttpRequest) -> None:
    """Pages of the sending side and the host: a civil servant's own grant is SELF."""
    if scope_for(request.user, Enrolment, "view") == Scope.SELF:
        raise PermissionDenied


class SessionNominateView(RestrictedView):
    """The sending side picks its active civil servants, several at once; each one is
    enrolled or refused with its reason."""

    model = Enrolment
    action = "add"
    template_name = "development/enrolment/nominate.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def page(self, request: HttpRequest, session: Session, **extra: Any) -> HttpResponse:
        search = CandidateSearchForm(request.GET)
        query = search.data.get("q", "") if search.is_valid() else ""
        people = list(
            nomination_candidates(user=request.user, session=session, query=query)[
                :CANDIDATES_SHOWN
            ]
        )
        ctx = {
            "title": _("Nominate participants"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "programme": session.programme,
            "search": search,
            "people": people,
            "closed": open_for_enrolment_error(session),
            "shown": CANDIDATES_SHOWN,
            **extra,
        }
        return render(request, self.template_name, ctx, status=extra.pop("status", 200))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, joinable_session(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = joinable_session(request, pk)
        ids = [int(v) for v in request.POST.getlist("employee") if v.isascii() and v.isdigit()]
        chosen = list(
            nomination_candidates(user=request.user, session=session).filter(pk__in=ids[:200])
        )
        if ids and not chosen:  # none of them is the user's to nominate
            raise Http404
        if not chosen:
            messages.error(request, _("Choose at least one civil servant to nominate."))
            return self.page(request, session, status=400)
        outcome = enrolments_nominate(session=session, employees=chosen, actor=request.user)
        if outcome.done:
            messages.success(
                request,
                _("%(n)s nominated.") % {"n": len(outcome.done)},
            )
        return self.page(
            request,
            session,
            done=outcome.done,
            refused=outcome.refused,
            status=200 if outcome.done else 400,
        )


class SessionApplyView(RestrictedView):
    """A civil servant applies for a session; their institution approves it next."""

    model = Enrolment
    action = "add"
    template_name = "development/enrolment/apply.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Staff nominate; applying is a civil servant's own act (their SELF grant).
        if (
            request.user.is_authenticated
            and scope_for(request.user, Enrolment, "add") != Scope.SELF
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def me(self, request: HttpRequest) -> Employee | None:
        nip = getattr(request.user, "nip", "")
        return Employee.objects.filter(nip=nip).first() if nip else None

    def page(
        self, request: HttpRequest, session: Session, error: str = "", status: int = 200
    ) -> HttpResponse:
        if not error and self.me(request) is None:
            error = _("Your account is not linked to a civil servant's record: ask your operator.")
        ctx = {
            "title": _("Apply for this session"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "programme": session.programme,
            "closed": open_for_enrolment_error(session),
            "error": error,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, joinable_session(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = joinable_session(request, pk)
        person = self.me(request)
        if person is None:
            return self.page(request, session, status=400)
        try:
            enrolment_apply(session=session, employee=person, actor=request.user)
        except DomainError as exc:
            return self.page(request, session, str(exc.message), status=exc.status_code)
        messages.success(
            request, _("Your application was sent. Your institution decides on it next.")
        )
        return redirect("development:my_enrolments")


def participant_rows(request: HttpRequest, session: Session) -> list[Enrolment]:
    rows = list(session_participants(user=request.user, session=session)[:1000])
    user = request.user
    for e in rows:
        active = e.status in ACTIVE_ENROLMENT
        e.may_cancel = (
            active
            and session.status == "planned"
            and (  # type: ignore[attr-defined]
                may_act_for_sender(user, e) or may_act_for_host(user, e)
            )
        )
        e.may_decide = (  # type: ignore[attr-defined]
            e.status == EnrolmentStatus.AWAITING_INSTITUTION and may_act_for_sender(user, e)
        ) or (e.status == EnrolmentStatus.AWAITING_HOST and may_act_for_host(user, e))
    return rows


class SessionParticipantsView(RestrictedView):
    """Participants of a session: the host all, a guest institution its own people."""

    model = Enrolment
    template_name = "development/enrolment/participants.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff_only(request)
        session = readable_session(request, pk)
        rows = participant_rows(request, session)
        if rows:
            audit_read(
                request=request,
                action="development.participant_list",
                nips=[e.nip for e in rows],
                institution=session.organiser_id,
                target=session,
            )
        counts = {s: 0 for s in EnrolmentStatus.values}
        for e in rows:
            counts[e.status] += 1
        ctx = {
            "title": _("Participants"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "programme": session.programme,
            "rows": rows,
            "counts": counts,
            "statuses": EnrolmentStatus.choices,
            "is_host": is_host_side(request.user, session),
            "may_nominate": has_permission(request.user, Enrolment, "add")
            and not open_for_enrolment_error(session),
            "completed": CompletionResult.COMPLETED,
        }
        return render(request, self.template_name, ctx)


class SessionParticipantsExportView(RestrictedView):
    """The participants the reader sees, as an Excel file."""

    model = Enrolment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff_only(request)
        session = readable_session(request, pk)
        rows = list(session_participants(user=request.user, session=session))
        audit_read(
            request=request,
            action="development.participant_export",
            nips=[e.nip for e in rows],
            institution=session.organiser_id,
            target=session,
        )
        response = HttpResponse(participants_xlsx(session, rows), content_type=XLSX)
        return as_attachment(response, _("participants"), "xlsx", key=session.pk)


class ApprovalsView(RestrictedView):
    """What waits for the user: their people's applications, guests in their sessions."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/approvals.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        staff_only(request)
        inbox = approvals(user=request.user)
        nips = [e.nip for e in [*inbox.applications, *inbox.guests]]
        if nips:
            audit_read(request=request, action="development.approvals_list", nips=nips)
        ctx = {"title": _("Enrolment approvals"), "inbox": inbox}
        return render(request, self.template_name, ctx)


def _changeable(request: HttpRequest, pk: int) -> Enrolment:
    try:
        return enrolment_get(user=request.user, pk=pk, action="change")
    except ObjectDoesNotExist:
        raise Http404 from None


class EnrolmentDecideView(RestrictedView):
    """Approve or reject, by the side the enrolment waits for."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/decide.html"

    def page(
        self, request: HttpRequest, e: Enrolment, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Decide on %(name)s") % {"name": e.full_name},
            "current_url_name": "development:approvals",
            "e": e,
            "session": e.session,
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next") or "",
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff_only(request)
        return self.page(request, _changeable(request, pk), DecisionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff_only(request)
        e = _changeable(request, pk)
        form = DecisionForm(request.POST)
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                done = enrolment_decide(
                    enrolment=e, approve=approve, actor=request.user,
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except DomainError as exc:
                form_refused(form, exc)
                return self.page(request, e, form, status=exc.status_code)
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": done.full_name, "status": done.get_status_display()},
            )
            back = request.POST.get("next", "")
            if back == "participants":
                return redirect("development:session_participants", pk=done.session_id)
            return redirect("development:approvals")
        return self.page(request, e, form, status=400)


class EnrolmentCancelView(RestrictedView):
    """Cancel with a reason: the person, their institution or the host."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/cancel.html"

    def page(
        self, request: HttpRequest, e: Enrolment, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Cancel the enrolment of %(name)s") % {"name": e.full_name},
            "e": e,
            "session": e.session,
            "form": form,
            "own": is_self(request.user, e.nip),
            "current_url_name": "development:my_enrolments"
            if is_self(request.user, e.nip)
            else SESSION_NAV,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, _changeable(request, pk), ReasonForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        e = _changeable(request, pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                enrolment_cancel(
                    enrolment=e, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form_refused(form, exc)
                return self.page(request, e, form, status=exc.status_code)
            messages.success(request, _("The enrolment was cancelled."))
            if is_self(request.user, e.nip):
                return redirect("development:my_enrolments")
            return redirect(reverse("development:session_participants", args=[e.session_id]))
        return self.page(request, e, form, status=400)
