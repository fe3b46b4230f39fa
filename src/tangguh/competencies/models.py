"""Competencies: the versioned framework (dictionaries), position standards, assessments
and the current profile they make, the needs analysis (AKPK) and personal development
plans.

The loop: standard → assessment → gap → need → plan → development → reassessment.

- A :class:`Framework` is a dictionary: the national one (``owner`` empty: managerial,
  socio-cultural, government competency and shared technical competencies) or an
  institution's own technical dictionary. Its :class:`FrameworkVersion` rows are the
  editions: at most one draft and one published at a time; publishing a draft
  supersedes the published one. A :class:`Competency` row belongs to one version, so a
  standard or an assessment keeps the version it was made against; across versions a
  competency is known by its code.
- A :class:`StandardItem` is one required level: a national default for a tier, an
  institution's default for a tier, or one position's own (``standards.py`` resolves
  them, the most specific winning per code).
- An :class:`Assessment` is one assessed level; :class:`CurrentLevel` is the profile
  they make (``profile.py`` keeps it, by the rule of :class:`AssessmentMethod` ranks).
- :class:`NeedsAnalysis` (AKPK) and its :class:`NeedsLine` rows: an institution's needs
  for a year, computed from the gaps; filed, it no longer changes.
- :class:`DevelopmentPlan` and its :class:`PlanItem` rows: a person's plan for a year.

Who sees what is in ``permissions.py`` (docs/permissions.md, "Competencies"); every
write goes through a service that records its audit entry in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core.scoping import RestrictedModel

LEVELS = (1, 2, 3, 4, 5)
_LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# --- the framework ---------------------------------------------------------------------


class CompetencyKind(models.TextChoices):
    MANAGERIAL = "managerial", _("Managerial")
    SOCIOCULTURAL = "sociocultural", _("Socio-cultural")
    TECHNICAL = "technical", _("Technical")
    GOVERNMENT = "government", _("Government competency")


class Framework(RestrictedModel):
    """A competency dictionary: the national one (no owner) or an institution's own.

    The national dictionary is created once, by the migration that ships its entries;
    no service creates another.
    """

    owner = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competency_frameworks",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_institution_field = "owner_id"

    class Meta:
        verbose_name = _("competency dictionary")
        verbose_name_plural = _("competency dictionaries")
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                name="framework_unique_owner",
                violation_error_message=_("This institution already has a dictionary."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.owner) if self.owner_id else str(_("National dictionary"))


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class FrameworkVersion(RestrictedModel):
    """One edition of a dictionary. Only a draft changes; publishing freezes it."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="versions", verbose_name=_("dictionary")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )

    scope_institution_field = "framework__owner_id"

    class Meta:
        verbose_name = _("dictionary version")
        verbose_name_plural = _("dictionary versions")
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="frameworkversion_unique_number",
                violation_error_message=_(
                    "This dictionary already has a version with this number."
                ),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status="draft"),
                name="frameworkversion_one_draft",
                violation_error_message=_("This dictionary already has a draft."),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status="published"),
                name="frameworkversion_one_published",
                violation_error_message=_("This dictionary already has a published version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class Competency(RestrictedModel):
    """One competency of one dictionary version, with its five levels.

    ``is_product_summary``: the texts are Tangguh's own summary written from the
    regulation's structure, not the regulation's wording (the shipped national entries).
    """

    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="competencies",
        verbose_name=_("dictionary version"),
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=14, choices=CompetencyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    is_product_summary = models.BooleanField(_("Tangguh's own summary"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_institution_field = "version__framework__owner_id"

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="competency_unique_code",
                violation_error_message=_("This version already has a competency with this code."),
            )
        ]
        indexes = [models.Index(fields=["code"], name="competency_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyLevel(RestrictedModel):
    """One of a competency's five levels: what it means and the behaviour that shows it."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="levels", verbose_name=_("competency")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=_LEVEL_VALIDATORS)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    # Lists of sentences, one behaviour indicator each.
    indicators = models.JSONField(_("behaviour indicators"), default=list, blank=True)
    indicators_en = models.JSONField(_("behaviour indicators (English)"), default=list, blank=True)

    scope_institution_field = "competency__version__framework__owner_id"

    class Meta:
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"],
                name="competencylevel_unique",
                violation_error_message=_("This competency already describes this level."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="competencylevel_range",
                violation_error_message=_("A level is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} {self.level}"


# --- position standards ----------------------------------------------------------------


class Tier(models.TextChoices):
    """A position's tier for the default standards: its kind, and a functional
    position's grade (``tiers.tier_of`` tells it from the position)."""

    JPT_UTAMA = "jpt_utama", _("JPT utama")
    JPT_MADYA = "jpt_madya", _("JPT madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Supervisor (pengawas)")
    PELAKSANA = "pelaksana", _("Executor (pelaksana)")
    AHLI_UTAMA = "ahli_utama", _("Functional: ahli utama")
    AHLI_MADYA = "ahli_madya", _("Functional: ahli madya")
    AHLI_MUDA = "ahli_muda", _("Functional: ahli muda")
    AHLI_PERTAMA = "ahli_pertama", _("Functional: ahli pertama")
    PENYELIA = "penyelia", _("Functional: penyelia")
    MAHIR = "mahir", _("Functional: mahir")
    TERAMPIL = "terampil", _("Functional: terampil")
    PEMULA = "pemula", _("Functional: pemula")


class StandardItem(RestrictedModel):
    """One required level of one competency (standar kompetensi jabatan).

    Exactly one of ``tier`` and ``position``: a default for a tier (national when
    ``institution`` is empty, else the institution's own) or one position's item.
    ``competency`` is the dictionary version's row it was set against; ``code`` repeats
    its code (standards and profiles meet by code across versions).
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, blank=True)
    position = models.ForeignKey(
        "people.Position",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_items",
        verbose_name=_("position"),
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    code = models.CharField(_("competency code"), max_length=20)
    required_level = models.PositiveSmallIntegerField(
        _("required level"), validators=_LEVEL_VALIDATORS
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )

    scope_institution_field = "institution_id"

    class Meta:
        verbose_name = _("competency standard item")
        verbose_name_plural = _("competency standard items")
        ordering = ["tier", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(position__isnull=True) & ~Q(tier=""))
                | (Q(position__isnull=False) & Q(tier="") & Q(institution__isnull=False)),
                name="standarditem_tier_or_position",
                violation_error_message=_("A standard item is for a tier or for a position."),
            ),
            models.CheckConstraint(
                condition=Q(required_level__gte=1, required_level__lte=5),
                name="standarditem_level_range",
                violation_error_message=_("A level is a whole number from 1 to 5."),
            ),
            models.UniqueConstraint(
                fields=["tier", "code"],
                condition=Q(institution__isnull=True),
                name="standarditem_unique_national",
                violation_error_message=_("This tier already requires this competency."),
            ),
            models.UniqueConstraint(
                fields=["institution", "tier", "code"],
                condition=Q(institution__isnull=False, position__isnull=True),
                name="standarditem_unique_institution",
                violation_error_message=_("This tier already requires this competency."),
            ),
            models.UniqueConstraint(
                fields=["position", "code"],
                condition=Q(position__isnull=False),
                name="standarditem_unique_position",
                violation_error_message=_("This position already requires this competency."),
            ),
        ]
        indexes = [models.Index(fields=["institution", "tier"], name="standarditem_inst_tier_idx")]

    def __str__(self) -> str:
        return f"{self.tier or self.position_id} {self.code} {self.required_level}"


# --- assessments and the current profile -------------------------------------------------


class AssessmentMethod(RestrictedModel):
    """A method of assessment and its weight in the profile rule (data, editable).

    ``rank``: when two valid assessments of a competency disagree, the higher rank wins
    (an assessment centre outranks a self-assessment); equal ranks, the later date.
    ``valid_months``: how long a result counts (empty: until a later one replaces it).
    ``is_self``: the assessed person assesses themselves (the only method where the
    assessor may be the person).
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"))
    valid_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    is_self = models.BooleanField(_("self-assessment"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_institution_field = None

    class Meta:
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    VOID = "void", _("Void")


class Assessment(RestrictedModel):
    """One assessed level of one person in one competency.

    ``institution``: the institution that recorded it (the person's, at the time).
    ``assessor_nip`` is kept as written; ``assessor`` links the registered person when
    there is one. A void assessment stays, with its reason, and no longer counts.
    """

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="competency_assessments",
        verbose_name=_("civil servant"),
        db_index=False,  # assessment_emp_code_idx starts with it
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
        db_index=False,  # assessment_inst_date_idx starts with it
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    code = models.CharField(_("competency code"), max_length=20)
    level = models.PositiveSmallIntegerField(_("level"), validators=_LEVEL_VALIDATORS)
    assessed_on = models.DateField(_("assessment date"))
    method = models.ForeignKey(
        AssessmentMethod, on_delete=models.PROTECT, related_name="+", verbose_name=_("method")
    )
    assessor = models.ForeignKey(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    assessor_nip = models.CharField(_("assessor's NIP"), max_length=18, blank=True)
    assessor_name = models.CharField(_("assessor's name"), max_length=200, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="competencies/evidence/%Y/", blank=True, max_length=255
    )
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=AssessmentStatus.choices, default=AssessmentStatus.VALID
    )
    void_reason = models.TextField(_("reason it is void"), blank=True)
    # "import:<job id>", "form", "api", "demo", "certification:<participation id>"...
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    scope_institution_field = ("institution_id", "employee__institution_id")
    scope_self_field = "nip"

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="assessment_level_range",
                violation_error_message=_("A level is a whole number from 1 to 5."),
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "code"], name="assessment_emp_code_idx"),
            models.Index(fields=["institution", "assessed_on"], name="assessment_inst_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.code} {self.level}"


class CurrentLevel(RestrictedModel):
    """A person's current level in one competency: the profile (``profile.py`` keeps it
    in the transaction of every assessment write; never written elsewhere).

    Derived rows, without database foreign keys (as the audit's subjects): ``refresh``
    writes them from the assessments in the same statement, so each row's person and
    assessment exist by construction, and their two database checks per row cost a
    100,000-row import ~1.5 s at commit (docs/performance.md, "Assessment import").
    Deleting a person or an assessment still deletes their rows (the ORM's cascade).
    """

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="competency_levels",
        verbose_name=_("civil servant"),
        db_index=False,  # currentlevel_unique starts with it
        db_constraint=False,
    )
    code = models.CharField(_("competency code"), max_length=20)
    level = models.PositiveSmallIntegerField(_("level"))
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("assessment"),
        db_constraint=False,
    )
    assessed_on = models.DateField(_("assessment date"))
    # The last day the result counts (from the method's validity); empty: no end.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    scope_institution_field = "employee__institution_id"
    scope_self_field = "employee__nip"

    class Meta:
        verbose_name = _("current competency level")
        verbose_name_plural = _("current competency levels")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "code"],
                name="currentlevel_unique",
                violation_error_message=_("This person already has a current level here."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.code} {self.level}"


# --- the needs analysis (AKPK) -----------------------------------------------------------


class NeedsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")


class NeedsAnalysis(RestrictedModel):
    """An institution's needs analysis (AKPK) for a year, computed from the gaps.

    A draft is recomputed and adjusted; filed, it is frozen (``data_as_of`` and the
    dictionary versions used are kept with it).
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=6, choices=NeedsStatus.choices, default=NeedsStatus.DRAFT
    )
    data_as_of = models.DateTimeField(_("data as of"))
    # [{"framework": "national" | <institution code>, "version": n}, …]
    versions = models.JSONField(_("dictionary versions used"), default=list, blank=True)
    people_assessed = models.PositiveIntegerField(_("people assessed"), default=0)
    people_total = models.PositiveIntegerField(_("people in scope"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )

    class Meta:
        verbose_name = _("needs analysis (AKPK)")
        verbose_name_plural = _("needs analyses (AKPK)")
        ordering = ["-year", "institution"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                name="needsanalysis_unique_year",
                violation_error_message=_(
                    "This institution already has a needs analysis for this year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"AKPK {self.institution_id} {self.year}"


class NeedsLine(RestrictedModel):
    """One competency's need: how many people fall short, by how much, and the
    suggested development with its estimated JP and cost."""

    analysis = models.ForeignKey(
        NeedsAnalysis, on_delete=models.CASCADE, related_name="lines", verbose_name=_("analysis")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    code = models.CharField(_("competency code"), max_length=20)
    people = models.PositiveIntegerField(_("people with a gap"))
    # people per size of gap: {"1": 12, "2": 3}
    by_gap = models.JSONField(_("people per gap"), default=dict, blank=True)
    # [{"id": 5, "code": "...", "title": "...", "organiser": "..."}] from the catalogue
    programmes = models.JSONField(_("suggested programmes"), default=list, blank=True)
    form = models.ForeignKey(
        "development.DevelopmentForm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suggested form"),
    )
    estimated_jp = models.DecimalField(
        _("estimated JP per person"), max_digits=7, decimal_places=2, default=0
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (Rp)"), max_digits=18, decimal_places=0, default=0
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    note = models.TextField(_("note"), blank=True)

    scope_institution_field = "analysis__institution_id"

    class Meta:
        verbose_name = _("needs analysis line")
        verbose_name_plural = _("needs analysis lines")
        ordering = ["analysis", "priority", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "code"],
                name="needsline_unique_code",
                violation_error_message=_("This analysis already has a line for this competency."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.analysis_id} {self.code}"


# --- personal development plans ----------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class DevelopmentPlan(RestrictedModel):
    """A person's development plan for a year (one per person and year)."""

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="development_plans",
        verbose_name=_("civil servant"),
        db_index=False,  # developmentplan_unique_year starts with it
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
        db_index=False,  # developmentplan_inst_year_idx starts with it
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    scope_self_field = "nip"

    class Meta:
        verbose_name = _("personal development plan")
        verbose_name_plural = _("personal development plans")
        ordering = ["-year", "employee__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"],
                name="developmentplan_unique_year",
                violation_error_message=_("This person already has a plan for this year."),
            )
        ]
        indexes = [
            models.Index(fields=["institution", "year"], name="developmentplan_inst_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.year}"


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanItem(RestrictedModel):
    """One planned development: what, for which competency and target level, JP, cost.

    ``programme`` links the catalogue where the activity is one of its programmes;
    ``ledger_entry`` is the JP credit that completed it (closing the loop).
    """

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competency"),
    )
    code = models.CharField(_("competency code"), max_length=20, blank=True)
    target_level = models.PositiveSmallIntegerField(
        _("target level"), null=True, blank=True, validators=_LEVEL_VALIDATORS
    )
    activity = models.CharField(_("activity"), max_length=300)
    programme = models.ForeignKey(
        "development.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programme"),
    )
    form = models.ForeignKey(
        "development.DevelopmentForm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("form"),
    )
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2, default=0)
    cost = models.DecimalField(_("cost (Rp)"), max_digits=15, decimal_places=0, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    ledger_entry = models.ForeignKey(
        "development.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("completed by"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_institution_field = "plan__institution_id"
    scope_self_field = "plan__nip"

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gte=0) & Q(cost__gte=0),
                name="planitem_not_negative",
                violation_error_message=_("JP and cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True)
                | Q(target_level__gte=1, target_level__lte=5),
                name="planitem_level_range",
                violation_error_message=_("A level is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.activity}"


# --- the gap summary's kept counts (gaps) ------------------------------------------------


class GapCount(models.Model):
    """How many active people of one institution, work unit and tier fall short of one
    competency by ``gap`` levels (``gap`` empty: not assessed; 0: meets the standard).

    Kept by ``summary.py`` (never written elsewhere): recomputed per institution when
    the triggers stamp a change to its people, positions, standards or current levels.
    """

    institution_id = models.BigIntegerField()
    work_unit_id = models.BigIntegerField(null=True)
    tier = models.CharField(max_length=16, blank=True)
    code = models.CharField(max_length=20)
    gap = models.SmallIntegerField(null=True)
    people = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["institution_id", "code"], name="gapcount_inst_code_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.code} {self.gap}: {self.people}"


class GapTotal(models.Model):
    """The same counts without the work unit (what a province or the nation reads:
    a few rows per institution instead of a few per unit). Kept with ``GapCount``."""

    institution_id = models.BigIntegerField()
    tier = models.CharField(max_length=16, blank=True)
    code = models.CharField(max_length=20)
    gap = models.SmallIntegerField(null=True)
    people = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["institution_id", "code"], name="gaptotal_inst_code_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.code} {self.gap}: {self.people}"


class GapKept(models.Model):
    """An institution whose counts are kept, and the first day one of the levels they
    counted lapses (``expires_on``: from then on they are recomputed)."""

    institution_id = models.BigIntegerField(unique=True)
    expires_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.institution_id} until {self.expires_on}"


class GapMark(models.Model):
    """How far the stamps have been read (one row): ``mark`` and the stamps of the
    transactions still running then (``pending``), as in rankings' kept values."""

    mark = models.BigIntegerField(default=0)
    pending = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"@{self.mark}"


class GapStamp(models.Model):
    """An institution whose gap sources changed (written only by the triggers);
    ``institution_id`` empty: a national default changed (every institution)."""

    institution_id = models.BigIntegerField(null=True)
    stamp = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["stamp"], name="gapstamp_stamp_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id} @{self.stamp}"
