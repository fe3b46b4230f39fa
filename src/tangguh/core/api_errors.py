"""The one API exception handler: domain and Django errors become clear 4xx JSON."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain and Django errors become clear 4xx JSON: {"detail": ..., "errors": [...]}."""
    if isinstance(exc, DomainError):
        return Response(
            {"detail": str(exc.message), "code": exc.code, "errors": exc.errors},
            status=exc.status_code,
        )
    if isinstance(exc, DjangoValidationError):
        errors = []
        if hasattr(exc, "error_dict"):
            for field, field_errors in exc.message_dict.items():
                errors += [{"field": field, "message": m} for m in field_errors]
        else:
            errors = [{"field": None, "message": m} for m in exc.messages]
        return Response(
            {"detail": _("The data is not valid."), "code": "invalid", "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": _("You do not have permission to do this."), "code": "permission_denied"},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found."), "code": "not_found"}, status=404)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        # Serializer field errors: keep the fields, add a sentence.
        errors = [
            {"field": field, "message": str(m)}
            for field, msgs in response.data.items()
            for m in (msgs if isinstance(msgs, list) else [msgs])
        ]
        response.data = {"detail": _("The data is not valid."), "code": "invalid", "errors": errors}
    elif response is not None and isinstance(response.data, dict):
        response.data.setdefault("code", getattr(exc, "default_code", "error"))
    elif response is not None and isinstance(response.data, list):
        # A ValidationError about the whole request (raised with a list): no field.
        errors = [{"field": None, "message": str(m)} for m in response.data]
        response.data = {"detail": _("The data is not valid."), "code": "invalid", "errors": errors}
    return response
