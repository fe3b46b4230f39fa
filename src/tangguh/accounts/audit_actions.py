"""The audit actions of accounts, as the audit page names them (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

register_audit_actions(
    {
        "accounts.api_token_issued": _("Issued an API token"),
        "accounts.api_token_revoked": _("Revoked an API token"),
        "accounts.api_tokens_revoked": _("Revoked an account's API tokens"),
    }
)
