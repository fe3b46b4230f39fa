from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tangguh.core.api_filters import query_text
from tangguh.core.views import RestrictedDetailView, RestrictedListView

from . import selectors
from .filters import InstitutionFilter
from .models import Institution, InstitutionKind


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
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Institutions")
        ctx["form"] = self.filterset.form
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        ctx["kind_chips"] = self._kind_chips()
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
            query["kind"] = chip["value"]
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
