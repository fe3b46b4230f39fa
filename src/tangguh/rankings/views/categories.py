"""Award categories: list, define, the computed ranking, the drill-down (helper B)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tangguh.core.views import RestrictedView

from ..models import Category


class CategoryListView(RestrictedView):
    model = Category

    def get(self, request: HttpRequest) -> HttpResponse:
        categories = Category.objects.restrict(request.user, "view")
        return render(request, "rankings/categories.html", {"categories": categories})
