"""The register's audit actions, as the audit page names them (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

register_audit_actions(
    {
        "people.import": _("Imported civil servants"),
        "people.import_job_create": _("Uploaded a register file"),
        "people.import_job_confirm": _("Confirmed an import"),
        "people.import_job_retry": _("Retried a failed import"),
        "people.import.errors": _("Read an import's problems"),
        "people.units_import": _("Imported work units"),
        "people.employee.create": _("Registered a civil servant"),
        "people.employee.update": _("Changed a civil servant's record"),
        "people.employee.deactivate": _("Deactivated a civil servant"),
        "people.employee.view": _("Read a civil servant's record"),
        "people.employee.list": _("Read the list of civil servants"),
        "people.export": _("Exported civil servants"),
        "people.transfer.list": _("Read the list of transfers"),
        "people.transfer_request": _("Asked for a transfer"),
        "people.transfer.lookup": _("Looked up a civil servant to ask for a transfer"),
        "people.transfer_confirm": _("Confirmed a transfer"),
        "people.transfer_reject": _("Rejected a transfer"),
        "people.correction.request": _("Asked for a correction of their record"),
        "people.correction.done": _("Marked a correction request done"),
        "people.correction.reject": _("Rejected a correction request"),
        "people.my_data.download": _("Downloaded their own data"),
        "people.correction.list": _("Read the correction requests"),
        "people.correction.view": _("Read a correction request"),
    }
)
