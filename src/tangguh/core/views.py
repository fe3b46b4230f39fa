"""Base views: every page states the model and action it needs; the queryset is restricted."""

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from .scoping import has_permission


class RestrictedViewMixin:
    """Refuse (403, or the login page for visitors) unless the role has the action.

    Set ``model`` and ``action``; the queryset then holds only rows in the user's scope,
    so an object outside it answers 404.
    """

    model: Any = None
    action = "view"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no model")
        if not has_permission(request.user, self.model, self.action):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self) -> Any:
        return self.model.objects.restrict(self.request.user, self.action)  # type: ignore[attr-defined]


class LoginRequiredMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RestrictedListView(RestrictedViewMixin, ListView):
    paginate_by = 50


class RestrictedDetailView(RestrictedViewMixin, DetailView):
    pass


class RestrictedView(RestrictedViewMixin, View):
    pass


class LoggedInTemplateView(LoginRequiredMixin, TemplateView):
    pass


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
