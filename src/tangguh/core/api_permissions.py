"""API policy: the scoped permission class and pagination.

Kept apart from the views so DRF can import it from settings without a cycle.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination

from .scoping import has_permission


class RestrictedPermission(permissions.BasePermission):
    """Default permission of every API view: the role must be granted the action.

    A view that does not say which model it scopes refuses to run rather than
    answer unrestricted.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        model = getattr(view, "scoped_model", None)
        if model is None:
            raise ImproperlyConfigured(f"{type(view).__name__} declares no scoped_model")
        action = view.scoped_action(request)
        if action is None:
            raise ImproperlyConfigured(f"{type(view).__name__} maps no action to {request.method}")
        return has_permission(request.user, model, action)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
