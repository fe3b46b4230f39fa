"""Reads on accounts, always through ``restrict()``."""

from __future__ import annotations

from typing import Any

from .models import ApiToken, ApiTokenQuerySet


def api_token_list(*, user: Any, action: str = "view") -> ApiTokenQuerySet:
    """The tokens ``user`` may see (or revoke, with ``action="delete"``), newest first;
    ``filters.TokenFilter`` narrows them to the working or the ended ones."""
    qs: ApiTokenQuerySet = ApiToken.objects.restrict(user, action).select_related(  # type: ignore[assignment]
        "user", "user__institution", "revoked_by"
    )
    return qs.order_by("-created_at", "-id")  # type: ignore[return-value]
