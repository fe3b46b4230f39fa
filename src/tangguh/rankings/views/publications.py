"""Published rankings: publish (national administrator), the list, the frozen table with
its versions and differences, the frozen drill-down, the XLSX, the award certificates.

Every signed-in user reads a published table; the records behind a value follow the
same rule as the live drill-down (``access.may_see_records``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from .. import selectors_publications as selectors
from .. import snapshot
from ..access import may_see_records
from ..exports_publications import XLSX, publication_xlsx
from ..models import Category, Publication, PublishedRow
from ..registry import display_value, get_metric, record_for_reader
from ..services_publications import ranking_publish

RECORDS_PER_PAGE = 100
_CODE = "0CODE0"  # a placeholder no institution code contains
# The kinds of record an explanation lists (registry.Record.kind), as a reader names them.
RECORD_KINDS = {
    "budget_revision": gettext_lazy("budget revision"),
    "scheme": gettext_lazy("certification scheme"),
    "civil_servant": gettext_lazy("civil servant"),
    "participation": gettext_lazy("participation"),
    "certificate": gettext_lazy("certificate"),
    "ledger_entry": gettext_lazy("JP ledger entry"),
}


def kind_label(kind: str) -> str:
    return str(RECORD_KINDS.get(kind, kind))


def published_name(publication: Publication) -> str:
    """The category's name as published, in the active language."""
    definition = publication.definition
    if (get_language() or "id").startswith("en") and definition.get("name_en"):
        return str(definition["name_en"])
    return str(definition.get("name_id") or publication.category.code)


def published_value(value: Any, unit: str) -> str:
    return display_value(None if value is None else Decimal(str(value)), unit)


def _category_url(category: Category, period: str) -> str:
    url = reverse("rankings:category", args=[category.code])
    return f"{url}?periode={period}" if period else url


class PublishView(RestrictedView):
    """POST: publish the category's ranking for ``periode`` (a correction needs ``reason``)."""

    model = Publication
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        category = get_object_or_404(Category.objects.restrict(request.user, "view"), code=code)
        period = (request.POST.get("periode") or request.POST.get("period") or "").strip()[:20]
        try:
            publication = ranking_publish(
                category=category,
                period=period or None,
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            # Back to the category, at the period asked for unless that was what was wrong.
            return redirect(_category_url(category, "" if error.code == "period" else period))
        messages.success(
            request,
            _("Version %(version)s of the ranking is published.")
            % {"version": publication.version},
        )
        return redirect("rankings:publication", pk=publication.pk)


class PublicationListView(RestrictedView):
    model = Publication

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.publications(request.user).select_related("published_by")
        page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
        for publication in page.object_list:
            publication.shown_name = published_name(publication)  # type: ignore[attr-defined]
        return render(
            request,
            "rankings/publications/list.html",
            {"title": _("Published rankings"), "page": page, "publications": page.object_list},
        )


def _publication(request: HttpRequest, pk: int) -> Publication:
    publication = selectors.publication_get(request.user, pk)
    if publication is None:
        raise Http404
    return publication


class PublicationView(RestrictedView):
    """The frozen table: never loads the records behind the values."""

    model = Publication

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = _publication(request, pk)
        unit = publication.definition.get("unit", "count")
        differences = selectors.differences(publication)
        rows = selectors.rows(publication)
        # One reverse per kind of link, not one per row (the page is read at Rakornas).
        explain = reverse("rankings:publication_explain", args=[publication.pk, _CODE])
        award = reverse("rankings:award_pdf", args=[publication.pk, _CODE])
        for row in rows:
            row.shown = published_value(row.value, unit)  # type: ignore[attr-defined]
            row.explain_url = explain.replace(_CODE, row.institution_code)  # type: ignore[attr-defined]
            row.award_url = award.replace(_CODE, row.institution_code)  # type: ignore[attr-defined]
            row.change = differences.for_code(row.institution_code) if differences else None  # type: ignore[attr-defined]
        if differences:
            for change in differences.changes:
                change.old_shown = published_value(change.old_value, unit)  # type: ignore[attr-defined]
                change.new_shown = published_value(change.new_value, unit)  # type: ignore[attr-defined]
        return render(
            request,
            "rankings/publications/detail.html",
            {
                "title": published_name(publication),
                "p": publication,
                "name": published_name(publication),
                "rows": rows,
                "winners": [row for row in rows if row.awarded],
                "method": Message.from_json(publication.method),
                "verified": snapshot.verify(publication),
                "versions": selectors.versions(request.user, publication),
                "newer": selectors.newer_version(publication),
                "differences": differences,
                "may_publish": has_permission(request.user, Publication, "add"),
            },
        )


class PublicationExplainView(RestrictedView):
    """One institution's frozen value and the records behind it as published."""

    model = Publication

    def get(self, request: HttpRequest, pk: int, institution: str) -> HttpResponse:
        publication = _publication(request, pk)
        row = selectors.row_with_records(publication, institution[:16])
        if row is None:
            raise Http404
        unit = publication.definition.get("unit", "count")
        try:
            metric = get_metric(publication.definition.get("metric", ""))
            allowed = may_see_records(request.user, metric, row.institution_id)
        except DomainError:  # a metric no longer registered: its records stay private
            allowed = False
        records = row.records if allowed else []
        counts: dict[str, int] = {}
        for record in row.records:
            counts[record.get("kind", "")] = counts.get(record.get("kind", ""), 0) + 1
        page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("halaman"))
        page.object_list = [record_for_reader(record) for record in page.object_list]
        for record in page.object_list:
            record["shown"] = published_value(record.get("contribution"), _record_unit(unit, row))
            record["kind_label"] = kind_label(record.get("kind", ""))
        return render(
            request,
            "rankings/publications/explain.html",
            {
                "title": f"{row.institution_name} · {published_name(publication)}",
                "p": publication,
                "name": published_name(publication),
                "row": row,
                "value_shown": published_value(row.value, unit),
                "numerator_shown": published_value(row.numerator, _record_unit(unit, row)),
                "denominator_shown": published_value(row.denominator, "count"),
                "total_shown": published_value(
                    sum_contributions(row.records), _record_unit(unit, row)
                ),
                "method": Message.from_json(publication.method),
                "allowed": allowed,
                "page": page,
                "counts": sorted((kind_label(k), n) for k, n in counts.items()),
            },
        )


def _record_unit(unit: str, row: PublishedRow) -> str:
    """A ratio's records add up to its numerator, counted (or in Rupiah for a budget share)."""
    if row.denominator is None:
        return unit
    return "rupiah" if unit == "rupiah" else "count"


def sum_contributions(records: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(str(r.get("contribution") or 0)) for r in records), Decimal(0))


class PublicationXlsxView(RestrictedView):
    model = Publication

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = _publication(request, pk)
        content = publication_xlsx(publication, selectors.rows(publication))
        response = HttpResponse(content, content_type=XLSX)
        filename = f"peringkat-{publication.definition.get('code', 'x')}-{publication.period_label}"
        response["Content-Disposition"] = (
            f'attachment; filename="{filename}-v{publication.version}.xlsx"'
        )
        return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class AwardPdfView(RestrictedView):
    """One winner's certificate (piagam penghargaan); 404 for an institution not awarded."""

    model = Publication

    def get(self, request: HttpRequest, pk: int, institution: str) -> HttpResponse:
        from ..pdf_award import awards_pdf

        publication = _publication(request, pk)
        row = next(
            (r for r in selectors.winners(publication) if r.institution_code == institution[:16]),
            None,
        )
        if row is None:
            raise Http404
        return _pdf_response(
            awards_pdf(publication, [row]),
            f"piagam-{publication.definition.get('code', 'x')}-{row.institution_code}.pdf",
        )


class AwardsPdfView(RestrictedView):
    """Every winner's certificate, one page each."""

    model = Publication

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from ..pdf_award import awards_pdf

        publication = _publication(request, pk)
        winners = selectors.winners(publication)
        if not winners:
            raise Http404
        return _pdf_response(
            awards_pdf(publication, winners),
            f"piagam-{publication.definition.get('code', 'x')}-v{publication.version}.pdf",
        )
