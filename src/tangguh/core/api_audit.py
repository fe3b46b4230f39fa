"""``GET /api/v1/audit/``: the audit entries in the caller's scope, filtered, newest first.

The filters are the audit page's form (one definition); reading is itself recorded.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .api import RestrictedAPIMixin
from .api_permissions import StrictPageSize
from .audit import action_choices, action_label, audit_read
from .exports_audit import describe_query
from .models import AuditEntry
from .selectors_audit import AuditFilterForm, audit_entry_list


class AuditPagination(StrictPageSize, CursorPagination):
    """Keyset pages by id (insertion order): no COUNT and no OFFSET over a growing table."""

    ordering = ("-id",)
    page_size = 50


class AuditEntrySerializer(serializers.ModelSerializer):
    time = serializers.DateTimeField(source="created_at", read_only=True)
    actor = serializers.CharField(
        source="actor.username", default=None, allow_null=True, read_only=True,
        help_text="Username; null: the system (command line, background task).",
    )  # fmt: skip
    actor_name = serializers.CharField(
        source="actor.display_name", default=None, allow_null=True, read_only=True
    )
    action_label = serializers.SerializerMethodField(help_text="The action in your language.")
    institution_code = serializers.CharField(
        source="institution.code", default=None, allow_null=True, read_only=True
    )
    institution = serializers.CharField(
        source="institution.name", default=None, allow_null=True, read_only=True
    )
    query_text = serializers.SerializerMethodField(help_text="The query in one line.")
    target = serializers.CharField(source="target_repr", read_only=True)
    details = serializers.JSONField(source="data", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id", "time", "actor", "actor_name", "action", "action_label", "institution_code",
            "institution", "people_count", "query", "query_text", "target_type", "target_id",
            "target", "details",
        ]  # fmt: skip

    def get_action_label(self, obj: AuditEntry) -> str:
        return action_label(obj.action)

    def get_query_text(self, obj: AuditEntry) -> str:
        return describe_query(obj.query)


def _filter_parameters() -> list[OpenApiParameter]:
    """The schema's filters, from the page's form (so both stay one definition)."""
    kinds = {"date_from": OpenApiTypes.DATE, "date_to": OpenApiTypes.DATE}
    described = {
        "nip": "The person: a NIP or NI PPPK (18 digits; spaces allowed).",
        "user": "The acting user's username (case-insensitive).",
        "action": "An action code, e.g. people.export.",
        "date_from": "From this day (inclusive, local time).",
        "date_to": "Until this day (inclusive, local time).",
    }
    codes = ["", *(code for code, _label in action_choices())]
    return [
        OpenApiParameter(
            name,
            kinds.get(name, OpenApiTypes.STR),
            OpenApiParameter.QUERY,
            description=described[name],
            enum=codes if name == "action" else None,
        )
        for name in AuditFilterForm.base_fields
    ]


class AuditEntryListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Who read or changed whose data: an institution's administrator sees its own entries,
    an auditor their tree (the national auditor every entry), a national administrator all."""

    scoped_model = AuditEntry
    serializer_class = AuditEntrySerializer
    pagination_class = AuditPagination
    filter_backends: list[Any] = []

    @extend_schema(parameters=_filter_parameters())
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = AuditFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        qs = audit_entry_list(user=request.user, **form.selector_kwargs())
        rows = list(self.paginate_queryset(qs) or [])
        nip = form.cleaned_data.get("nip")
        audit_read(
            request=request, action="core.audit.view", nips=[nip] if nip else [],
            data={"entries": len(rows)},
        )  # fmt: skip
        return self.get_paginated_response(AuditEntrySerializer(rows, many=True).data)
