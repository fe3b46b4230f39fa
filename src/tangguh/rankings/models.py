"""Award categories, and the rankings published from them.

A :class:`Category` is data: the national administrator defines which metric ranks
which institutions over which period (the three Rakornas 2022 awards ship as presets,
migration 0002). The metric itself is code (``registry.py``): a category names it by
its code and the services refuse an unknown one.

A :class:`Publication` freezes one computation of a category for a period: the
definition as it was, the method, the values and ranks (:class:`PublishedRow`), the
records behind each value, the data's time and a content hash over all of it. It is
append-only: a correction is a new version (``supersedes``), never an edit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import AppendOnlyModel, TimeStampedModel
from tangguh.core.scoping import RestrictedModel


class Direction(models.TextChoices):
    DESC = "desc", _("Largest first")
    ASC = "asc", _("Smallest first")


class TieRule(models.TextChoices):
    SHARED = "shared", _("Equal values share a rank, the next rank is skipped (1, 2, 2, 4)")
    DENSE = "dense", _("Equal values share a rank, no rank is skipped (1, 2, 2, 3)")


class Category(RestrictedModel, TimeStampedModel):
    """An award category: which metric ranks which institutions over which period."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    metric = models.CharField(_("metric"), max_length=64)
    # The period: one fiscal year (first == last) or a range of whole years.
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    # Which institutions compete: a list of InstitutionKind values (a mix is allowed).
    competitor_kinds = models.JSONField(_("competing institutions"), default=list)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.DESC
    )
    places = models.PositiveSmallIntegerField(_("places awarded"), default=3)
    tie_rule = models.CharField(
        _("tie rule"), max_length=8, choices=TieRule.choices, default=TieRule.SHARED
    )
    minimum_civil_servants = models.PositiveIntegerField(
        _("minimum civil servants"), null=True, blank=True
    )
    is_preset = models.BooleanField(_("preset"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    scope_institution_field = None  # national reference data: ALL or nothing

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["-last_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="category_period_order",
                violation_error_message=_("The period ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def name(self, language: str | None = None) -> str:
        """The name in ``language`` (the active language by default)."""
        from django.utils.translation import get_language

        language = language or get_language() or "id"
        return self.name_en if language.startswith("en") and self.name_en else self.name_id

    def description(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        language = language or get_language() or "id"
        if language.startswith("en") and self.description_en:
            return self.description_en
        return self.description_id


class Publication(AppendOnlyModel):
    """A ranking as published: frozen, hashed, never changed (a correction is a new version)."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="publications", verbose_name=_("category")
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    version = models.PositiveSmallIntegerField(_("version"))
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # The category's definition as published (names, metric, competitors, direction,
    # places, tie rule, minimum): later edits of the category never reach it.
    definition = models.JSONField(_("definition"))
    # The method in plain words: a stored message (core.messages), rendered when read.
    method = models.JSONField(_("method"))
    data_as_of = models.DateTimeField(_("data as of"))
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )

    scope_institution_field = None

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "first_year", "last_year", "version"],
                name="publication_unique_version",
                violation_error_message=_("This version of the ranking is already published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"


class PublishedRow(AppendOnlyModel):
    """One competing institution in a published ranking, with the records behind its value."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="rows", verbose_name=_("publication")
    )
    position = models.PositiveIntegerField(_("place in the table"))  # the order of the table, 1..n
    rank = models.PositiveIntegerField(_("rank"))
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    institution_code = models.CharField(_("institution code"), max_length=16)
    institution_name = models.CharField(_("institution name"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    numerator = models.DecimalField(
        _("numerator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    awarded = models.BooleanField(_("awarded"), default=False)
    # The explanation as published: [{kind, id, contribution, label, source, details}].
    records = models.JSONField(_("records"), default=list)
    # sha256 of the canonical JSON of ``records`` (snapshot.py): the publication's hash
    # covers it, so the page checks the table without reading every record.
    records_hash = models.CharField(_("hash of the records"), max_length=64, blank=True)

    scope_institution_field = None  # a published table is read by everyone signed in

    class Meta:
        verbose_name = _("published rank")
        verbose_name_plural = _("published ranks")
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "institution"], name="published_row_unique_institution"
            ),
        ]
        indexes = [models.Index(fields=["publication", "position"], name="published_row_order_idx")]

    def __str__(self) -> str:
        return f"{self.publication_id} #{self.rank} {self.institution_code}"


# --- kept metric values (cache.py) ---------------------------------------------------


class SourceStamp(models.Model):
    """Institutions whose rows in a watched source table changed, and when.

    Written only by database triggers on the source tables (cache.py), so that no write
    — a service, a bulk update, an import, a raw statement — goes unseen. Append-only: a
    row per statement and institution (per changed row on SQLite), so that concurrent
    writers never wait for one another here. ``stamp`` is the writing transaction's id
    on PostgreSQL, a counter on SQLite.
    """

    source = models.CharField(max_length=32)  # "participations", "budgets"
    institution_id = models.BigIntegerField()
    stamp = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["source", "stamp"], name="source_stamp_idx"),
            models.Index(fields=["stamp"], name="source_stamp_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.institution_id} @{self.stamp}"


class KeptPeriod(models.Model):
    """The values of one metric over one period kept so far, and how far the changes to
    its sources have been read (``mark``)."""

    metric = models.CharField(max_length=64)
    first_day = models.DateField()
    last_day = models.DateField()
    mark = models.BigIntegerField(default=0)
    # PostgreSQL: the transactions still running at the mark (read again next time).
    pending = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "first_day", "last_day"], name="kept_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.first_day}..{self.last_day}"


class KeptValue(models.Model):
    """One institution's value of a kept metric and period; ``value`` empty: no value
    (the metric had no records for it). Kept as text so every Decimal returns exactly."""

    kept = models.ForeignKey(KeptPeriod, on_delete=models.CASCADE, related_name="values")
    institution_id = models.BigIntegerField()
    value = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kept", "institution_id"], name="kept_value_unique_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kept_id} {self.institution_id}: {self.value or '—'}"
