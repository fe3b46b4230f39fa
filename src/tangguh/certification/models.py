"""Government competency certification: schemes, batches, results, plenary decisions,
certificates and the keys that sign them.

Who sees what is in ``permissions.py`` (docs/permissions.md, "Certification"); every
write goes through a service that records its audit entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import TimeStampedModel
from tangguh.core.scoping import RestrictedModel

# --- schemes -------------------------------------------------------------------------


class IssuingBody(RestrictedModel, TimeStampedModel):
    """Who issues certificates (the LSP Pemerintahan Dalam Negeri): the credential's issuer."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="issuing_bodies",
        verbose_name=_("institution"),
    )
    url = models.URLField(_("web address"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Scheme(RestrictedModel, TimeStampedModel):
    """A certification scheme (skema; the awards' *jenis sertifikasi*), keyed on its code.

    What the scheme says lives in its versions: a batch keeps the version it ran.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    is_active = models.BooleanField(_("open for new batches"), default=True)

    scope_institution_field = None  # national: visibility comes from ALL grants

    class Meta:
        verbose_name = _("certification scheme")
        verbose_name_plural = _("certification schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class SchemeVersion(RestrictedModel):
    """One published version of a scheme; never edited once a batch uses it."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="versions", verbose_name=_("scheme")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The positions it is for: names a position's name is matched against ("Camat",
    # "Lurah"), and/or position kinds (people.PositionKind values, "jpt_pratama").
    target_positions = models.JSONField(_("positions"), default=list, blank=True)
    target_position_kinds = models.JSONField(_("position kinds"), default=list, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    min_education = models.CharField(_("minimum education"), max_length=4, blank=True)
    min_rank = models.CharField(_("minimum rank (golongan)"), max_length=8, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"))
    issuing_body = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="scheme_versions",
        verbose_name=_("issuing body"),
    )
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    scope_institution_field = None

    class Meta:
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        ordering = ["scheme__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "version"],
                name="scheme_version_unique",
                violation_error_message=_("This scheme already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(validity_years__gte=1) & Q(validity_years__lte=20),
                name="scheme_version_validity_range",
                violation_error_message=_("The validity must be between 1 and 20 years."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} v{self.version}"


class SchemeUnit(RestrictedModel):
    """A competency unit of a scheme version (unit kompetensi)."""

    version = models.ForeignKey(
        SchemeVersion, on_delete=models.CASCADE, related_name="units", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    # The competency framework's code, once that framework exists (issue: competencies).
    competency_code = models.CharField(_("competency code"), max_length=40, blank=True)

    scope_institution_field = None

    class Meta:
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="scheme_unit_unique_code",
                violation_error_message=_("A unit with this code is already in the scheme."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AssessorLicence(RestrictedModel, TimeStampedModel):
    """An assessor's licence for one scheme, valid between two dates."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessor_licences",
        verbose_name=_("assessor"),
    )
    # The assessor's institution when licensed: whose administrators read the licence.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="licences", verbose_name=_("scheme")
    )
    number = models.CharField(_("licence number"), max_length=64, unique=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )

    scope_self_field = "assessor__nip"

    class Meta:
        verbose_name = _("assessor licence")
        verbose_name_plural = _("assessor licences")
        ordering = ["-valid_until", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="assessor_licence_dates_ordered",
                violation_error_message=_("A licence cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: Any) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until


# --- batches and participants ------------------------------------------------------


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    ASSESSMENT = "assessment", _("Assessment")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Batch(RestrictedModel, TimeStampedModel):
    """An exam batch (uji kompetensi) of one scheme version, run by one institution."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="batches", verbose_name=_("scheme")
    )
    scheme_version = models.ForeignKey(
        SchemeVersion,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("scheme version"),
    )
    organiser = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="certification_batches",
        verbose_name=_("organiser"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    exam_start = models.DateField(_("exam starts"))
    exam_end = models.DateField(_("exam ends"))
    place = models.CharField(_("place"), max_length=300)
    nomination_deadline = models.DateField(_("nominations until"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    scope_institution_field = "organiser_id"

    class Meta:
        verbose_name = _("exam batch")
        verbose_name_plural = _("exam batches")
        ordering = ["-exam_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exam_end__gte=models.F("exam_start")),
                name="batch_dates_ordered",
                violation_error_message=_("The exam cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class BatchAssessor(RestrictedModel):
    """An assessor assigned to a batch, under the licence that allows it."""

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="batch_assessors", verbose_name=_("batch")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessed_batches",
        verbose_name=_("assessor"),
    )
    licence = models.ForeignKey(
        AssessorLicence, on_delete=models.PROTECT, related_name="+", verbose_name=_("licence")
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    scope_institution_field = "batch__organiser_id"

    class Meta:
        verbose_name = _("batch assessor")
        verbose_name_plural = _("batch assessors")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "assessor"],
                name="batch_assessor_unique",
                violation_error_message=_("This assessor is already assigned to the batch."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch} · {self.assessor}"


class ParticipationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CERTIFIED = "certified", _("Competent (certified)")
    NOT_CERTIFIED = "not_certified", _("Not yet competent")


def _assessed_batches_q(user: Any, prefix: str) -> Q:
    """Rows in the batches ``user`` is assigned to as an assessor (a subquery: one row each)."""
    assigned = BatchAssessor.objects.filter(assessor_id=user.pk).values("batch_id")
    return Q(**{f"{prefix}batch_id__in": assigned})


class Participation(RestrictedModel, TimeStampedModel):
    """A civil servant in a batch, nominated by their institution.

    ``institution`` is the institution that nominated them, as it was on the exam
    date: it keeps the participation whatever the person does later (the awards
    count participants by it). ``scheme`` and ``nip`` are copied from the batch and
    the person so that reports and rankings count without joins.
    """

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="participations", verbose_name=_("batch")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheme")
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="certification_participations",
        verbose_name=_("civil servant"),
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, db_index=True)
    holder_name = models.CharField(_("name"), max_length=300)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominating institution"),
    )
    exam_date = models.DateField(_("exam date"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.NOMINATED,
    )
    # Stored messages ({"m": msgid, "p": params}) the nomination was told: core.messages.
    eligibility_notes = models.JSONField(_("eligibility notes"), default=list, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("plenary date"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decision recorded"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("plenary note"), blank=True)
    days_to_decision = models.PositiveIntegerField(_("days to decision"), null=True, blank=True)

    scope_institution_field = ("institution_id", "batch__organiser_id")
    scope_self_field = "nip"

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["batch", "holder_name", "nip"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "employee"],
                name="participation_unique_person",
                violation_error_message=_("This civil servant is already in the batch."),
            )
        ]
        indexes = [
            models.Index(fields=["institution", "exam_date"], name="participation_inst_date_idx"),
            models.Index(fields=["exam_date", "scheme"], name="participation_date_scheme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} · {self.holder_name}"

    @classmethod
    def scope_self_q(cls, user: Any) -> Q | None:
        """SELF: the user's own participations (by NIP) and those of the batches they assess."""
        condition = _assessed_batches_q(user, "") if getattr(user, "pk", None) else Q(pk__in=[])
        nip = getattr(user, "nip", "")
        return condition | Q(nip=nip) if nip else condition


class Recommendation(models.TextChoices):
    COMPETENT = "K", _("Competent (kompeten)")
    NOT_YET = "BK", _("Not yet competent (belum kompeten)")


class UnitResult(RestrictedModel, TimeStampedModel):
    """An assessor's recommendation for one participant and one unit of the scheme."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="unit_results",
        verbose_name=_("participant"),
    )
    unit = models.ForeignKey(
        SchemeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=2, choices=Recommendation.choices
    )
    notes = models.TextField(_("notes"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source"), max_length=16, default="screen")  # screen | import

    scope_institution_field = (
        "participation__institution_id",
        "participation__batch__organiser_id",
    )
    scope_self_field = "participation__nip"

    class Meta:
        verbose_name = _("unit result")
        verbose_name_plural = _("unit results")
        ordering = ["participation", "unit__order", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "unit"],
                name="unit_result_unique",
                violation_error_message=_(
                    "This unit already has a recommendation for the participant."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation} · {self.unit.code}: {self.recommendation}"

    @classmethod
    def scope_self_q(cls, user: Any) -> Q | None:
        condition = (
            _assessed_batches_q(user, "participation__")
            if getattr(user, "pk", None)
            else Q(pk__in=[])
        )
        nip = getattr(user, "nip", "")
        return condition | Q(participation__nip=nip) if nip else condition


# --- certificates ----------------------------------------------------------------


class Certificate(RestrictedModel, TimeStampedModel):
    """A certificate issued on a positive plenary decision (or a renewal of one).

    Its status is derived: revoked when ``revoked_at`` is set, else expired after
    ``expires_on``, else valid. ``credential`` is the signed Open Badges 3.0
    credential as issued (a revocation changes the status it points at, never it).
    """

    number = models.CharField(_("certificate number"), max_length=64, unique=True)
    participation = models.OneToOneField(
        Participation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("participation"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("scheme")
    )
    scheme_version = models.ForeignKey(
        SchemeVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheme version")
    )
    issuing_body = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing body")
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, db_index=True)
    holder_name = models.CharField(_("holder"), max_length=300)
    # The holder's institution when it was issued.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    renewed_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    credential = models.JSONField(_("signed credential"), default=dict, blank=True)
    key_id = models.CharField(_("signing key"), max_length=64, blank=True)

    scope_self_field = "nip"

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
                violation_error_message=_("A certificate must expire after it is issued."),
            )
        ]
        indexes = [
            models.Index(fields=["institution", "issued_on"], name="certificate_inst_issued_idx"),
            models.Index(fields=["expires_on"], name="certificate_expires_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: Any = None) -> str:
        """``valid``, ``expired`` or ``revoked`` on ``day`` (today by default)."""
        if self.revoked_at is not None:
            return "revoked"
        day = day or timezone.localdate()
        return "expired" if self.expires_on < day else "valid"

    @property
    def status(self) -> str:
        return self.status_on()


class CertificateSequence(models.Model):
    """The last number given per scheme and year: numbers are consecutive, never reused."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="certificate_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id}/{self.year}: {self.last}"


class SigningKey(RestrictedModel):
    """A public key that signed credentials. The private key never enters the database
    (docs/operations.md, "Credential signing keys"); retired keys stay so that the
    credentials they signed still verify."""

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    algorithm = models.CharField(_("algorithm"), max_length=16, default="Ed25519")
    public_key_multibase = models.CharField(_("public key"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    scope_institution_field = None

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key_id
