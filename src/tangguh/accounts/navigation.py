"""Menu entry and audit labels of accounts."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions
from tangguh.core.navigation import NavItem, register_nav

register_nav(
    NavItem(_("API tokens"), "accounts:tokens", "accounts.ApiToken", icon="shield", order=90)
)

register_audit_actions(
    {
        "accounts.api_token_issued": _("Issued an API token"),
        "accounts.api_token_revoked": _("Revoked an API token"),
        "accounts.api_tokens_revoked": _("Revoked an account's API tokens"),
    }
)
