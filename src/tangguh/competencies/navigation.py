"""Menu entries and dashboard cards of competencies (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import register_nav_group

register_nav_group("competencies", _("Competencies"), 35)

# --- the dictionaries (framework)
def _framework_nav() -> None:
    from tangguh.core.navigation import NavItem, register_nav

    register_nav(
        NavItem(
            _("Competency dictionary"),
            "competencies:framework",
            "competencies.Framework",
            icon="book",
            order=35,
        )
    )


_framework_nav()

# --- standards (standards)

# --- assessments (assessments)

# --- gaps (gaps)

# --- the needs analysis (needs)

# --- plans, my competencies (plans)
