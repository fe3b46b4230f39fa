"""The audit actions of accounts, as the audit page names them (found by core at start-up)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

register_audit_actions(
    {
        "accounts.api_token_issued": _("Issued an API token"),
        "accounts.api_token_revoked": _("Revoked an API token"),
        "accounts.api_tokens_revoked": _("Revoked an account's API tokens"),
        "accounts.user_created": _("Created an account"),
        "accounts.user_changed": _("Changed an account"),
        "accounts.user_deactivated": _("Deactivated an account"),
        "accounts.user_reactivated": _("Reactivated an account"),
        "accounts.user_password_reset": _("Forced a password reset"),
        "accounts.user_invited": _("Made a new invitation link"),
        "accounts.user_password_set": _("Set the password by a one-time link"),
    }
)
