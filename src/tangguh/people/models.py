"""The register of civil servants (ASN), keyed on NIP / NI PPPK."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import TimeStampedModel
from tangguh.core.scoping import RestrictedModel


class IdKind(models.TextChoices):
    NIP = "nip", _("NIP (PNS)")
    NI_PPPK = "ni_pppk", _("NI PPPK")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class EmployeeKind(models.TextChoices):
    CPNS = "CPNS", _("CPNS (candidate)")
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class PositionKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT utama")
    JPT_MADYA = "jpt_madya", _("JPT madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Supervisor (pengawas)")
    PELAKSANA = "pelaksana", _("Executor (pelaksana)")
    FUNGSIONAL = "fungsional", _("Functional (fungsional)")


class Education(models.TextChoices):
    """The highest level of education completed (pendidikan terakhir)."""

    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    D1 = "D1", "D1"
    D2 = "D2", "D2"
    D3 = "D3", "D3"
    D4 = "D4", "D4"
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


class WorkUnit(RestrictedModel):
    """A unit kerja; a tree per institution. ``path`` is the full name path, unique per institution."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="work_units",
        verbose_name=_("institution"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=255)
    path = models.CharField(_("full path"), max_length=1000)
    # The institution's own code of the unit (Kode Unit); empty for units that a
    # register import created from a name alone (its SQL names no code: db_default).
    code = models.CharField(_("code"), max_length=50, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "path"],
                name="workunit_unique_path",
                violation_error_message=_(
                    "This institution already has a work unit with this name."
                ),
            ),
            models.UniqueConstraint(
                fields=["institution", "code"],
                condition=~Q(code=""),
                name="workunit_unique_code",
                violation_error_message=_(
                    "This institution already has a work unit with this code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.path


class Position(RestrictedModel):
    """A jabatan of an institution, with its kind (the competency standard hangs here later)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="position_unique_name",
                violation_error_message=_(
                    "This institution already has a position with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Employee(RestrictedModel, TimeStampedModel):
    """One civil servant. The NIP is the identity: it never changes across transfers."""

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18)
    id_kind = models.CharField(
        _("identifier kind"), max_length=8, choices=IdKind.choices, default=IdKind.NIP
    )
    full_name = models.CharField(_("name"), max_length=200)
    title_front = models.CharField(_("front title"), max_length=60, blank=True)
    title_back = models.CharField(_("back title"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    employee_kind = models.CharField(
        _("employment kind"), max_length=4, choices=EmployeeKind.choices, default=EmployeeKind.PNS
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("institution"),
        db_index=False,  # employee_inst_name_idx starts with it
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("work unit"),
    )
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("position"),
    )
    # Denormalised from position so the 4.3-million-row list filters without a join.
    position_kind = models.CharField(
        _("position kind"), max_length=16, choices=PositionKind.choices, blank=True
    )
    rank = models.CharField(_("rank (golongan)"), max_length=8, blank=True)
    education = models.CharField(
        _("highest education"), max_length=4, choices=Education.choices, blank=True
    )
    # Hash of the imported fields: a re-import compares one column, not eleven.
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    # The current period of employment lives here, the closed ones in EmploymentHistory:
    # a first import of millions writes one row per person, not two.
    # None: the start is unknown (no TMT in the file, nothing else to tell it).
    period_start = models.DateField(
        _("in this post since"), null=True, blank=True, default=timezone.localdate
    )
    period_source = models.CharField(_("source"), max_length=64, blank=True)

    scope_self_field = "nip"

    class Meta:
        verbose_name = _("civil servant")
        verbose_name_plural = _("civil servants")
        ordering = ["full_name", "nip"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                name="employee_unique_nip",
                violation_error_message=_("A civil servant with this NIP is already registered."),
            )
        ]
        indexes = [
            models.Index(fields=["institution", "full_name", "nip"], name="employee_inst_name_idx"),
            models.Index(fields=["full_name", "nip"], name="employee_name_idx"),
        ]
        # No index per list filter (status, rank, position kind): the list walks the
        # name index of the institution and filters, and every index costs each import.
        # work_unit has its foreign-key index; institution is the head of the name index.

    def __str__(self) -> str:
        return f"{self.display_name} ({self.nip})"

    def current_period(self) -> "EmploymentHistory":
        """The open period (not stored as a history row): what the person holds now."""
        return EmploymentHistory(
            employee=self,
            institution_id=self.institution_id,
            work_unit_id=self.work_unit_id,
            position_id=self.position_id,
            position_kind=self.position_kind,
            rank=self.rank,
            employee_kind=self.employee_kind,
            status=self.status,
            valid_from=self.period_start,
            valid_to=None,
            source=self.period_source,
            recorded_at=self.updated_at,
        )

    def close_period(self, *, until: Any, source: str = "") -> "EmploymentHistory":
        """Store the current period as history, ended at ``until``; the caller then changes
        the person and sets ``period_start``/``period_source`` for the new period.

        ``until`` is the new period's start: the day the change took effect (a TMT, a
        transfer's date), or None when nobody said (the end is then unknown, as the
        next start is: never the day the change was recorded). A period never ends
        before it began. Only a change of the period's fields (institution, work unit,
        position, position kind, rank, employee kind, status) closes a period: a
        corrected name or title is not a new period (:meth:`period_changes`).
        """
        period = self.current_period()
        if until is not None and period.valid_from is not None:
            until = max(period.valid_from, until)
        period.valid_to = until
        period.recorded_at = None
        period.save()
        return period

    def period_changes(self, before: "EmploymentHistory") -> bool:
        """Whether the person's period fields differ from ``before`` (their
        :meth:`current_period` taken before the change)."""
        now = self.current_period()
        return any(getattr(now, f) != getattr(before, f) for f in PERIOD_FIELDS)

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.title_front, self.full_name) if p)
        return f"{name}, {self.title_back}" if self.title_back else name


# The fields of a period: a change of any of them closes the current period.
PERIOD_FIELDS = (
    "institution_id", "work_unit_id", "position_id", "position_kind", "rank", "employee_kind",
    "status",
)  # fmt: skip


class EmploymentHistory(RestrictedModel):
    """One closed period of an employee's employment: institution, unit, position, rank, status.

    The open period is the employee row itself (``period_start``, see
    :meth:`Employee.current_period`); a change closes it into a row here.
    """

    # history_employee_idx starts with employee; nothing looks history up by institution
    # (whoever sees the employee sees the history), so neither has an index of its own.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("civil servant"),
        db_index=False,
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
        db_index=False,
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("work unit"),
    )
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("position"),
    )
    position_kind = models.CharField(
        _("position kind"), max_length=16, choices=PositionKind.choices, blank=True
    )
    rank = models.CharField(_("rank (golongan)"), max_length=8, blank=True)
    employee_kind = models.CharField(
        _("employment kind"), max_length=4, choices=EmployeeKind.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EmploymentStatus.choices, blank=True
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)  # None: start unknown
    valid_to = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # Whoever may see the employee sees their whole history.
    scope_institution_field = "employee__institution_id"
    scope_self_field = "employee__nip"

    class Meta:
        verbose_name = _("employment history")
        verbose_name_plural = _("employment history")
        ordering = ["employee", "-valid_from", "-id"]
        indexes = [models.Index(fields=["employee", "valid_from"], name="history_employee_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.valid_from}–{self.valid_to or ''}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class TransferRequest(RestrictedModel):
    """A NIP active elsewhere arrived in an import: the source institution confirms the move."""

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("civil servant"),
    )
    from_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("from"),
    )
    to_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("to"),
    )
    payload = models.JSONField(_("new values"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The receiving institution's reason for asking (a transfer started from the UI).
    request_note = models.TextField(
        _("reason for the request"), blank=True, default="", db_default=""
    )
    # The source institution's reason (a rejection) or note (a confirmation).
    decision_note = models.TextField(_("reason"), blank=True, default="", db_default="")
    # Whether the confirmation took the receiving side's identity values (name,
    # titles, birth date, sex); by default the source's record keeps its own.
    identity_applied = models.BooleanField(
        _("identity values applied"), default=False, db_default=False
    )
    import_job = models.ForeignKey(
        "people.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
        verbose_name=_("import"),
    )

    scope_institution_field = ("from_institution_id", "to_institution_id")
    scope_self_field = "employee__nip"

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "to_institution"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_target",
                violation_error_message=_(
                    "A transfer of this person to this institution is already waiting."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.from_institution_id} → {self.to_institution_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(RestrictedModel):
    """One upload of a register file: a dry run or a real import, run as a background job."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("institution"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    strict = models.BooleanField(_("reject the whole file if any row is bad"), default=False)
    # The uploader's language: the background job writes its messages in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The lease of the process running the job: renewed while it works; a running
    # job whose heartbeat is older than the lease was lost with its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    # The error report (XLSX), built once when the job ends.
    report = models.FileField(_("error report"), upload_to="import-reports/%Y/%m/", blank=True)
    # A real import confirming a dry run points to it; one import per dry run (unique),
    # so confirming twice, even at the same instant, queues one job.
    dry_run_job = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_import",
        verbose_name=_("dry run confirmed"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class ImportIssue(RestrictedModel):
    """One problem in one cell of an imported file; all of them are kept, not just the first."""

    job = models.ForeignKey(
        ImportJob, on_delete=models.CASCADE, related_name="issues", verbose_name=_("import")
    )
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=255, blank=True)
    message = models.TextField(_("problem"))

    scope_institution_field = "job__institution_id"

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["job", "row", "id"]
        indexes = [models.Index(fields=["job", "row"], name="importissue_job_row_idx")]

    def __str__(self) -> str:
        from tangguh.core.messages import render  # the message is stored as msgid + params

        return f"{self.row} {self.column}: {render(self.message)}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")


class CorrectionRequest(RestrictedModel):
    """A civil servant asks their institution to correct one field of their record (UU PDP).

    ``field`` is a register column's key (``import_spec.REGISTER``); ``current_value``
    is what the record said when the request was made, as the template writes it.
    Operators apply the change through the person's edit form, then mark it done.
    """

    # The person's institution when asked: its operators see the request in their queue.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="correction_requests",
        verbose_name=_("institution"),
        db_index=False,  # correction_queue_idx starts with it
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name=_("civil servant"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    field = models.CharField(_("field"), max_length=32)
    current_value = models.CharField(_("current value"), max_length=1000, blank=True)
    requested_value = models.CharField(_("correct value"), max_length=1000)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_self_field = "employee__nip"

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["institution", "status"], name="correction_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.field} ({self.status})"
