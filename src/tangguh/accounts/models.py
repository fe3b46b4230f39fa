from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core.roles import Role
from tangguh.core.scoping import RestrictedQuerySet


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
