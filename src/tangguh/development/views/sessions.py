"""Session pages: one session (everything about it and the actions open to the viewer),
create one under a programme, change it, cancel it with a reason, add and remove
facilitators.

Everyone signed in reads a session of a published programme; the organiser's
operators and administrators write. Enrolment, attendance and completion are the
enrolment pages' (``session_nominate``, ``session_apply``, ``session_participants``,
``attendance``, ``session_complete``): this page links to them when the viewer may
use them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import has_permission, may, role_of
from tangguh.core.views import RestrictedView

from ..forms_programmes import FacilitatorForm, ReasonForm, SessionForm
from ..models import (
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
)
from ..selectors_programmes import (
    session_facilitators,
    session_get,
    session_quota_use,
    viewer_seats,
)
from ..services_programmes import (
    facilitator_add,
    facilitator_remove,
    session_cancel,
    session_create,
    session_update,
)
from .programmes import StaffOnlyMixin, _programme, form_refused


def _session(request: HttpRequest, pk: int) -> Session:
    try:
        return session_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _writable(request: HttpRequest, pk: int) -> Session:
    found = (
        Session.objects.restrict(request.user, "change")
        .select_related("programme", "programme__form", "organiser")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def render_session(
    request: HttpRequest,
    session: Session,
    *,
    facilitator_form: FacilitatorForm | None = None,
    cancel_form: ReasonForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    programme = session.programme
    institution_id = getattr(user, "institution_id", None)
    viewer = viewer_seats([session], institution_id)[session.pk]
    today = timezone.localdate()
    planned = session.status == SessionStatus.PLANNED
    enrolling = (
        planned
        and programme.status == ProgrammeStatus.PUBLISHED
        and (session.enrolment_closes or session.start_date) >= today
    )
    is_civil_servant = role_of(user) == Role.CIVIL_SERVANT
    writes = may(user, Session, "change", session.organiser_id)
    own = None
    if is_civil_servant and getattr(user, "nip", ""):
        own = (
            Enrolment.objects.restrict(user, "view")
            .filter(session=session)
            .order_by("-created_at")
            .first()
        )
    hosts_act = may(user, Enrolment, "change", session.organiser_id) or viewer.is_host
    ctx = {
        "title": f"{programme.title} · {session.number}",
        "session": session,
        "programme": programme,
        "facilitators": list(session_facilitators(user=user, session=session)),
        "viewer": viewer,
        "open_seats": max(session.capacity - session.enrolled, 0),  # type: ignore[attr-defined]
        "enrolling": enrolling,
        "own_enrolment": own,
        # The hosts see how much of each invited institution's quota is taken.
        "quota_use": session_quota_use(user=user, session=session)
        if viewer.is_host or writes
        else [],
        "enrolled_status": EnrolmentStatus.ENROLLED,
        "may_edit": writes and planned,
        "may_cancel": writes and planned,
        "may_nominate": enrolling
        and not is_civil_servant
        and viewer.may_join
        and has_permission(user, Enrolment, "add"),
        "may_apply": enrolling and is_civil_servant and viewer.may_join and own is None,
        "may_participants": not is_civil_servant and has_permission(user, Enrolment, "view"),
        "may_attendance": hosts_act and session.status != SessionStatus.CANCELLED and writes,
        "may_complete": writes and planned and session.end_date <= today,
        "facilitator_form": (facilitator_form or FacilitatorForm(prefix="fac", user=user))
        if writes and planned
        else None,
        "cancel_form": (cancel_form or ReasonForm(prefix="cancel")) if writes and planned else None,
        "error": error,
    }
    return render(request, "development/sessions/detail.html", ctx, status=status)


class SessionDetailView(RestrictedView):
    model = Session

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_session(request, _session(request, pk))


class SessionCreateView(StaffOnlyMixin, RestrictedView):
    model = Session
    action = "add"
    template_name = "development/sessions/form.html"

    def programme(self, request: HttpRequest, pk: int) -> Programme:
        programme = _programme(request, pk)
        if not may(request.user, Session, "add", programme.organiser_id):
            raise Http404
        return programme

    def render_form(
        self, request: HttpRequest, programme: Programme, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("New session of %(title)s") % {"title": programme.title},
            "form": form,
            "programme": programme,
            "session": None,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        form = SessionForm(
            programme=programme,
            with_facilitators=True,
            user=request.user,
            initial={"capacity": programme.capacity},
        )
        return self.render_form(request, programme, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        form = SessionForm(
            request.POST, programme=programme, with_facilitators=True, user=request.user
        )
        if form.is_valid():
            try:
                session = session_create(
                    programme=programme,
                    data=form.details(),
                    facilitators=form.facilitators(),
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request, _("Session %(number)s was created.") % {"number": session.number}
                )
                return redirect("development:session", pk=session.pk)
        return self.render_form(request, programme, form, status=400)


class SessionEditView(StaffOnlyMixin, RestrictedView):
    model = Session
    action = "change"
    template_name = "development/sessions/form.html"

    def render_form(
        self, request: HttpRequest, session: Session, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Change session %(number)s") % {"number": session.number},
            "form": form,
            "programme": session.programme,
            "session": session,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _writable(request, pk)
        form = SessionForm(
            programme=session.programme,
            with_facilitators=False,
            user=request.user,
            initial=SessionForm.initial_from(session),
        )
        return self.render_form(request, session, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _writable(request, pk)
        form = SessionForm(
            request.POST, programme=session.programme, with_facilitators=False, user=request.user
        )
        if form.is_valid():
            data = form.details()
            if not data.get("number"):
                data.pop("number")
            if not data.get("capacity"):
                data.pop("capacity")
            try:
                session_update(session=session, data=data, actor=request.user)
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The session was changed."))
                return redirect("development:session", pk=session.pk)
        return self.render_form(request, session, form, status=400)


class SessionCancelView(StaffOnlyMixin, RestrictedView):
    model = Session
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _writable(request, pk)
        form = ReasonForm(request.POST, prefix="cancel")
        if form.is_valid():
            try:
                session_cancel(
                    session=session, reason=form.cleaned_data["reason"], actor=request.user
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The session was cancelled."))
                return redirect("development:session", pk=session.pk)
        return render_session(request, _session(request, pk), cancel_form=form, status=400)


class FacilitatorAddView(StaffOnlyMixin, RestrictedView):
    model = Facilitator
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _writable(request, pk)
        form = FacilitatorForm(request.POST, prefix="fac", user=request.user)
        if form.is_valid():
            try:
                facilitator_add(session=session, data=form.details(), actor=request.user)
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The facilitator was added."))
                return redirect("development:session", pk=session.pk)
        return render_session(request, _session(request, pk), facilitator_form=form, status=400)


class FacilitatorRemoveView(StaffOnlyMixin, RestrictedView):
    model = Facilitator
    action = "delete"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, facilitator: int) -> HttpResponse:
        session = _writable(request, pk)
        found = (
            Facilitator.objects.restrict(request.user, "delete")
            .select_related("session")
            .filter(pk=facilitator, session=session)
            .first()
        )
        if found is None:
            raise Http404
        try:
            facilitator_remove(facilitator=found, actor=request.user)
        except DomainError as exc:
            return render_session(
                request, _session(request, pk), error=str(exc.message), status=400
            )
        messages.success(request, _("The facilitator was removed."))
        return redirect("development:session", pk=session.pk)
