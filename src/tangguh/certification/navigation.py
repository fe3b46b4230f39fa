"""Menu entries and dashboard cards of certification (one block per part)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from tangguh.core.navigation import NavItem, register_nav  # noqa: F401

# --- schemes, licences, batches

# --- results, plenary, my certification

# --- certificates

# --- reports
