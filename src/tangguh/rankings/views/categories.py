"""Award categories: the list, define and change one (national administrator), and a
category's page: its definition, the method in plain words, the ranking computed now
for a period (``?periode=2020-2022``), and its publications. Writes go through
``services_categories``; reads through ``selectors_categories``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.certification.metrics import Period
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView
from tangguh.development.views.activities import form_refused

from ..forms_categories import CategoryForm
from ..models import Category, Publication
from ..ranking import kinds_phrase, period_of
from ..registry import display_value, get_metric
from ..selectors_categories import (
    category_get,
    category_list,
    category_publications,
    category_ranking,
)
from ..services_categories import category_create, category_update, input_of

NAV = "rankings:categories"


def requested_period(request: HttpRequest, category: Category) -> tuple[Period, str]:
    """The period asked for in ``?periode=`` (else the category's) and the refusal, if any."""
    default = period_of(category)
    text = (request.GET.get("periode") or "").strip()[:20]
    if not text:
        return default, ""
    try:
        period = period_of(category, text)
        get_metric(category.metric).check_period(period)
    except DomainError as exc:
        return default, str(exc.message)
    return period, ""


def competitors_text(category: Category) -> str:
    return ", ".join(str(k) for k in kinds_phrase(category.competitor_kinds or ()))


class CategoryListView(RestrictedView):
    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = []
        for category in category_list(request.user):
            try:
                metric_label = str(get_metric(category.metric).label)
            except DomainError:
                metric_label = category.metric
            rows.append(
                {
                    "category": category,
                    "metric": metric_label,
                    "competitors": competitors_text(category),
                    "period": str(period_of(category)),
                }
            )
        ctx = {
            "title": _("Award categories"),
            "rows": rows,
            "may_add": has_permission(request.user, Category, "add"),
            "current_url_name": NAV,
        }
        return render(request, "rankings/categories/list.html", ctx)


class CategoryDetailView(RestrictedView):
    """The definition, the method and the ranking computed from the records now."""

    model = Category

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        category = category_get(request.user, code)
        period, refusal = requested_period(request, category)
        ranking = None
        try:
            ranking = category_ranking(category, period)
        except DomainError as exc:  # a definition that no longer ranks (a metric withdrawn)
            refusal = str(exc.message)
        unit = ranking.metric.unit if ranking else ""
        rows = [
            {"row": row, "display": display_value(row.value, unit)}
            for row in (ranking.rows if ranking else [])
        ]
        ctx = {
            "title": category.name(),
            "category": category,
            "competitors": competitors_text(category),
            "period": period,
            "period_text": str(period),
            "is_default_period": period == period_of(category),
            "refusal": refusal,
            "ranking": ranking,
            "rows": rows,
            "method": ranking.method() if ranking else None,
            "publications": category_publications(request.user, category),
            "may_change": has_permission(request.user, Category, "change"),
            "may_publish": has_permission(request.user, Publication, "add"),
            "current_url_name": NAV,
        }
        return render(
            request, "rankings/categories/detail.html", ctx, status=400 if refusal else 200
        )


class _CategoryFormView(RestrictedView):
    template = "rankings/categories/form.html"

    def page(
        self, form: CategoryForm, category: Category | None, status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": _("Change the category") if category else _("New award category"),
            "form": form,
            "category": category,
            "current_url_name": NAV,
        }
        return render(self.request, self.template, ctx, status=status)


class CategoryCreateView(_CategoryFormView):
    model = Category
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(CategoryForm(initial={"direction": "desc", "tie_rule": "shared"}), None)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CategoryForm(request.POST)
        if not form.is_valid():
            return self.page(form, None, status=400)
        try:
            category = category_create(data=form.to_input(), actor=request.user)
        except DomainError as exc:
            form_refused(form, exc)
            return self.page(form, None, status=400)
        messages.success(
            request, _("The category %(name)s is defined.") % {"name": category.name()}
        )
        return redirect("rankings:category", code=category.code)


class CategoryEditView(_CategoryFormView):
    model = Category
    action = "change"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        category = category_get(request.user, code, "change")
        initial: dict[str, Any] = vars(input_of(category))
        return self.page(CategoryForm(initial=initial, editing=True), category)

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        category = category_get(request.user, code, "change")
        form = CategoryForm(request.POST, editing=True)
        if not form.is_valid():
            return self.page(form, category, status=400)
        try:
            category = category_update(category=category, data=form.to_input(), actor=request.user)
        except DomainError as exc:
            form_refused(form, exc)
            return self.page(form, category, status=400)
        messages.success(
            request, _("The category %(name)s is changed.") % {"name": category.name()}
        )
        return redirect("rankings:category", code=category.code)
