from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.roles import Role
from tangguh.core.scoping import RestrictedModel, RestrictedQuerySet


class RestrictedUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. Every user belongs to an institution (superusers may not)."""

    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, default=Role.CIVIL_SERVANT
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        db_index=True,
        help_text=_("For civil servants: links the account to their own record."),
    )

    objects = RestrictedUserManager()

    scope_institution_field = "institution_id"
    scope_self_field = None

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | Q(is_superuser=True),
                name="user_has_institution",
                violation_error_message=_("Every user must belong to an institution."),
            )
        ]

    @classmethod
    def scope_self_q(cls, user: "User") -> Q | None:
        return Q(pk=user.pk) if user.pk else None

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new password or a deactivation also revokes the account's API tokens.

        The one rule kept here rather than in a service: every way Django changes a
        password (the admin, ``changepassword``, a reset form, a shell) ends in
        ``set_password()`` then ``save()``, and a deactivation in ``save()``. A hook
        here cannot be forgotten by the next form that does either. Django's
        transparent hash upgrade at sign-in clears ``_password`` first, so it is not
        a password change. A bulk ``QuerySet.update()`` bypasses this; the token
        authentication refuses inactive accounts anyway (docs/operations.md).
        """
        password_changed = self._password is not None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if password_changed or not self.is_active:
                from .services import api_tokens_revoke_all

                reason = (
                    ApiToken.RevokeReason.DEACTIVATED
                    if not self.is_active
                    else ApiToken.RevokeReason.PASSWORD_CHANGED
                )
                api_tokens_revoke_all(user=self, reason=reason, actor=None)


class ApiTokenQuerySet(RestrictedQuerySet):
    def active(self, now: Any = None) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(RestrictedModel):
    """A key an API client sends as ``Authorization: Token <key>`` (or ``Bearer``).

    Only a SHA-256 of the key is stored: the key is shown once, when it is issued,
    and a copy of the database cannot be used to sign in. ``prefix`` (the first
    characters of the key) lets its owner recognise it in the list.
    """

    class RevokeReason(models.TextChoices):
        REVOKED = "revoked", _("revoked")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        DEACTIVATED = "deactivated", _("account deactivated")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.CharField(
        _("revoke reason"), max_length=32, choices=RevokeReason.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    # An administrator manages the tokens of the accounts they manage; anyone their own.
    scope_institution_field = "user__institution_id"

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @classmethod
    def scope_self_q(cls, user: Any) -> Q | None:
        return Q(user_id=user.pk) if user.pk else None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
