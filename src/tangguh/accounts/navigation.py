"""Menu entry of accounts."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_nav

register_nav(
    NavItem(_("API tokens"), "accounts:tokens", "accounts.ApiToken", icon="shield", order=90)
)
