"""The institutions' audit actions, as the audit page names them (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

register_audit_actions({"institutions.load": _("Loaded the list of institutions")})
