"""Recorded activities: a civil servant's own (phone first), recording one with the
allowance shown live, the institution's approval inbox, one activity with its
decision, withdrawal and evidence download. Writes go through
``services_activities``; a refusal comes back on its field as a sentence.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.importing import ParseError
from tangguh.core.messages import Message
from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, role_of, scope_for
from tangguh.core.views import RestrictedView
from tangguh.people.models import Employee
from tangguh.people.parsing.nip import normalize_nip

from ..evidence import content_type_of
from ..forms_activities import ActivityForm, DecisionForm
from ..jp_rules import Claim, judge, rule_for, rule_text
from ..models import Activity, ActivityStatus, DevelopmentForm
from ..selectors_activities import activity_get, activity_list
from ..services_activities import (
    ActivityInput,
    activity_allowance,
    activity_approve,
    activity_record,
    activity_reject,
    activity_withdraw,
    may_decide,
    may_record_for,
    may_withdraw,
)
from ..templatetags.development_ledger import jp_figure
from .activities_import import (  # noqa: F401  (routed from this module)
    ActivitiesImportConfirmView,
    ActivitiesImportView,
    ActivitiesTemplateView,
)

NAV_INBOX = "development:activities"
NAV_MINE = "development:my_activities"


def records_for_self(user: Any) -> bool:
    """Civil servants record their own activities; staff record for their people."""
    return scope_for(user, Activity, "add") == Scope.SELF


def form_refused(form: Any, exc: DomainError) -> None:
    placed = False
    for problem in exc.errors:
        field = problem.get("field")
        if field in form.fields:
            form.add_error(field, str(problem["message"]))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class MyActivitiesView(RestrictedView):
    """The civil servant's own activities (and any staff member's with a NIP)."""

    model = Activity

    def get(self, request: HttpRequest) -> HttpResponse:
        if not getattr(request.user, "nip", ""):
            return redirect("development:activities")
        activities = list(activity_list(user=request.user, own=True)[:200])
        ctx = {
            "title": _("My activities"),
            "activities": activities,
            "may_add": records_for_self(request.user) or bool(request.user.nip),
            "current_url_name": NAV_MINE,
        }
        return render(request, "development/activities/mine.html", ctx)


class ActivityListView(RestrictedView):
    """The institution's activities: the approval inbox first (status "awaiting")."""

    model = Activity

    def get(self, request: HttpRequest) -> HttpResponse:
        if role_of(request.user) == Role.CIVIL_SERVANT:
            return redirect("development:my_activities")
        status = request.GET.get("status", ActivityStatus.SUBMITTED)
        status = status if status in (*ActivityStatus.values, "all") else ActivityStatus.SUBMITTED
        form_code = request.GET.get("form", "")
        q = (request.GET.get("q") or "").strip()[:100]
        qs = activity_list(
            user=request.user, status="" if status == "all" else status, form=form_code, q=q
        )
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        if rows:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=[a.nip for a in rows],
                institution_ids=[a.institution_id for a in rows],
            )
        ctx = {
            "title": _("Recorded activities"),
            "activities": rows,
            "page": page,
            "status": status,
            "statuses": [("all", _("All")), *ActivityStatus.choices],
            "forms": DevelopmentForm.objects.order_by("order", "code"),
            "form_code": form_code,
            "q": q,
            "may_add": scope_for(request.user, Activity, "add") not in (None, Scope.SELF),
            "may_import": scope_for(request.user, Activity, "change") not in (None, Scope.SELF),
            "current_url_name": NAV_INBOX,
        }
        return render(request, "development/activities/list.html", ctx)


def _person_for(request: HttpRequest, raw: str) -> Employee:
    """The person staff record for: by NIP, within their scope, or a DomainError."""
    try:
        nip = normalize_nip(raw)
    except ParseError:
        raise DomainError(
            _("Type the 18-digit NIP."),
            errors=[{"field": "nip", "message": _("Type the 18-digit NIP.")}],
        ) from None
    person = Employee.objects.restrict(request.user, "view").filter(nip=nip).first()
    if person is None or not may_record_for(request.user, person):
        raise DomainError(
            _("No civil servant of your institution has this NIP."),
            errors=[
                {"field": "nip", "message": _("No civil servant of your institution has this NIP.")}
            ],
        )
    return person


def _own_person(request: HttpRequest) -> Employee | None:
    nip = getattr(request.user, "nip", "")
    return Employee.objects.filter(nip=nip).first() if nip else None


class ActivityNewView(RestrictedView):
    """Record an activity: the civil servant for themselves, staff for their people."""

    model = Activity
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        for_self = records_for_self(request.user)
        return self.page(ActivityForm(for_self=for_self, initial=request.GET.dict()), for_self)

    def post(self, request: HttpRequest) -> HttpResponse:
        for_self = records_for_self(request.user)
        form = ActivityForm(request.POST, request.FILES, for_self=for_self)
        if not form.is_valid():
            return self.page(form, for_self, status=400)
        data = form.cleaned_data
        try:
            person = _own_person(request) if for_self else _person_for(request, data["nip"])
            if person is None:
                raise PermissionDenied
            activity = activity_record(
                employee=person,
                data=ActivityInput(
                    form=data["form"],
                    title=data["title"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    jp_claimed=data.get("jp_claimed"),
                    quantity=data.get("quantity"),
                    organiser_name=data.get("organiser_name") or "",
                    evidence_link=data.get("evidence_link") or "",
                    cost=data.get("cost") or 0,
                ),
                evidence=data.get("evidence"),
                actor=request.user,
            )
        except DomainError as exc:
            form_refused(form, exc)
            return self.page(form, for_self, status=400)
        messages.success(
            request,
            _("The activity is recorded and awaits your institution's approval.")
            if for_self
            else _("The activity is recorded and awaits approval."),
        )
        return redirect("development:activity", pk=activity.pk)

    def page(self, form: ActivityForm, for_self: bool, status: int = 200) -> HttpResponse:
        ctx = {
            "title": _("Record an activity"),
            "form": form,
            "for_self": for_self,
            "current_url_name": NAV_MINE if for_self else NAV_INBOX,
        }
        return render(self.request, "development/activities/new.html", ctx, status=status)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class ActivityAllowanceView(RestrictedView):
    """htmx: what the rule of the chosen form allows for the dates and quantity typed."""

    model = Activity
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET
        form = DevelopmentForm.objects.filter(code=params.get("form", ""), is_active=True).first()
        start, end = _day(params.get("start_date", "")), _day(params.get("end_date", ""))
        ctx: dict[str, Any] = {"form": form}
        if form is None:
            return render(request, "development/activities/_allowance.html", ctx)
        rule = rule_for(form, start or date.today())
        ctx["rule_text"] = rule_text(rule) if rule else None
        if start and end:
            person = None
            if records_for_self(request.user):
                person = _own_person(request)
            elif params.get("nip"):
                try:
                    person = _person_for(request, params["nip"])
                except DomainError:
                    person = None
            ctx["person"] = person
            ctx.update(self.judged(person, form, start, end, params))
        return render(request, "development/activities/_allowance.html", ctx)

    def judged(
        self, person: Employee | None, form: DevelopmentForm, start: date, end: date, params: Any
    ) -> dict[str, Any]:
        quantity = params.get("quantity", "")
        claimed = (params.get("jp_claimed") or "").replace(",", ".")
        try:
            qty = int(quantity) if quantity.strip() else None
            jp = Decimal(claimed) if claimed.strip() else None
        except (ValueError, InvalidOperation):
            return {"refusal": _("The quantity and the JP must be numbers.")}
        try:
            if person is not None:
                allowance = activity_allowance(
                    employee=person, form=form, start=start, end=end, quantity=qty, jp_claimed=jp
                )
            else:
                allowance = judge(rule_for(form, start), Claim(start, end, qty, jp), form=form)
        except DomainError as exc:
            return {"refusal": str(exc.message)}
        return {"allowance": allowance}


def _activity(request: HttpRequest, pk: int) -> Activity:
    try:
        return activity_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


class ActivityDetailView(RestrictedView):
    model = Activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity(request, pk)
        return self.page(activity, DecisionForm())

    def page(self, activity: Activity, form: DecisionForm, status: int = 200) -> HttpResponse:
        request = self.request
        own = getattr(request.user, "nip", "") == activity.nip
        if not own:
            audit_read(
                action="development.ledger_view",
                request=request,
                nips=[activity.nip],
                institution=activity.institution_id,
                target=activity,
            )
        pending = activity.status == ActivityStatus.SUBMITTED
        entries = list(activity.ledger_entries.order_by("id"))
        ctx = {
            "title": activity.title,
            "activity": activity,
            "entries": entries,
            "rule_note": Message.from_json(activity.rule_note) if activity.rule_note else None,
            "form": form,
            "own": own,
            "may_decide": pending and may_decide(request.user, activity) and not own,
            "may_withdraw": pending and may_withdraw(request.user, activity),
            "current_url_name": NAV_MINE if own else NAV_INBOX,
        }
        return render(request, "development/activities/detail.html", ctx, status=status)


class ActivityDecideView(ActivityDetailView):
    """Approve (the ledger is credited) or reject with a reason."""

    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:activity", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity(request, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.page(activity, form, status=400)
        try:
            if form.cleaned_data["decision"] == "approve":
                entry = activity_approve(
                    activity=activity, actor=request.user, note=form.cleaned_data["note"]
                )
                messages.success(
                    request,
                    _("Approved: %(jp)s JP credited to %(name)s's ledger.")
                    % {"jp": _jp(entry.jp), "name": activity.full_name},
                )
            else:
                activity_reject(
                    activity=activity, actor=request.user, reason=form.cleaned_data["note"]
                )
                messages.success(request, _("The activity is rejected."))
        except DomainError as exc:
            if exc.errors and exc.errors[0].get("field") == "reason":
                form.add_error("note", str(exc.errors[0]["message"]))
            else:
                form.add_error(None, str(exc.message))
            return self.page(activity, form, status=400)
        if request.POST.get("next") == "inbox":
            return redirect("development:activities")
        return redirect("development:activity", pk=pk)


def _jp(value: Any) -> str:
    return jp_figure(value)


class ActivityWithdrawView(ActivityDetailView):
    action = "change"  # the person withdraws their own (SELF), or staff of the institution

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("development:activity", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity(request, pk)
        try:
            activity_withdraw(activity=activity, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The activity is withdrawn."))
        return redirect("development:activity", pk=pk)


class ActivityEvidenceView(RestrictedView):
    """The evidence file, to those who may see the activity, always as a download."""

    model = Activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity(request, pk)
        if not activity.evidence:
            raise Http404
        try:
            handle = activity.evidence.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        head = handle.read(16)
        handle.seek(0)
        if getattr(request.user, "nip", "") != activity.nip:
            audit_read(
                action="development.activity_evidence",
                request=request,
                nips=[activity.nip],
                institution=activity.institution_id,
                target=activity,
            )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=activity.evidence_name or "bukti",
            content_type=content_type_of(head),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
