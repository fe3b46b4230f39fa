"""Writes on accounts: API tokens are issued and revoked here, each with an audit entry."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tangguh.core.audit import audit_record

from .models import ApiToken, User

KEY_PREFIX = "tgh_"
# Characters of the key kept in clear to recognise it ("tgh_" and 8 random ones).
VISIBLE_LENGTH = len(KEY_PREFIX) + 8
# Tokens that ended (expired or revoked) longer ago than this are deleted when their
# owner gets a new one, so ended tokens do not pile up; the audit entries of their
# issue and revocation stay.
PRUNE_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def api_token_hash(key: str) -> str:
    # A key is 240 random bits: a plain SHA-256 cannot be reversed or guessed,
    # and a slow password hash would cost every API request.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def api_token_lifetime() -> timedelta:
    return timedelta(days=settings.TANGGUH_API_TOKEN_DAYS)


def api_token_issue(*, user: User, name: str = "", actor: Any = None) -> IssuedToken:
    """A new token for ``user`` (every call makes another one), valid for the configured days."""
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    now = timezone.now()
    with transaction.atomic():
        ended = now - PRUNE_AFTER
        ApiToken.objects.filter(
            Q(expires_at__lte=ended) | Q(revoked_at__lte=ended), user=user
        ).delete()
        token = ApiToken(
            user=user,
            name=name.strip()[:100],
            prefix=key[:VISIBLE_LENGTH],
            key_hash=api_token_hash(key),
            expires_at=now + api_token_lifetime(),
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor if actor is not None else user,
            action="accounts.api_token_issued",
            target=token,
            institution=user.institution,
            data=_describe(token),
        )
    return IssuedToken(token=token, key=key)


def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Revoke one token now. Revoking a revoked token changes nothing and records nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        token.revoke_reason = ApiToken.RevokeReason.REVOKED
        token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_record(
            actor=actor,
            action="accounts.api_token_revoked",
            target=token,
            institution=token.user.institution,
            data={**_describe(token), "reason": token.revoke_reason},
        )
    return token


def api_tokens_revoke_all(*, user: User, reason: str, actor: Any) -> int:
    """Revoke every token of ``user`` that still works (a password change, a deactivation).

    One audit entry for the lot, naming each token; none when there was nothing to revoke.
    """
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update()
            .filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("pk")
        )
        if not tokens:
            return 0
        now = timezone.now()
        revoker = actor if getattr(actor, "is_authenticated", False) else None
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(
            revoked_at=now, revoked_by=revoker, revoke_reason=reason
        )
        audit_record(
            actor=actor,
            action="accounts.api_tokens_revoked",
            target=user,
            institution=user.institution,
            data={
                "reason": reason,
                "owner": user.username,
                "tokens": [{"id": t.pk, "prefix": t.prefix, "name": t.name} for t in tokens],
            },
        )
    return len(tokens)


def _describe(token: ApiToken) -> dict[str, Any]:
    return {
        "token_id": token.pk,
        "prefix": token.prefix,
        "name": token.name,
        "owner": token.user.username,
        "expires_at": token.expires_at.isoformat(),
    }
