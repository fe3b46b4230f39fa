"""``GET /api/v1/audit/``: the audit entries in the caller's scope, filtered, newest first.

The filters are the audit page's (``filters_audit.AuditFilter``); reading is itself recorded.
"""

from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .api import RestrictedAPIMixin
from .api_permissions import StrictPageSize
from .audit import action_label, audit_read
from .exports_audit import describe_query
from .filters import FilterBackend
from .filters_audit import AuditFilter
from .models import AuditEntry
from .selectors_audit import audit_entry_list


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


class AuditEntryListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Who read or changed whose data: an institution's administrator sees its own entries,
    an auditor their tree (the national auditor every entry), a national administrator all."""

    scoped_model = AuditEntry
    serializer_class = AuditEntrySerializer
    pagination_class = AuditPagination
    filter_backends = [FilterBackend]
    filterset_class = AuditFilter  # the page's and the export's filters

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return audit_entry_list(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        nip = self.filterset.value_of("nip")
        audit_read(
            request=request, action="core.audit.view", nips=[nip] if nip else [],
            data={"entries": len(rows)},
        )  # fmt: skip
        return self.get_paginated_response(AuditEntrySerializer(rows, many=True).data)
