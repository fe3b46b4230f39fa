"""OpenAPI description of what can go wrong: every operation documents its error answers.

The one exception handler (``api_errors``) gives every error the same body; this
schema class says so on every operation, with the statuses that operation can
really answer, so that clients (and the schemathesis tests) can rely on the
schema for errors as much as for successes. A view declares what is particular
to it (409, 429, 404 for an institution out of scope) with ``extend_schema``.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .converters import ObjectIdConverter
from .scoping import has_permission

ERROR_DESCRIPTIONS = {
    400: "The input, a filter or the request's body does not validate; `errors` lists the fields.",
    401: "No credentials where a grant is needed, or a bad or inactive token.",
    403: "The role has no grant for this action.",
    404: "No such object, or outside the user's scope (indistinguishable on purpose).",
    409: "The request conflicts with the current state (e.g. already decided).",
    415: "The body is in a media type this endpoint does not read.",
    429: "Too many failed sign-ins: signing in is paused.",
}


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="null: a problem of the whole request")
    message = serializers.CharField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Validation",
            value={
                "detail": "The data is not valid.",
                "code": "invalid",
                "errors": [{"field": "kind", "message": "Select a valid choice."}],
            },
        )
    ]
)
class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (see docs/api.md, Errors)."""

    detail = serializers.CharField(help_text="A sentence for people, in the request's language.")
    code = serializers.CharField(help_text="Stable for programs: invalid, not_found, conflict, …")
    errors = FieldErrorSerializer(many=True, required=False)

    class Meta:
        ref_name = "Error"


def error_responses(*statuses: int) -> dict[int, Any]:
    """``extend_schema(responses={**ok, **error_responses(404, 409)})`` for a view's own errors."""
    return {s: ErrorSerializer for s in statuses}


class ErrorDocumentingAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers each operation can give."""

    def _error_statuses(self) -> set[int]:
        statuses = {401}  # a bad token is refused on every endpoint, public ones too
        if not self._is_public_by_permission_class():
            statuses.add(403)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            statuses |= {400, 415}  # a body that does not validate, or not JSON nor a form
        parameters = self._get_parameters()
        if any(p.get("in") == "query" for p in parameters):
            statuses.add(400)
        if any(p.get("in") == "path" for p in parameters):
            statuses.add(404)
        if any(p.get("name") in ("page", "cursor", "format") for p in parameters):
            statuses.add(404)  # past the last page, a broken cursor, an unknown format
        return statuses

    def _is_public_by_permission_class(self) -> bool:
        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _is_open_to_visitors(self) -> bool:
        if self._is_public_by_permission_class():
            return True
        from .api import METHOD_ACTIONS  # the views import this module

        model = getattr(self.view, "scoped_model", None)
        # drf-spectacular sets action_map (a viewset notion) to None on the views it inspects.
        action_map = type(self.view).__dict__.get("action_map") or getattr(
            type(self.view), "action_map", {}
        )
        action = action_map.get(self.method) or METHOD_ACTIONS.get(self.method)
        return model is not None and bool(action) and has_permission(AnonymousUser(), model, action)

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            # Blank is no value on every list (core.api_filters): ``?status=`` filters
            # nothing, ``?page=`` is the first page. The schema says so, so clients and
            # schemathesis know that blank is accepted, and a type (integer) stays exact.
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _resolve_path_parameters(self, variables: Any) -> list[dict[str, Any]]:
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            # The converter reads any segment (to answer a JSON 404); what it means is an id.
            if parameter["schema"].get("pattern") == f"^{ObjectIdConverter.regex}$":
                parameter["schema"] = {"type": "integer"}
        return parameters

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if {} not in auths and self._is_open_to_visitors():
            auths.append({})  # the empty requirement: no credentials needed
        return auths

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in sorted(self._error_statuses() | self._declared_error_statuses(responses)):
            response = responses.get(str(status)) or self._get_response_for_code(
                ErrorSerializer, str(status), direction=direction
            )
            if not response.get("description"):
                response["description"] = ERROR_DESCRIPTIONS.get(status, "")
            responses[str(status)] = response
        return dict(sorted(responses.items()))

    def _declared_error_statuses(self, responses: dict[str, Any]) -> set[int]:
        return {int(code) for code in responses if code.isdigit() and int(code) >= 400}
