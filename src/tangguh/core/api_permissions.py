"""API policy: the scoped permission class and pagination.

Kept apart from the views so DRF can import it from settings without a cycle.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
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
        if action is None and not hasattr(view, request.method.lower()):
            # A method no view takes (TRACE…) is 405 like anywhere else in DRF:
            # refusing it is not a view with a missing action mapping.
            raise exceptions.MethodNotAllowed(request.method)
        if action is None:
            raise ImproperlyConfigured(f"{type(view).__name__} maps no action to {request.method}")
        return has_permission(request.user, model, action)


class StrictPageSize:
    """``page_size`` that is not a whole number from 1 up is a 400, not silently the default.

    Larger than ``max_page_size`` is capped (a client asking for "everything"
    gets the most there is per page); blank means the default, like a blank filter.
    """

    page_size: int | None
    page_size_query_param: str | None = "page_size"
    max_page_size: int | None = 500

    def get_page_size(self, request: Any) -> int | None:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a whole number of rows, 1 or more.")]}
            )
        return min(int(raw), self.max_page_size or int(raw))

    def validate_query(self, request: Any) -> None:
        """Refuse a bad ``page`` or ``page_size`` where nothing is paginated (a file report)."""
        self.get_page_size(request)
        page_param = getattr(self, "page_query_param", None)
        raw = request.query_params.get(page_param, "") if page_param else ""
        if raw not in ("", "last") and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise exceptions.NotFound(_("Invalid page."))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] in (
                self.page_size_query_param,
                getattr(self, "page_query_param", None),
            ):
                parameter["schema"]["minimum"] = 1
        return parameters


class Pagination(StrictPageSize, PageNumberPagination):
    pass
