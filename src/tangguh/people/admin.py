"""Admin for superusers: a repair tool, not the register's screens (those are scoped)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import render as render_message
from tangguh.core.text_safety import BidiSafeModelForm

from .models import (
    Employee,
    EmploymentHistory,
    ImportIssue,
    ImportJob,
    Position,
    TransferRequest,
    WorkUnit,
)


class HistoryInline(admin.TabularInline):
    model = EmploymentHistory
    extra = 0
    raw_id_fields = ("institution", "work_unit", "position")


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = BidiSafeModelForm  # names and titles: no bidirectional controls
    list_display = ("nip", "full_name", "institution", "employee_kind", "rank", "status")
    list_filter = ("status", "employee_kind", "position_kind")
    # NIP first: an exact or prefix match on the unique index; the name search scans.
    search_fields = ("=nip", "^nip", "full_name")
    raw_id_fields = ("institution", "work_unit", "position")
    list_select_related = ("institution",)
    # 4.3 million rows: no COUNT(*) of the whole table on every page.
    show_full_result_count = False
    inlines = [HistoryInline]


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    form = BidiSafeModelForm
    list_display = ("path", "institution")
    search_fields = ("path",)
    raw_id_fields = ("institution", "parent")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    form = BidiSafeModelForm
    list_display = ("name", "kind", "institution")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("institution",)


class IssueInline(admin.TabularInline):
    model = ImportIssue
    extra = 0
    max_num = 0
    fields = ("row", "column", "value", "problem")
    readonly_fields = fields

    @admin.display(description=_("problem"))
    def problem(self, issue: ImportIssue) -> str:
        """The stored message (msgid and params) in the reader's language."""
        return render_message(issue.message)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "institution", "dry_run", "status", "created_by", "created_at")
    list_filter = ("status", "dry_run")
    raw_id_fields = ("institution", "created_by")
    readonly_fields = (
        "summary", "result", "progress_done", "progress_total", "started_at", "finished_at",
    )  # fmt: skip
    inlines = [IssueInline]

    @admin.display(description=_("summary"))
    def summary(self, job: ImportJob) -> str:
        """The stored message (msgid and params) in the reader's language."""
        return render_message(job.message)


@admin.register(TransferRequest)
class TransferRequestAdmin(admin.ModelAdmin):
    list_display = ("employee", "from_institution", "to_institution", "status", "requested_at")
    list_filter = ("status",)
    raw_id_fields = (
        "employee",
        "from_institution",
        "to_institution",
        "requested_by",
        "decided_by",
        "import_job",
    )
