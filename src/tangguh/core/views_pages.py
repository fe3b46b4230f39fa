"""Pages every user sees: home redirect and the dashboard."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .navigation import dashboard_cards
from .views import LoggedInTemplateView


def home(request: HttpRequest) -> HttpResponse:
    return redirect("core:dashboard" if request.user.is_authenticated else "accounts:login")


class DashboardView(LoggedInTemplateView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["title"] = _("Dashboard")
        ctx["institution"] = getattr(user, "institution", None)
        ctx["cards"] = sorted(dashboard_cards(user), key=lambda c: c.get("order", 100))
        return ctx
