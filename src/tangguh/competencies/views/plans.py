"""Personal development plans: an institution's plans for a year with the approval
queue, one plan (its items, what completed them, submit and decide), the item forms,
and a civil servant's own page (/kompetensi/saya/: profile, gaps and plan).

The rules are the services'; a refusal comes back on the page as their sentence and
nothing changes. A plan outside the reader's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import Scope, institution_ids_in_scope, scope_for
from tangguh.core.views import RestrictedView
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee

from ..forms_plans import DecisionForm, PlanCreateForm, PlanItemForm
from ..frameworks import published_versions, version_label
from ..gaps import person_gaps
from ..loop import completion
from ..models import DevelopmentPlan, PlanItem, PlanStatus
from ..selectors_plans import (
    institution_plans,
    item_get,
    own_plan,
    plan_get,
    plan_items,
    suggestions,
    totals,
)
from ..services_plans import (
    EDITABLE,
    may_decide,
    may_write,
    plan_create,
    plan_decide,
    plan_item_add,
    plan_item_change,
    plan_item_delete,
    plan_submit,
)

NAV = "competencies:plans"


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    today = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today + 1 else today


def _staff_only(request: HttpRequest) -> None:
    if (
        request.user.is_authenticated
        and scope_for(request.user, DevelopmentPlan, "view") == Scope.SELF
    ):
        raise PermissionDenied


def _refused(form: Any, exc: DomainError) -> None:
    placed = False
    for problem in exc.errors:
        if problem.get("field") in form.fields:
            form.add_error(problem["field"], str(problem["message"]))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _visible_plan(request: HttpRequest, pk: int) -> DevelopmentPlan:
    try:
        return plan_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _institutions(user: Any) -> list[Institution]:
    ids = institution_ids_in_scope(user, DevelopmentPlan, "view")
    rows = Institution.objects.order_by("code").only("code", "name")
    return list(rows if ids is None else rows.filter(pk__in=ids))


def _plan_url(plan: DevelopmentPlan, request: HttpRequest | None = None) -> str:
    if request is not None and scope_for(request.user, DevelopmentPlan, "view") == Scope.SELF:
        return reverse("competencies:mine") + f"?tahun={plan.year}"
    return reverse("competencies:plan", args=[plan.pk])


class PlansView(RestrictedView):
    """An institution's plans for a year: the approval queue first, then every plan."""

    model = DevelopmentPlan

    def get(self, request: HttpRequest) -> HttpResponse:
        _staff_only(request)
        year = _year(request)
        choices = _institutions(request.user)
        code = request.GET.get("instansi", "")
        institution = next((i for i in choices if i.code == code), None)
        if institution is None:
            own = getattr(request.user, "institution_id", None)
            institution = next((i for i in choices if i.pk == own), choices[0] if choices else None)
        status = request.GET.get("status", "")
        status = status if status in PlanStatus.values else ""
        plans = (
            list(institution_plans(user=request.user, institution_id=institution.pk, year=year))
            if institution
            else []
        )
        shown = [p for p in plans if not status or p.status == status]
        if institution is not None:
            audit_read(
                action="competencies.plans_view",
                request=request,
                nips=[p.nip for p in shown],
                institution=institution.pk,
            )
        ctx = {
            "title": _("Development plans"),
            "current_url_name": NAV,
            "year": year,
            "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
            "institution": institution,
            "institutions": choices,
            "status": status,
            "statuses": PlanStatus.choices,
            "plans": shown,
            "queue": [p for p in plans if p.status == PlanStatus.SUBMITTED],
            "totals": totals(plans),
            "create_form": PlanCreateForm(initial={"year": year}),
            "may_add": institution is not None
            and may_write(request.user, "add", institution_id=institution.pk, nip=""),
        }
        return render(request, "competencies/plans_list.html", ctx)


class PlanCreateView(RestrictedView):
    """Draft a plan: staff for a person of their institution (by NIP), anyone with a
    NIP for themselves."""

    model = DevelopmentPlan
    action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanCreateForm(request.POST)
        back = request.POST.get("next") or reverse(
            "competencies:mine"
            if scope_for(request.user, DevelopmentPlan, "add") == Scope.SELF
            else NAV
        )
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse(NAV)
        if not form.is_valid():
            messages.error(request, _("Give the year of the plan."))
            return redirect(back)
        nip = "".join(ch for ch in form.cleaned_data["nip"] if ch.isdigit()) or getattr(
            request.user, "nip", ""
        )
        employee = (
            Employee.objects.restrict(request.user, "view").filter(nip=nip).first() if nip else None
        )
        if employee is None and nip and nip == getattr(request.user, "nip", ""):
            employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            messages.error(request, _("No civil servant with this NIP in your scope."))
            return redirect(back)
        try:
            plan = plan_create(
                employee=employee, year=form.cleaned_data["year"], actor=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(back)
        messages.success(request, _("The plan was drafted: add its activities."))
        return redirect(_plan_url(plan, request))


class PlanView(RestrictedView):
    """One plan: its items with what completed them, and the actions the reader may take."""

    model = DevelopmentPlan

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _visible_plan(request, pk)
        audit_read(
            action="competencies.plan_view",
            request=request,
            nips=[plan.nip],
            target=plan,
            institution=plan.institution_id,
        )
        return render(request, "competencies/plans_detail.html", plan_context(request, plan))


def plan_context(request: HttpRequest, plan: DevelopmentPlan, **extra: Any) -> dict[str, Any]:
    items = plan_items(plan)
    done = completion(plan, items)
    editable = plan.status in EDITABLE and may_write(
        request.user, "change", institution_id=plan.institution_id, nip=plan.nip
    )
    return {
        "title": _("Development plan"),
        "current_url_name": NAV,
        "plan": plan,
        "rows": [(item, done.get(item.pk)) for item in items],
        "done_count": sum(1 for c in done.values() if c is not None),
        "editable": editable,
        "may_decide": plan.status == PlanStatus.SUBMITTED and may_decide(request.user, plan),
        "own": getattr(request.user, "nip", "") == plan.nip,
        "item_form": extra.pop("item_form", None)
        or (PlanItemForm(institution_id=plan.institution_id) if editable else None),
        "decision_form": extra.pop("decision_form", None) or DecisionForm(),
        **extra,
    }


class PlanItemAddView(RestrictedView):
    model = PlanItem
    action = "add"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _visible_plan(request, pk)
        form = PlanItemForm(initial=request.GET, institution_id=plan.institution_id)
        return self.page(request, plan, form)

    def page(
        self, request: HttpRequest, plan: DevelopmentPlan, form: PlanItemForm, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Add an activity"),
            "current_url_name": NAV,
            "plan": plan,
            "form": form,
            "back": _plan_url(plan, request),
        }
        return render(request, "competencies/plans_item_form.html", ctx, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _visible_plan(request, pk)
        form = PlanItemForm(request.POST, institution_id=plan.institution_id)
        if form.is_valid():
            try:
                plan_item_add(plan=plan, data=form.item_data(), actor=request.user)
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The activity was added."))
                return redirect(_plan_url(plan, request))
        return self.page(request, plan, form, status=400)


class PlanItemEditView(RestrictedView):
    model = PlanItem
    action = "change"

    def item(self, request: HttpRequest, pk: int) -> PlanItem:
        try:
            return item_get(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None

    def page(
        self, request: HttpRequest, item: PlanItem, form: PlanItemForm, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Change an activity"),
            "current_url_name": NAV,
            "plan": item.plan,
            "item": item,
            "form": form,
            "back": _plan_url(item.plan, request),
        }
        return render(request, "competencies/plans_item_form.html", ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.item(request, pk)
        initial = {
            "code": item.code,
            "target_level": item.target_level,
            "programme": item.programme_id or "",
            "activity": item.activity,
            "form": item.form_id or "",
            "jp": item.jp,
            "cost": item.cost,
        }
        return self.page(
            request, item, PlanItemForm(initial=initial, institution_id=item.plan.institution_id)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.item(request, pk)
        form = PlanItemForm(request.POST, institution_id=item.plan.institution_id)
        if form.is_valid():
            try:
                plan_item_change(item=item, data=form.item_data(), actor=request.user)
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The activity was changed."))
                return redirect(_plan_url(item.plan, request))
        return self.page(request, item, form, status=400)


class PlanItemDeleteView(RestrictedView):
    model = PlanItem
    action = "delete"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            item = item_get(user=request.user, pk=pk, action="delete")
        except ObjectDoesNotExist:
            raise Http404 from None
        try:
            plan_item_delete(item=item, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The activity was removed."))
        return redirect(_plan_url(item.plan, request))


class PlanSubmitView(RestrictedView):
    model = DevelopmentPlan
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _visible_plan(request, pk)
        try:
            plan_submit(plan=plan, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The plan was submitted for approval."))
        return redirect(_plan_url(plan, request))


class PlanDecideView(RestrictedView):
    model = DevelopmentPlan
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        _staff_only(request)
        plan = _visible_plan(request, pk)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                plan_decide(
                    plan=plan,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(
                    request,
                    _("The plan was approved.")
                    if form.cleaned_data["decision"] == "approve"
                    else _("The plan was returned with your note."),
                )
                return redirect(reverse("competencies:plan", args=[plan.pk]))
        ctx = plan_context(request, plan, decision_form=form)
        return render(request, "competencies/plans_detail.html", ctx, status=400)


class MineView(RestrictedView):
    """A civil servant's own competencies: profile and gaps, and their plan for a year."""

    model = DevelopmentPlan

    def get(self, request: HttpRequest) -> HttpResponse:
        nip = getattr(request.user, "nip", "")
        employee = (
            Employee.objects.filter(nip=nip).select_related("position", "institution").first()
            if nip
            else None
        )
        if employee is None:
            raise Http404
        year = _year(request)
        gaps = person_gaps(employee)
        plan = own_plan(user=request.user, year=year)
        found = suggestions(employee.institution_id, [g.code for g in gaps if g.gap])
        ctx: dict[str, Any] = {
            "title": _("My competencies"),
            "current_url_name": "competencies:mine",
            "employee": employee,
            "year": year,
            "gaps": gaps,
            "unassessed": sum(1 for g in gaps if g.current is None),
            "suggested": [(g, found.get(g.code, [])) for g in gaps if g.gap],
            "versions": [version_label(v) for v in published_versions(employee.institution_id)],
            "plan": plan,
            "create_form": PlanCreateForm(initial={"year": year}),
            "may_add": may_write(
                request.user, "add", institution_id=employee.institution_id, nip=nip
            ),
        }
        if plan is not None:
            ctx.update(plan_context(request, plan))
            ctx["title"] = _("My competencies")
            ctx["current_url_name"] = "competencies:mine"
        return render(request, "competencies/my_competencies.html", ctx)


urlpatterns: list[URLPattern | URLResolver] = [
    path("rencana/", PlansView.as_view(), name="plans"),
    path("rencana/baru/", PlanCreateView.as_view(), name="plan_create"),
    path("rencana/<int:pk>/", PlanView.as_view(), name="plan"),
    path("rencana/<int:pk>/kegiatan/", PlanItemAddView.as_view(), name="plan_item_add"),
    path("rencana/<int:pk>/ajukan/", PlanSubmitView.as_view(), name="plan_submit"),
    path("rencana/<int:pk>/putuskan/", PlanDecideView.as_view(), name="plan_decide"),
    path("rencana/kegiatan/<int:pk>/ubah/", PlanItemEditView.as_view(), name="plan_item_edit"),
    path("rencana/kegiatan/<int:pk>/hapus/", PlanItemDeleteView.as_view(), name="plan_item_delete"),
    path("saya/", MineView.as_view(), name="mine"),
]
