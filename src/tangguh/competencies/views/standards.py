"""Position standards (standar kompetensi jabatan): the tier × competency defaults,
a tier's edit page, the positions, one position's standard (view and its own items),
the standards sheet's import and the export.

Staff pages: reading them needs the register's positions (a civil servant sees their
own standard on their own page). ``?instansi=CODE`` names whose defaults a page shows
or edits; without it, the reader's institution's (the national defaults for the
national administrator). Reads through ``selectors_standards``; writes through
``services_standards`` / ``standards_import``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView
from tangguh.institutions.models import Institution
from tangguh.people.models import Position

from .. import selectors_standards as standards
from ..exports_standards import XLSX, source_label, standards_xlsx
from ..forms_standards import LevelsForm, StandardsImportForm, add_domain_errors
from ..models import StandardItem, Tier
from ..services_standards import position_standard_set, tier_standard_set
from ..standards_import import standards_import, standards_import_summary
from ..standards_import_spec import STANDARDS
from ..tiers import tier_of

# The menu entry the positions' pages mark (their names share a prefix with "plans").
MENU_ENTRY = "competencies:standards"


def _query(institution: Institution | None, explicit: bool) -> str:
    return f"?{urlencode({'instansi': institution.code})}" if institution and explicit else ""


class StaffReadView(RestrictedView):
    """Read by the register's staff (those who see positions)."""

    model = Position
    action = "view"


class StandardsView(StaffReadView):
    """Competency × tier: the national defaults and the institution's own."""

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("instansi")
        institution = standards.target_institution(user=request.user, code=code)
        ctx = {
            "title": _("Position standards"),
            "institution": institution,
            "query": _query(institution, bool(code)),
            "tiers": Tier.choices,
            "grid": standards.tier_grid(user=request.user, institution=institution),
            "may_edit": standards.may_edit(request.user, institution),
            "may_import": institution is not None and standards.may_edit(request.user, institution),
            "versions": standards.version_labels(institution.pk if institution else None),
        }
        return render(request, "competencies/standards_grid.html", ctx)


class StandardTierView(RestrictedView):
    """One tier's defaults, edited: the national ones or an institution's own."""

    model = StandardItem
    action = "change"

    def _setup(self, request: HttpRequest, tier: str) -> tuple[Institution | None, str]:
        if tier not in Tier.values:
            raise Http404
        code = request.GET.get("instansi")
        institution = standards.target_institution(user=request.user, code=code)
        if not standards.may_edit(request.user, institution):
            raise PermissionDenied
        return institution, _query(institution, bool(code))

    def _form(self, request: HttpRequest, tier: str, institution: Institution | None) -> Any:
        rows = standards.tier_items(user=request.user, tier=tier, institution=institution)
        if institution is None:
            initial = {c.code: cell.national for c, cell in rows}
            empty = {c.code: _("Not required") for c, _cell in rows}
        else:
            initial = {c.code: cell.own for c, cell in rows}
            empty = {
                c.code: (
                    _("National default (%(level)s)") % {"level": cell.national}
                    if cell.national
                    else _("Not required")
                )
                for c, cell in rows
            }
        data = request.POST if request.method == "POST" else None
        return LevelsForm(
            data,
            competencies=[c for c, _cell in rows],
            initial_levels=initial,
            empty_labels=empty,
        )

    def get(self, request: HttpRequest, tier: str) -> HttpResponse:
        institution, query = self._setup(request, tier)
        return self._page(request, tier, institution, query, self._form(request, tier, institution))

    def post(self, request: HttpRequest, tier: str) -> HttpResponse:
        institution, query = self._setup(request, tier)
        form = self._form(request, tier, institution)
        if form.is_valid():
            try:
                changes = tier_standard_set(
                    tier=tier, institution=institution, levels=form.levels(), actor=request.user
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                if changes:
                    messages.success(request, _("The tier's standard is saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect(reverse("competencies:standards") + query)
        return self._page(request, tier, institution, query, form, status=400)

    def _page(
        self,
        request: HttpRequest,
        tier: str,
        institution: Institution | None,
        query: str,
        form: Any,
        status: int = 200,
    ) -> HttpResponse:
        ctx = {
            "title": _("Standard for the tier %(tier)s") % {"tier": Tier(tier).label},
            "tier_label": Tier(tier).label,
            "institution": institution,
            "query": query,
            "form": form,
        }
        return render(request, "competencies/standards_tier.html", ctx, status=status)


class PositionsView(StaffReadView):
    """Positions in the reader's scope, with their tier and own items."""

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("instansi")
        institution = standards.target_institution(user=request.user, code=code) if code else None
        q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
        rows = standards.position_list(user=request.user, institution=institution, q=q)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        tiers = dict(Tier.choices)
        for position in page.object_list:
            position.tier_label = tiers.get(tier_of(position.kind, position.name), "")
        query = {k: v for k, v in (("instansi", code or ""), ("q", q)) if v}
        ctx = {
            "title": _("Positions' standards"),
            "institution": institution,
            "q": q,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.paginator.num_pages > 1,
            "query_string": urlencode(query),
            "current_url_name": MENU_ENTRY,
        }
        return render(request, "competencies/standards_positions.html", ctx)


class PositionStandardView(StaffReadView):
    """One position's standard: every level and where it comes from; its own items
    edited by the institution's administrator."""

    def _form(self, request: HttpRequest, position: Position, lines: list[Any]) -> LevelsForm:
        # The empty choice: what the position requires without its own item.
        defaults = standards.position_defaults(position)
        empty = {
            line.competency.code: (
                _("Default (%(level)s)") % {"level": defaults[line.competency.code]}
                if line.competency.code in defaults
                else _("Not required")
            )
            for line in lines
        }
        return LevelsForm(
            request.POST if request.method == "POST" else None,
            competencies=[line.competency for line in lines],
            initial_levels={line.competency.code: line.own for line in lines},
            empty_labels=empty,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        position = standards.position_get(user=request.user, pk=pk)
        lines = standards.position_standard(position)
        return self._page(request, position, lines, self._form(request, position, lines))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        position = standards.position_get(user=request.user, pk=pk)
        if not standards.may_edit(request.user, position.institution):
            raise PermissionDenied
        lines = standards.position_standard(position)
        form = self._form(request, position, lines)
        if form.is_valid():
            try:
                changes = position_standard_set(
                    position=position, levels=form.levels(), actor=request.user
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                if changes:
                    messages.success(request, _("The position's standard is saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("competencies:position_standard", pk=position.pk)
        return self._page(request, position, lines, form, status=400)

    def _page(
        self,
        request: HttpRequest,
        position: Position,
        lines: list[Any],
        form: LevelsForm,
        status: int = 200,
    ) -> HttpResponse:
        tier = tier_of(position.kind, position.name)
        ctx = {
            "title": position.name,
            "position": position,
            "tier_label": Tier(tier).label if tier else "",
            "lines": [
                {
                    "line": line,
                    "source": source_label(line.requirement.source) if line.requirement else "",
                    "field": form[f"level_{line.competency.code}"],
                }
                for line in lines
            ],
            "form": form,
            "may_edit": standards.may_edit(request.user, position.institution),
            "versions": standards.version_labels(position.institution_id),
            "current_url_name": MENU_ENTRY,
        }
        return render(request, "competencies/standards_position.html", ctx, status=status)


def _concrete_institution(request: HttpRequest) -> Institution:
    """The institution an import or export is about: ``?instansi=`` or the reader's own."""
    code = request.GET.get("instansi")
    institution = standards.target_institution(user=request.user, code=code) if code else None
    if institution is None:
        institution = getattr(request.user, "institution", None)
    if institution is None:
        raise Http404
    return institution


class StandardsImportView(RestrictedView):
    """The standards sheet's upload: judged whole, written whole or refused whole."""

    model = StandardItem
    action = "change"

    def _institution(self, request: HttpRequest) -> Institution:
        institution = _concrete_institution(request)
        if not standards.may_edit(request.user, institution):
            raise PermissionDenied
        return institution

    def get(self, request: HttpRequest) -> HttpResponse:
        institution = self._institution(request)
        return self._form_page(request, institution, StandardsImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        institution = self._institution(request)
        form = StandardsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._form_page(request, institution, form, status=400)
        upload = form.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        try:
            result = standards_import(
                source=upload,
                filename=name,
                institution=institution,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self._form_page(request, institution, form, status=400)
        ctx = {
            "title": _("Standards from %(name)s") % {"name": name},
            "file_name": name,
            "institution": institution,
            "query": _query(institution, True),
            "result": result,
            "summary_text": standards_import_summary(result),
            "errors": result.errors[:1000],
        }
        return render(
            request,
            "competencies/standards_import_result.html",
            ctx,
            status=400 if result.file_rejected else 200,
        )

    def _form_page(
        self, request: HttpRequest, institution: Institution, form: Any, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Import position standards"),
            "institution": institution,
            "query": _query(institution, True),
            "form": form,
            "columns": STANDARDS.columns,
        }
        return render(request, "competencies/standards_import.html", ctx, status=status)


class StandardsExportView(StaffReadView):
    """An institution's positions' standards as XLSX, in the import's columns."""

    def get(self, request: HttpRequest) -> HttpResponse:
        institution = _concrete_institution(request)
        response = HttpResponse(standards_xlsx(institution), content_type=XLSX)
        return as_attachment(response, _("position-standards"), "xlsx", key=institution.code)


urlpatterns = [
    path("standar/", StandardsView.as_view(), name="standards"),
    path("standar/jenjang/<str:tier>/", StandardTierView.as_view(), name="standard_tier"),
    path("standar/jabatan/", PositionsView.as_view(), name="positions"),
    path("standar/jabatan/<int:pk>/", PositionStandardView.as_view(), name="position_standard"),
    path("standar/impor/", StandardsImportView.as_view(), name="standards_import"),
    path("standar/unduh.xlsx", StandardsExportView.as_view(), name="standards_xlsx"),
]
