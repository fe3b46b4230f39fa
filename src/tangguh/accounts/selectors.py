"""Reads on accounts, always through ``restrict()``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import ApiToken, ApiTokenQuerySet


def api_token_list(
    *, user: Any, action: str = "view", active: bool | None = None
) -> ApiTokenQuerySet:
    """The tokens ``user`` may see (or revoke, with ``action="delete"``), newest first.

    ``active``: True only tokens that still work, False only ended ones, None all.
    """
    qs: ApiTokenQuerySet = ApiToken.objects.restrict(user, action).select_related(  # type: ignore[assignment]
        "user", "user__institution", "revoked_by"
    )
    now = timezone.now()
    if active is True:
        qs = qs.active(now)
    elif active is False:
        qs = qs.exclude(revoked_at__isnull=True, expires_at__gt=now)
    return qs.order_by("-created_at", "-id")  # type: ignore[return-value]
