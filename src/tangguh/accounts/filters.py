"""API tokens' filter, once for the page (``/akun/token/``, its chips) and ``/api/v1/auth/tokens/``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.filters import BooleanFilter, ListFilterSet

from .models import ApiToken, ApiTokenQuerySet


class TokenFilter(ListFilterSet):
    active = BooleanFilter(
        label=_("Working"),
        method="by_active",
        help_text="true: only tokens that work; false: only ended ones",
    )

    # The page opens on the tokens that work; ``?active=`` (blank) shows them all.
    page_defaults = {"active": "true"}

    class Meta:
        model = ApiToken
        fields: list[str] = []

    def by_active(self, queryset: ApiTokenQuerySet, name: str, value: bool) -> Any:
        now = timezone.now()
        if value:
            return queryset.active(now)
        return queryset.exclude(revoked_at__isnull=True, expires_at__gt=now)  # not active()
