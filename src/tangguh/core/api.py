"""API base views: the queryset is the model's, restricted to the user and the action."""

from typing import Any

from rest_framework import generics

from .api_schema import ErrorDocumentingAutoSchema

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedAPIMixin:
    """Mixin for API views: the queryset is the model's, restricted to the user and action."""

    scoped_model: Any = None
    action_map: dict[str, str] = {}
    schema = ErrorDocumentingAutoSchema()

    def scoped_action(self, request: Any) -> str | None:
        return self.action_map.get(request.method) or METHOD_ACTIONS.get(request.method)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            # Schema generation has no user: an empty queryset of the model lets
            # drf-spectacular describe the filters without querying anything.
            return self.scoped_model.objects.none()
        action = self.scoped_action(self.request)  # type: ignore[attr-defined]
        return self.scoped_model.objects.restrict(self.request.user, action)  # type: ignore[attr-defined]


class RestrictedListAPIView(RestrictedAPIMixin, generics.ListAPIView):
    pass


class RestrictedRetrieveAPIView(RestrictedAPIMixin, generics.RetrieveAPIView):
    pass
