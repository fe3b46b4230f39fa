"""Batch pages: the list, one batch (its assessors and participants), creating and
changing a batch, assigning and removing assessors, withdrawing a participant.

Every staff role reads the batches (any institution may nominate its people); the
organiser's side writes them. Nominating is in ``views/nominations.py``. A refusal
comes back on the page as the service's sentence, and nothing is changed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_date
from tangguh.core.messages import render as render_message
from tangguh.core.scoping import has_permission, may
from tangguh.core.views import RestrictedView

from ..filters import BatchFilter, ParticipationFilter
from ..forms_batches import AssessorAssignForm, BatchCreateForm, BatchEditForm, organisers_for
from ..forms_schemes import ReasonForm
from ..models import (
    Batch,
    BatchAssessor,
    BatchStatus,
    Participation,
    ParticipationStatus,
    Scheme,
)
from ..selectors_batches import batch_assessors, batch_get, batch_list, batch_participants
from ..selectors_schemes import licence_state
from ..services_batches import (
    batch_assessor_assign,
    batch_assessor_remove,
    batch_create,
    batch_update,
    participant_exam_date_set,
    participant_withdraw,
)
from .licences import SLUG
from .schemes import StaffOnlyMixin, form_refused

PAGE_SIZE = 50
PARTICIPANTS_SHOWN = 500


class BatchListView(StaffOnlyMixin, RestrictedView):
    model = Batch
    template_name = "certification/batches/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = BatchFilter(request.GET, batch_list(user=request.user), request=request)
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "title": _("Exam batches"),
            "form": filters.form,
            "batches": list(page.object_list),
            "page": page,
            "count": page.paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(filters.applied()),
            "active_filters": len(filters.applied()),
            "may_add": organisers_for(request.user).exists(),
        }
        return render(request, self.template_name, ctx)


def _batch(request: HttpRequest, pk: int) -> Batch:
    try:
        return batch_get(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def render_batch(
    request: HttpRequest,
    batch: Batch,
    *,
    assign_form: AssessorAssignForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    filters = ParticipationFilter(
        request.GET, batch_participants(user=user, batch=batch), request=request
    )
    participants = list(filters.qs[:PARTICIPANTS_SHOWN])
    filter_form = filters.form
    filter_form.fields.pop("institution", None)  # the API's; the page searches by name
    for p in participants:
        p.notes_text = render_message(p.eligibility_notes)  # type: ignore[attr-defined]
        p.may_withdraw = (  # type: ignore[attr-defined]
            p.status == ParticipationStatus.NOMINATED
            and p.outcome == "pending"
            and (
                may(user, Participation, "change", p.institution_id)
                or may(user, Participation, "change", batch.organiser_id)
            )
            and has_permission(user, Participation, "add")
        )
    if participants:
        audit_read(
            request=request,
            action="certification.participant_list",
            nips=[p.nip for p in participants],
            institution=batch.organiser_id,
            target=batch,
        )
    assessors = batch_assessors(user=user, batch=batch)
    for a in assessors:
        a.licence_state = licence_state(a.licence, batch.exam_start)  # type: ignore[attr-defined]
    may_assign = may(user, BatchAssessor, "add", batch.organiser_id) and batch.status not in (
        BatchStatus.CLOSED,
        BatchStatus.CANCELLED,
    )
    if may_assign and assign_form is None:
        assign_form = AssessorAssignForm(batch=batch)
    exam_days = [
        batch.exam_start + timedelta(days=n)
        for n in range((batch.exam_end - batch.exam_start).days + 1)
    ]
    counts = {
        "nominated": sum(1 for p in participants if p.status == ParticipationStatus.NOMINATED),
        "certified": sum(1 for p in participants if p.outcome == "certified"),
        "not_certified": sum(1 for p in participants if p.outcome == "not_certified"),
    }
    ctx = {
        "title": batch.title or batch.code,
        "batch": batch,
        "version": batch.scheme_version,
        "assessors": assessors,
        "participants": participants,
        "counts": counts,
        "filter_form": filter_form,
        "filtered": bool(filters.applied()),
        "active_filters": len(filters.applied()),
        "assign_form": assign_form if may_assign else None,
        "may_remove": may(user, BatchAssessor, "delete", batch.organiser_id),
        "may_edit": may(user, Batch, "change", batch.organiser_id),
        # The organiser sets which day each participant sits a multi-day exam.
        "exam_days": exam_days if len(exam_days) > 1 else [],
        # The results and plenary pages are the organiser's side and its assessors'.
        "may_read_results": may(user, Batch, "change", batch.organiser_id)
        or any(a.assessor_id == user.pk for a in assessors),
        "may_decide": may(user, Participation, "change", batch.organiser_id)
        or any(a.assessor_id == user.pk for a in assessors),
        "may_nominate": batch.status == BatchStatus.OPEN
        and has_permission(user, Participation, "add"),
        "error": error,
    }
    return render(request, "certification/batches/detail.html", ctx, status=status)


class BatchDetailView(StaffOnlyMixin, RestrictedView):
    model = Batch

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_batch(request, _batch(request, pk))


class BatchCreateView(StaffOnlyMixin, RestrictedView):
    model = Batch
    action = "add"
    template_name = "certification/batches/form.html"

    def render_form(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        ctx = {"title": _("New exam batch"), "form": form, "batch": None}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        # ``?scheme=camat`` (the scheme page's link) chooses the scheme.
        code = request.GET.get("scheme", "")
        scheme = Scheme.objects.filter(code=code).first() if SLUG.match(code) else None
        initial = {"scheme": scheme.pk} if scheme is not None else {}
        return self.render_form(request, BatchCreateForm(initial=initial, user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BatchCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                batch = batch_create(
                    scheme=form.cleaned_data["scheme"],
                    organiser=form.cleaned_data["organiser"],
                    data=form.details(),
                    actor=request.user,
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request, _("The batch %(code)s was created.") % {"code": batch.code}
                )
                return redirect("certification:batch", pk=batch.pk)
        return self.render_form(request, form, status=400)


class BatchEditView(StaffOnlyMixin, RestrictedView):
    model = Batch
    action = "change"
    template_name = "certification/batches/form.html"

    def batch(self, pk: int) -> Batch:
        found = Batch.objects.restrict(self.request.user, "change").filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def render_form(
        self, request: HttpRequest, batch: Batch, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {"title": _("Change %(code)s") % {"code": batch.code}, "form": form, "batch": batch}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.batch(pk)
        initial = {f: getattr(batch, f) for f in BatchEditForm.base_fields}
        return self.render_form(request, batch, BatchEditForm(initial=initial, batch=batch))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.batch(pk)
        form = BatchEditForm(request.POST, batch=batch)
        if form.is_valid():
            data = form.details()
            data["status"] = form.cleaned_data["status"]
            try:
                batch_update(batch=batch, data=data, actor=request.user)
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(request, _("The batch was changed."))
                return redirect("certification:batch", pk=batch.pk)
        return self.render_form(request, batch, form, status=400)


class BatchAssessorAddView(StaffOnlyMixin, RestrictedView):
    model = BatchAssessor
    action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = _batch(request, pk)
        if not may(request.user, BatchAssessor, "add", batch.organiser_id):
            raise Http404
        form = AssessorAssignForm(request.POST, batch=batch)
        if not form.is_valid():
            return render_batch(request, batch, assign_form=form, status=400)
        try:
            batch_assessor_assign(
                batch=batch, assessor=form.cleaned_data["assessor"], actor=request.user
            )
        except DomainError as exc:
            form_refused(form, exc)  # the sentence under the picker, where the eye is
            return render_batch(request, batch, assign_form=form, status=exc.status_code)
        messages.success(
            request,
            _("%(name)s is assigned to the batch.")
            % {"name": form.cleaned_data["assessor"].display_name},
        )
        return redirect(reverse("certification:batch", args=[batch.pk]) + "#assessors")


class BatchAssessorRemoveView(StaffOnlyMixin, RestrictedView):
    model = BatchAssessor
    action = "delete"

    def post(self, request: HttpRequest, pk: int, assigned: int) -> HttpResponse:
        found = (
            BatchAssessor.objects.restrict(request.user, "delete")
            .select_related("batch", "assessor")
            .filter(pk=assigned, batch_id=pk)
            .first()
        )
        if found is None:
            raise Http404
        try:
            batch_assessor_remove(batch_assessor=found, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("%(name)s is no longer assigned to the batch.")
                % {"name": found.assessor.display_name},
            )
        return redirect(reverse("certification:batch", args=[pk]) + "#assessors")


class ParticipantWithdrawView(StaffOnlyMixin, RestrictedView):
    """Withdraw a participant (their institution or the organiser), with a reason."""

    model = Participation
    action = "change"
    template_name = "certification/batches/withdraw.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Withdrawing is the nominating side's (and the organiser's): the roles that
        # nominate. An assessor changes participations only by recording the plenary.
        if request.user.is_authenticated and not has_permission(request.user, Participation, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def participation(self, pk: int) -> Participation:
        found = (
            Participation.objects.restrict(self.request.user, "change")
            .select_related("batch", "institution")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def render_form(
        self, request: HttpRequest, p: Participation, form: ReasonForm, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Withdraw %(name)s") % {"name": p.holder_name},
            "p": p,
            "batch": p.batch,
            "form": form,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_form(request, self.participation(pk), ReasonForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        p = self.participation(pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                participant_withdraw(
                    participation=p, reason=form.cleaned_data["reason"], actor=request.user
                )
            except DomainError as exc:
                form_refused(form, exc)
            else:
                messages.success(
                    request, _("%(name)s was withdrawn from the batch.") % {"name": p.holder_name}
                )
                return redirect("certification:batch", pk=p.batch_id)
        return self.render_form(request, p, form, status=400)


class ParticipantExamDateView(StaffOnlyMixin, RestrictedView):
    """The organiser sets the day a participant sits a multi-day exam (POST ``exam_date``)."""

    model = Batch
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organised = Batch.objects.restrict(request.user, "change").values("pk")
        found = (
            Participation.objects.select_related("batch").filter(pk=pk, batch__in=organised).first()
        )
        if found is None:
            raise Http404
        try:
            day = date.fromisoformat(request.POST.get("exam_date", ""))
        except ValueError:
            messages.error(request, _("Choose one of the exam days."))
        else:
            try:
                participant_exam_date_set(participation=found, exam_date=day, actor=request.user)
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request,
                    _("%(name)s sits the exam on %(date)s.")
                    % {"name": found.holder_name, "date": format_date(day)},
                )
        return redirect(reverse("certification:batch", args=[found.batch_id]) + "#participants")
