"""Competency development: the forms and their JP conversion, the programme catalogue,
sessions and enrolment, attendance, the JP ledger with its per-person yearly totals,
recorded activities, and budgets per institution and fiscal year.

Who sees what is in ``permissions.py`` (docs/permissions.md, "Development"); every
write goes through a service that records its audit entry in the same transaction.
The ledger is append-only: a correction is a new entry that reverses an old one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import AppendOnlyModel, TimeStampedModel
from tangguh.core.scoping import RestrictedModel

# --- forms of development and the JP conversion table (national reference data) -------


class FormCategory(models.TextChoices):
    EDUCATION = "pendidikan", _("Education (degree study)")
    CLASSICAL = "klasikal", _("Classical training")
    NONCLASSICAL = "nonklasikal", _("Non-classical training")


class DevelopmentForm(RestrictedModel):
    """A form of development (Perlan LAN 10/2018): seminar, bimtek, coaching, e-learning…

    Shipped by a data migration; the national administrator may add or retire forms.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=FormCategory.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    scope_institution_field = None  # national: visibility comes from ALL grants

    class Meta:
        verbose_name = _("form of development")
        verbose_name_plural = _("forms of development")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class JpBasis(models.TextChoices):
    ACTUAL = "actual", _("Actual lesson hours (45 minutes each)")
    PER_DAY = "per_day", _("Per day")
    PER_SESSION = "per_session", _("Per session")
    PER_OCCURRENCE = "per_occurrence", _("Per occurrence")
    PER_SEMESTER = "per_semester", _("Per semester")


class JpRule(RestrictedModel):
    """One row of the JP conversion table: how many JP a form credits, from a date on.

    A changed regulation is a new row with a later ``valid_from``; old rows stay, so an
    activity is always judged by the rule valid on its date. ``jp_per_unit`` is the JP
    of one day, session, occurrence or semester (empty for ``actual``); with
    ``is_maximum`` it is a ceiling ("at most 3 JP a day"), otherwise the exact credit.
    ``max_units_per_month`` caps how many units count in a calendar month (coaching:
    2 sessions); ``max_jp_per_year`` caps a person's JP of the form in a year.
    """

    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="jp_rules", verbose_name=_("form")
    )
    valid_from = models.DateField(_("valid from"))
    basis = models.CharField(_("basis"), max_length=16, choices=JpBasis.choices)
    jp_per_unit = models.DecimalField(
        _("JP per unit"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_maximum = models.BooleanField(_("a ceiling, not an exact credit"), default=False)
    max_units_per_month = models.PositiveSmallIntegerField(
        _("at most this many units a month"), null=True, blank=True
    )
    max_jp_per_year = models.DecimalField(
        _("at most this many JP a year"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
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
        verbose_name = _("JP conversion rule")
        verbose_name_plural = _("JP conversion rules")
        ordering = ["form__order", "form__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "valid_from"],
                name="jprule_unique_form_date",
                violation_error_message=_("This form already has a rule from this date."),
            ),
            models.CheckConstraint(
                condition=Q(basis="actual") | Q(jp_per_unit__gt=0),
                name="jprule_unit_jp_positive",
                violation_error_message=_("JP per unit must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.valid_from}"


class DutyRule(RestrictedModel):
    """The yearly development duty per kind of employment, from a year on (data).

    PNS: at least 20 JP a year (PP 11/2017 Pasal 203(4)); PPPK: up to 24 JP a year of
    contract. ``target_jp`` is what a person's progress bar measures against.
    """

    employee_kind = models.CharField(_("employment kind"), max_length=4)
    valid_from_year = models.PositiveSmallIntegerField(_("from year"))
    target_jp = models.DecimalField(_("JP a year"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_institution_field = None

    class Meta:
        verbose_name = _("yearly JP duty")
        verbose_name_plural = _("yearly JP duties")
        ordering = ["employee_kind", "-valid_from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee_kind", "valid_from_year"],
                name="dutyrule_unique_kind_year",
                violation_error_message=_(
                    "This kind of employment already has a duty from this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_jp__gt=0),
                name="dutyrule_target_positive",
                violation_error_message=_("The yearly JP must be more than zero."),
            ),
        ]


# --- the programme catalogue ---------------------------------------------------------


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Access(models.TextChoices):
    OWN = "own", _("The organiser's own civil servants")
    LISTED = "listed", _("Listed institutions, with quotas")
    EVERYONE = "everyone", _("Civil servants of every institution")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Programme(RestrictedModel, TimeStampedModel):
    """A development programme in the catalogue, offered by its organising institution.

    ``competencies``: ``[{"code": "M.01", "level": 3}, …]``, the competencies and levels
    it develops (codes of the competency framework once it exists). ``jp`` is what a
    completed session credits. ``cost_per_participant`` in whole Rupiah. Co-hosts and
    their cost shares are :class:`ProgrammeHost` rows (the organiser bears the rest);
    invited institutions and their seats per session are :class:`ProgrammeQuota`.
    """

    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="development_programmes",
        verbose_name=_("organiser"),
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("form")
    )
    description = models.TextField(_("description"), blank=True)
    competencies = models.JSONField(_("competencies developed"), default=list, blank=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    mode = models.CharField(_("mode"), max_length=12, choices=DeliveryMode.choices)
    cost_per_participant = models.DecimalField(
        _("cost per participant (Rp)"), max_digits=15, decimal_places=0, default=0
    )
    capacity = models.PositiveIntegerField(_("capacity per session"))
    access = models.CharField(_("who may join"), max_length=10, choices=Access.choices)
    # A guest's seat is paid by the guest's institution (kontribusi) unless False.
    guests_pay = models.BooleanField(_("guests' institutions pay for their seats"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
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
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        ordering = ["title", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "code"],
                name="programme_unique_code",
                violation_error_message=_("The organiser already has a programme with this code."),
            ),
            models.CheckConstraint(
                condition=Q(jp__gt=0),
                name="programme_jp_positive",
                violation_error_message=_("The JP must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(cost_per_participant__gte=0),
                name="programme_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="programme_capacity_positive",
                violation_error_message=_("The capacity must be at least one."),
            ),
        ]
        indexes = [models.Index(fields=["status", "form"], name="programme_status_form_idx")]

    def __str__(self) -> str:
        return self.title


class ProgrammeHost(RestrictedModel):
    """A co-host of a joint programme and its share of the costs (percent)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("programme")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("co-host"),
    )
    cost_share = models.DecimalField(_("cost share (%)"), max_digits=5, decimal_places=2)

    scope_institution_field = ("programme__organiser_id", "institution_id")

    class Meta:
        verbose_name = _("co-host")
        verbose_name_plural = _("co-hosts")
        ordering = ["programme", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution"],
                name="programmehost_unique",
                violation_error_message=_("This institution already co-hosts the programme."),
            ),
            models.CheckConstraint(
                condition=Q(cost_share__gte=0) & Q(cost_share__lte=100),
                name="programmehost_share_range",
                violation_error_message=_("A cost share must be between 0 and 100 percent."),
            ),
        ]


class ProgrammeQuota(RestrictedModel):
    """An invited institution and its seats in each session of the programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("programme")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    seats = models.PositiveIntegerField(_("seats per session"))

    scope_institution_field = ("programme__organiser_id", "institution_id")

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["programme", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution"],
                name="programmequota_unique",
                violation_error_message=_("This institution already has a quota."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="programmequota_seats_positive",
                violation_error_message=_("A quota must be at least one seat."),
            ),
        ]


# --- sessions, enrolment, attendance -------------------------------------------------


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Session(RestrictedModel, TimeStampedModel):
    """One run of a programme (angkatan): dates, place or link, capacity, facilitators.

    ``organiser`` is copied from the programme (scoping and reports without a join).
    ``actual_cost``: what the session cost, entered when it is completed; empty means
    the programme's cost per participant times the participants who completed it.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    organiser = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    number = models.PositiveSmallIntegerField(_("session number"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    enrolment_closes = models.DateField(_("enrolment closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    actual_cost = models.DecimalField(
        _("actual cost (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("completed by"),
    )
    # Why the organiser cancelled it (free text from the person who did it).
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    scope_institution_field = "organiser_id"

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start_date", "programme__title", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="session_unique_number",
                violation_error_message=_("The programme already has a session with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_dates_order",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_capacity_positive",
                violation_error_message=_("The capacity must be at least one."),
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0),
                name="session_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["organiser", "start_date"], name="session_org_date_idx"),
            models.Index(fields=["start_date"], name="session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.number}"


class Facilitator(RestrictedModel):
    """Who teaches, coaches or speaks in a session (widyaiswara, narasumber, coach…)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="facilitators", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    employee = models.ForeignKey(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("civil servant"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_institution_field = "session__organiser_id"

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["session", "order", "name"]


class EnrolmentRoute(models.TextChoices):
    NOMINATION = "nomination", _("Nominated by their institution")
    APPLICATION = "application", _("Applied themselves")


class EnrolmentStatus(models.TextChoices):
    AWAITING_INSTITUTION = "awaiting_institution", _("Awaiting their institution's approval")
    AWAITING_HOST = "awaiting_host", _("Awaiting the host's approval")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that hold (or wait for) a seat: one per person and session.
ACTIVE_ENROLMENT = (
    EnrolmentStatus.AWAITING_INSTITUTION,
    EnrolmentStatus.AWAITING_HOST,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.ENROLLED,
)


class CompletionResult(models.TextChoices):
    PENDING = "pending", _("Not decided")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Did not complete")


class Enrolment(RestrictedModel, TimeStampedModel):
    """A civil servant in a session.

    ``institution`` is the sending institution (the person's when enrolled) and keeps
    the enrolment whatever the person does later; ``host`` is the session's organiser
    (copied, for the tuple scope). ``is_guest``: the two differ, so the guest quota
    applies and the host approves. ``nip`` and ``full_name`` are copied from the
    person so that lists and reports need no join.
    """

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("session")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="development_enrolments",
        verbose_name=_("civil servant"),
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, db_index=True)
    full_name = models.CharField(_("name"), max_length=300)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending institution"),
    )
    host = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host"),
    )
    is_guest = models.BooleanField(_("from another institution"), default=False)
    route = models.CharField(_("route"), max_length=12, choices=EnrolmentRoute.choices)
    status = models.CharField(_("status"), max_length=24, choices=EnrolmentStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    institution_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by the institution"),
    )
    institution_decided_at = models.DateTimeField(
        _("institution's decision"), null=True, blank=True
    )
    host_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by the host"),
    )
    host_decided_at = models.DateTimeField(_("host's decision"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    # Why it was rejected or cancelled (free text from the person who did it).
    reason = models.TextField(_("reason"), blank=True)
    result = models.CharField(
        _("result"),
        max_length=16,
        choices=CompletionResult.choices,
        default=CompletionResult.PENDING,
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=60, blank=True, db_index=True
    )

    scope_institution_field = ("institution_id", "host_id")
    scope_self_field = "nip"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "full_name", "nip"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=Q(
                    status__in=[
                        "awaiting_institution",
                        "awaiting_host",
                        "waitlisted",
                        "enrolled",
                    ]
                ),
                name="enrolment_unique_active",
                violation_error_message=_("This civil servant is already enrolled in the session."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="enrolment_score_range",
                violation_error_message=_("A score must be between 0 and 100."),
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="enrolment_session_status_idx"),
            models.Index(fields=["institution", "status"], name="enrolment_inst_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.full_name}"


class AttendanceMark(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(RestrictedModel):
    """One participant on one day of a session."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    day = models.DateField(_("day"))
    mark = models.CharField(_("attendance"), max_length=8, choices=AttendanceMark.choices)
    source = models.CharField(_("source"), max_length=16, default="screen")  # screen | import
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    scope_institution_field = ("enrolment__institution_id", "enrolment__host_id")
    scope_self_field = "enrolment__nip"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["enrolment", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day"],
                name="attendance_unique_day",
                violation_error_message=_("Attendance for this day is already recorded."),
            )
        ]


class CompletionSequence(models.Model):
    """The last completion-certificate number given per organiser and year (never reused)."""

    organiser = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year"], name="completionseq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organiser_id}/{self.year}: {self.last}"


# --- activities recorded afterwards -------------------------------------------------


class ActivityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Activity(RestrictedModel, TimeStampedModel):
    """Development done elsewhere and recorded afterwards (a seminar, coaching, e-learning…).

    ``quantity``: days, sessions, occurrences or semesters, by the rule's basis (days
    default to the dates' span). ``jp_claimed`` is what the person asked for;
    ``jp_credited`` what the rule allowed, set on approval, when the ledger entry is
    written. ``rule_note`` is the stored message (core.messages) saying which rule
    applied and how. ``cost``: what the institution paid (its budget's realisation).
    """

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="development_activities",
        verbose_name=_("civil servant"),
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, db_index=True)
    full_name = models.CharField(_("name"), max_length=300)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form")
    )
    title = models.CharField(_("title"), max_length=300)
    organiser_name = models.CharField(_("organised by"), max_length=300, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    jp_claimed = models.DecimalField(_("JP claimed"), max_digits=6, decimal_places=2)
    jp_credited = models.DecimalField(
        _("JP credited"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rule = models.ForeignKey(
        JpRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule"),
    )
    rule_note = models.JSONField(_("how the JP were counted"), default=dict, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="development/evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    cost = models.DecimalField(_("cost paid (Rp)"), max_digits=15, decimal_places=0, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.SUBMITTED
    )
    source = models.CharField(_("source"), max_length=16, default="screen")  # screen | import | api
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_institution_field = "institution_id"
    scope_self_field = "nip"

    class Meta:
        verbose_name = _("recorded activity")
        verbose_name_plural = _("recorded activities")
        ordering = ["-start_date", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="activity_dates_order",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(jp_claimed__gt=0),
                name="activity_jp_positive",
                violation_error_message=_("The JP claimed must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="activity_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "status"], name="activity_inst_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.title}"


# --- the JP ledger -------------------------------------------------------------------


class LedgerSource(models.TextChoices):
    SESSION = "session", _("Completed session")
    ACTIVITY = "activity", _("Recorded activity")
    REVERSAL = "reversal", _("Correction (reverses an entry)")


class LedgerEntry(AppendOnlyModel):
    """One credit of JP to one person: append-only.

    ``institution`` is the person's institution on ``date`` (history-aware); the entry
    is also read where the person now works (tuple scope). ``year`` is ``date.year``
    (the duty is yearly; indexed). A reversal has negative ``jp`` and points at the
    entry it reverses (``reverses``; an entry is reversed at most once). Only
    ``ledger.py`` writes here, and it keeps :class:`JpYearTotal` current in the same
    transaction.
    """

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="jp_entries",
        verbose_name=_("civil servant"),
        db_index=False,  # ledger_emp_year_idx starts with it
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
        db_index=False,  # ledger_inst_year_idx starts with it
    )
    date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"))
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    form = models.ForeignKey(
        DevelopmentForm,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("form"),
        db_index=False,
    )
    source = models.CharField(_("source"), max_length=10, choices=LedgerSource.choices)
    enrolment = models.ForeignKey(
        Enrolment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("enrolment"),
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("activity"),
    )
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    description = models.CharField(_("description"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_institution_field = ("institution_id", "employee__institution_id")
    scope_self_field = "nip"

    class Meta:
        verbose_name = _("JP ledger entry")
        verbose_name_plural = _("JP ledger entries")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["employee", "year"], name="ledger_emp_year_idx"),
            models.Index(fields=["institution", "year"], name="ledger_inst_year_idx"),
            models.Index(fields=["year"], name="ledger_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(jp=0),
                name="ledger_jp_not_zero",
                violation_error_message=_("An entry must credit or reverse some JP."),
            ),
            models.CheckConstraint(
                condition=Q(source="reversal", jp__lt=0, reverses__isnull=False)
                | (~Q(source="reversal") & Q(jp__gt=0) & Q(reverses__isnull=True)),
                name="ledger_reversal_shape",
                violation_error_message=_("Only a reversal is negative, and it names its entry."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.date} {self.jp}"


class JpYearTotal(RestrictedModel):
    """A person's JP in a year: the sum of their ledger entries, kept by ``ledger.py``.

    Written in the same transaction as every entry (an upsert that adds the entry's
    JP), so it is always the ledger's sum; ``ledger.rebuild_year_totals`` recomputes it
    from the ledger after a bulk load. Compliance reads these, not the ledger.
    """

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="jp_year_totals",
        verbose_name=_("civil servant"),
        db_index=False,  # the unique constraint starts with it
    )
    year = models.PositiveSmallIntegerField(_("year"))
    jp = models.DecimalField(_("JP"), max_digits=8, decimal_places=2, default=0)

    scope_institution_field = "employee__institution_id"
    scope_self_field = "employee__nip"

    class Meta:
        verbose_name = _("JP in a year")
        verbose_name_plural = _("JP in a year")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="jpyeartotal_unique")
        ]
        indexes = [models.Index(fields=["year", "employee"], name="jpyeartotal_year_idx")]


class ComplianceSummary(models.Model):
    """The 20-JP duty of one institution in one year, derived from the totals and the
    register and recomputed when either changed (``compliance.py``): national pages
    read 552 rows, not 4.3 million people.

    ``register_mark`` and ``ledger_mark`` are the watermarks the figures were computed
    at (see compliance.py); ``stale`` is set by the ledger's writer.
    """

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    civil_servants = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)  # at least 20 JP
    at_zero = models.PositiveIntegerField(default=0)
    total_jp = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    stale = models.BooleanField(default=True)
    register_mark = models.JSONField(default=dict, blank=True)
    # Per work unit on the reference day: {unit id or "-": [people, reached, at zero, JP]}.
    units = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="compliance_unique")
        ]
        indexes = [models.Index(fields=["year", "stale"], name="compliance_year_stale_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}"


# --- budgets -------------------------------------------------------------------------


class Budget(RestrictedModel, TimeStampedModel):
    """An institution's budget for a fiscal year (TA = calendar year): its revisions."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="development_budgets",
        verbose_name=_("institution"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-fiscal_year", "institution__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "fiscal_year"],
                name="budget_unique_year",
                violation_error_message=_("This institution already has a budget for the year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} TA {self.fiscal_year}"


class RevisionKind(models.TextChoices):
    INITIAL = "initial", _("Initial budget (APBD/APBN)")
    AMENDED = "amended", _("Amended budget (APBD-P/APBN-P)")
    SHIFT = "shift", _("Shift within the year (pergeseran)")


class RevisionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class BudgetRevision(RestrictedModel):
    """One version of a budget's figures, kept for ever; the latest approved one counts.

    Amounts in whole Rupiah. Approved by someone other than who entered it.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("budget")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
        db_index=False,  # budgetrev_inst_year_idx starts with it
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveSmallIntegerField(_("revision"))
    kind = models.CharField(_("kind"), max_length=10, choices=RevisionKind.choices)
    total_budget = models.DecimalField(_("total budget (Rp)"), max_digits=18, decimal_places=0)
    development_allocation = models.DecimalField(
        _("allocation to competency development (Rp)"), max_digits=18, decimal_places=0
    )
    document = models.CharField(_("document"), max_length=200, blank=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.SUBMITTED
    )
    source = models.CharField(_("source"), max_length=16, default="screen")  # screen | import | api
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("budget revision")
        verbose_name_plural = _("budget revisions")
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"],
                name="budgetrev_unique_number",
                violation_error_message=_("The budget already has a revision with this number."),
            ),
            models.CheckConstraint(
                condition=Q(total_budget__gte=0) & Q(development_allocation__gte=0),
                name="budgetrev_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(development_allocation__lte=models.F("total_budget")),
                name="budgetrev_allocation_within_total",
                violation_error_message=_(
                    "The allocation to competency development cannot exceed the total budget."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["institution", "fiscal_year", "status"], name="budgetrev_inst_year_idx"
            ),
            models.Index(fields=["fiscal_year", "status"], name="budgetrev_year_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.number}"
