"""The needs analysis (AKPK) pages: the list, a new draft, a draft's page with its
lines, a line's adjustment, recomputing and filing, and the XLSX and PDF an institution
files. Reads through ``selectors_needs`` (the reader's scope), writes through
``services_needs``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import may, role_of
from tangguh.core.views import RestrictedView

from .. import needs as computation
from .. import selectors_needs as selectors
from ..exports_needs import XLSX, needs_xlsx
from ..forms_needs import NeedsCreateForm, NeedsLineForm, add_domain_errors
from ..models import NeedsAnalysis, NeedsLine, NeedsStatus
from ..pdf_needs import needs_pdf
from ..services_needs import FILERS, needs_create, needs_file, needs_line_edit, needs_recompute


def _analysis(request: HttpRequest, pk: int, action: str = "view") -> NeedsAnalysis:
    try:
        return selectors.analysis(user=request.user, pk=pk, action=action)
    except NeedsAnalysis.DoesNotExist:
        raise Http404 from None


class NeedsView(RestrictedView):
    model = NeedsAnalysis


class NeedsListView(NeedsView):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(selectors.analyses(user=request.user)[:200])
        ctx = {
            "title": _("Needs analysis (AKPK)"),
            "rows": rows,
            "may_create": selectors.preparable_institutions(user=request.user).exists(),
        }
        return render(request, "competencies/needs_list.html", ctx)


class NeedsCreateView(NeedsView):
    action = "add"

    def _form(self, request: HttpRequest) -> NeedsCreateForm:
        institutions = selectors.preparable_institutions(user=request.user)
        data = request.POST if request.method == "POST" else None
        return NeedsCreateForm(data, institutions=institutions)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request)
        if form.is_valid():
            try:
                analysis = needs_create(
                    institution=form.cleaned_data["institution"],
                    year=form.cleaned_data["year"],
                    actor=request.user,
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The needs analysis is computed from today's gaps."))
                return redirect("competencies:needs_detail", pk=analysis.pk)
        return self._render(request, form, status=400)

    def _render(
        self, request: HttpRequest, form: NeedsCreateForm, status: int = 200
    ) -> HttpResponse:
        ctx = {"title": _("New needs analysis"), "form": form}
        return render(request, "competencies/needs_create.html", ctx, status=status)


class NeedsDetailView(NeedsView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = _analysis(request, pk)
        lines = selectors.lines(analysis)
        draft = analysis.status == NeedsStatus.DRAFT
        may_change = draft and may(request.user, NeedsAnalysis, "change", analysis.institution_id)
        ctx = {
            "title": _("Needs analysis (AKPK) %(year)s") % {"year": analysis.year},
            "analysis": analysis,
            "lines": lines,
            "totals": selectors.totals(lines),
            "plans": selectors.approved_plans(analysis.institution_id, analysis.year),
            "may_change": may_change,
            "may_file": may_change and role_of(request.user) in FILERS,
        }
        return render(request, "competencies/needs_detail.html", ctx)


class NeedsRecomputeView(NeedsView):
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = _analysis(request, pk, "change")
        try:
            needs_recompute(analysis=analysis, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Recomputed from today's gaps; your adjustments are kept."))
        return redirect("competencies:needs_detail", pk=analysis.pk)


class NeedsFileView(NeedsView):
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = _analysis(request, pk, "change")
        try:
            needs_file(analysis=analysis, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Filed: the needs analysis no longer changes."))
        return redirect("competencies:needs_detail", pk=analysis.pk)


class NeedsLineEditView(NeedsView):
    action = "change"

    def _line(self, request: HttpRequest, pk: int, line: int) -> NeedsLine:
        analysis = _analysis(request, pk, "change")
        if analysis.status != NeedsStatus.DRAFT:
            raise PermissionDenied
        try:
            return analysis.lines.select_related("competency", "analysis__institution").get(pk=line)
        except NeedsLine.DoesNotExist:
            raise Http404 from None

    def _form(self, request: HttpRequest, line: NeedsLine) -> NeedsLineForm:
        offered = computation.catalogue(line.analysis.institution_id).get(line.code, [])
        choices = [
            (p.pk, f"{p.title} · {p.organiser.short_name or p.organiser.name}") for p in offered
        ]
        initial = {
            "form": line.form_id,
            "programmes": [p.get("id") for p in line.programmes],
            "estimated_jp": f"{line.estimated_jp.normalize():f}",
            "estimated_cost": f"{line.estimated_cost:f}",
            "priority": str(line.priority),
            "note": line.note,
        }
        data = request.POST if request.method == "POST" else None
        return NeedsLineForm(data, initial=initial, offered=choices)

    def get(self, request: HttpRequest, pk: int, line: int) -> HttpResponse:
        item = self._line(request, pk, line)
        return self._render(request, item, self._form(request, item))

    def post(self, request: HttpRequest, pk: int, line: int) -> HttpResponse:
        item = self._line(request, pk, line)
        form = self._form(request, item)
        if form.is_valid():
            try:
                needs_line_edit(line=item, changes=form.changes(), actor=request.user)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The line is saved."))
                return redirect(
                    reverse("competencies:needs_detail", args=[pk]) + f"#line-{item.code}"
                )
        return self._render(request, item, form, status=400)

    def _render(
        self, request: HttpRequest, line: NeedsLine, form: NeedsLineForm, status: int = 200
    ) -> HttpResponse:
        ctx: dict[str, Any] = {
            "title": _("Adjust the need for %(code)s") % {"code": line.code},
            "line": line,
            "analysis": line.analysis,
            "form": form,
        }
        return render(request, "competencies/needs_line_form.html", ctx, status=status)


class NeedsXlsxView(NeedsView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = _analysis(request, pk)
        lines = selectors.lines(analysis)
        response = HttpResponse(needs_xlsx(analysis, lines), content_type=XLSX)
        return as_attachment(
            response, _("akpk"), "xlsx", key=f"{analysis.institution.code}-{analysis.year}"
        )


class NeedsPdfView(NeedsView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = _analysis(request, pk)
        lines = selectors.lines(analysis)
        plans = selectors.approved_plans(analysis.institution_id, analysis.year)
        response = HttpResponse(needs_pdf(analysis, lines, plans), content_type="application/pdf")
        return as_attachment(
            response, _("akpk"), "pdf", key=f"{analysis.institution.code}-{analysis.year}"
        )


urlpatterns = [
    path("akpk/", NeedsListView.as_view(), name="needs"),
    path("akpk/baru/", NeedsCreateView.as_view(), name="needs_create"),
    path("akpk/<int:pk>/", NeedsDetailView.as_view(), name="needs_detail"),
    path("akpk/<int:pk>/hitung-ulang/", NeedsRecomputeView.as_view(), name="needs_recompute"),
    path("akpk/<int:pk>/ajukan/", NeedsFileView.as_view(), name="needs_file"),
    path("akpk/<int:pk>/baris/<int:line>/", NeedsLineEditView.as_view(), name="needs_line_edit"),
    path("akpk/<int:pk>/akpk.xlsx", NeedsXlsxView.as_view(), name="needs_xlsx"),
    path("akpk/<int:pk>/akpk.pdf", NeedsPdfView.as_view(), name="needs_pdf"),
]
