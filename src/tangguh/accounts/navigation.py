"""Menu entry of accounts."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_nav, register_nav_group

register_nav(
    NavItem(_("API tokens"), "accounts:tokens", "accounts.ApiToken", icon="shield", order=90)
)
# Administrators (those who may create accounts) manage users; auditors open the list by its URL.
register_nav(
    NavItem(_("Users"), "accounts:users", "accounts.User", action="add", icon="user", order=85)
)

# The part of the menu these entries appear under.
register_nav_group("accounts", _("Administration"), 90)
