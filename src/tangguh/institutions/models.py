from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import TimeStampedModel
from tangguh.core.scoping import RestrictedModel


class InstitutionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency")
    KOTA = "kota", _("City")
    KEMENTERIAN = "kementerian", _("Ministry")
    LEMBAGA = "lembaga", _("Agency")


REGIONAL_KINDS = (InstitutionKind.PROVINSI, InstitutionKind.KABUPATEN, InstitutionKind.KOTA)


class Institution(RestrictedModel, TimeStampedModel):
    """A government (pemda) or central institution (kementerian/lembaga), keyed on its code."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=InstitutionKind.choices, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_national_coordinator = models.BooleanField(_("national coordinator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    scope_institution_field = "id"

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_national_coordinator"],
                condition=Q(is_national_coordinator=True),
                name="institution_single_national_coordinator",
                violation_error_message=_("Only one institution can be the national coordinator."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="institution_not_own_parent",
                violation_error_message=_("An institution cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.kind in REGIONAL_KINDS


class InstitutionNameChange(models.Model):
    """The names an institution had before: a renamed region keeps its identity and history."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="name_changes",
        verbose_name=_("institution"),
    )
    old_name = models.CharField(_("old name"), max_length=200)
    new_name = models.CharField(_("new name"), max_length=200)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("institution name change")
        verbose_name_plural = _("institution name changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"
