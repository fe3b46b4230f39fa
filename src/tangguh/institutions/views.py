from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tangguh.core.api_filters import query_text
from tangguh.core.views import RestrictedDetailView, RestrictedListView

from . import selectors
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
        f = self.filters()
        return selectors.institution_list(
            user=self.request.user,
            kind=f["kind"] or None,
            parent_code=f["province"] or None,
            q=f["q"] or None,
        )

    def filters(self) -> dict[str, str]:
        """The GET filters; a value no filter can use (a NUL, 300 characters) is ignored."""
        return {k: query_text(self.request.GET.get(k)) or "" for k in ("q", "kind", "province")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Institutions")
        ctx["kinds"] = InstitutionKind.choices
        ctx["provinces"] = Institution.objects.restrict(self.request.user).filter(kind="provinsi")
        ctx["filters"] = self.filters()
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        ctx["kind_chips"] = self._kind_chips(ctx["filters"])
        return ctx

    def _kind_chips(self, filters: dict[str, str]) -> list[dict[str, Any]]:
        """Counts per kind for the current search and province: one grouped query."""
        matching = selectors.institution_list(
            user=self.request.user, parent_code=filters["province"] or None, q=filters["q"] or None
        )
        counts = dict(matching.order_by().values_list("kind").annotate(n=Count("id")))
        chips = [{"value": "", "label": _("All"), "count": sum(counts.values())}]
        chips += [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in InstitutionKind.choices
            if counts.get(value) or filters["kind"] == value
        ]
        for chip in chips:
            query = self.request.GET.copy()
            query.pop("page", None)
            query["kind"] = chip["value"]
            chip["query"] = query.urlencode()
            chip["active"] = filters["kind"] == chip["value"]
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
