from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from tangguh.core.api_filters import query_text
from tangguh.core.scoping import has_permission, institution_ids_in_scope
from tangguh.core.sorting import Column, parse_sort, sort_choices, sort_headers
from tangguh.core.views import LoginRequiredMixin, RestrictedDetailView, RestrictedListView

from . import selectors
from .filters import InstitutionFilter
from .models import Institution, InstitutionKind
from .widgets import PICKER_PURPOSES, picker_options

# The directory is 627 rows: every column sorts cheaply.
COLUMNS = [
    Column("code", _("Code"), ("code",)),
    Column("name", _("Name"), ("name", "code")),
    Column("kind", _("Kind"), ("kind", "code")),
    Column("parent", _("Part of"), ("parent__name", "code")),
]


class InstitutionListView(RestrictedListView):
    model = Institution
    template_name = "institutions/list.html"
    paginate_by = 50

    def get_template_names(self) -> list[str]:
        if self.request.htmx and not self.request.htmx.boosted:  # type: ignore[attr-defined]
            return ["institutions/_results.html"]
        return [self.template_name]

    def get_queryset(self) -> Any:
        # The API's filters (``filters.py``); a value that does not validate is dropped.
        self.filterset = InstitutionFilter(
            self.request.GET,
            selectors.institution_list(user=self.request.user),
            request=self.request,
        )
        self.sort = parse_sort(self.request.GET.get("sort"), COLUMNS, "code")
        return self.filterset.qs.order_by(*self.sort.order_by)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Institutions")
        ctx["form"] = self.filterset.form
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        ctx["kind_chips"] = self._kind_chips()
        ctx["headers"] = sort_headers(self.request.GET, COLUMNS, self.sort)
        ctx["sort_choices"] = sort_choices(COLUMNS, self.sort)
        ctx["sort"] = self.sort.param
        applied = self.filterset.applied()
        ctx["filtered"] = bool(applied)
        ctx["active_filters"] = len(applied)
        return ctx

    def _kind_chips(self) -> list[dict[str, Any]]:
        """Counts per kind for the current search and province: one grouped query."""
        others = self.request.GET.copy()
        others.pop("kind", None)
        matching = InstitutionFilter(
            others, selectors.institution_list(user=self.request.user), request=self.request
        ).qs
        counts = dict(matching.order_by().values_list("kind").annotate(n=Count("id")))
        kind = self.filterset.value_of("kind") or ""
        chips = [{"value": "", "label": _("All"), "count": sum(counts.values())}]
        chips += [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in InstitutionKind.choices
            if counts.get(value) or kind == value
        ]
        for chip in chips:
            query = self.request.GET.copy()
            query.pop("page", None)
            query["kind"] = str(chip["value"])
            chip["query"] = query.urlencode()
            chip["active"] = kind == chip["value"]
        return chips


class InstitutionDetailView(RestrictedDetailView):
    model = Institution
    template_name = "institutions/detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_object(self, queryset: Any = None) -> Any:
        if query_text(self.kwargs["code"]) is None:  # "%00" in the path: no such code
            raise Http404
        return super().get_object(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        inst = self.object
        ctx["title"] = inst.name
        ctx["children"] = selectors.institution_children(user=self.request.user, institution=inst)
        ctx["name_changes"] = inst.name_changes.all()
        return ctx


class InstitutionPickView(LoginRequiredMixin, View):
    """The picker's options (``widgets``): the institutions the user may use for
    one purpose (``?for=``) matching ``?cari=``, the chosen one (``?<field>=``) first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        purpose = PICKER_PURPOSES.get(request.GET.get("for", ""))
        if purpose is None:
            raise Http404
        model = apps.get_model(purpose.model_label)
        if not has_permission(request.user, model, purpose.action):
            raise PermissionDenied
        ids = institution_ids_in_scope(request.user, model, purpose.action)
        if ids is not None and not ids:  # only their own record (a civil servant): no picking
            raise PermissionDenied
        institutions = Institution.objects.all()
        if ids is not None:
            institutions = institutions.filter(id__in=ids)
        field = request.GET.get("field", "institution")
        if not field.isidentifier():
            raise Http404
        options = picker_options(
            institutions,
            text=query_text(request.GET.get("cari"), max_length=100) or "",
            selected=query_text(request.GET.get(field), max_length=20) or "",
        )
        ctx = {
            "options": options,
            "field": field,
            "empty_label": _("All institutions") if request.GET.get("empty") else None,
            "required": bool(request.GET.get("required")),
        }
        return render(request, "institutions/widgets/_picker_options.html", ctx)
