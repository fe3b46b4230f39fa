"""Menu entries and dashboard cards of competencies (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_nav, register_nav_group

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
def _standards_nav() -> None:
    from tangguh.core.navigation import NavItem, register_nav

    # Staff pages: those who read the register's positions.
    register_nav(
        NavItem(
            _("Position standards"),
            "competencies:standards",
            "people.Position",
            icon="users",
            order=36,
        )
    )


_standards_nav()

# --- assessments (assessments)
def _assessments_staff(user: object) -> bool:
    from tangguh.core.scoping import Scope, scope_for

    from .models import Assessment

    return scope_for(user, Assessment, "view") not in (None, Scope.SELF)


def _assessments_nav() -> None:
    from tangguh.core.navigation import NavItem, register_nav

    register_nav(
        NavItem(
            _("Assessments"),
            "competencies:assessments",
            "competencies.Assessment",
            icon="clipboard",
            order=37,
            visible=_assessments_staff,
        )
    )


_assessments_nav()

# --- gaps (gaps)
register_nav(
    NavItem(
        _("Competency gaps"),
        "competencies:gaps",
        "competencies.CurrentLevel",
        icon="chart",
        order=40,
        visible=lambda user: _reads_gaps(user),
    )
)


def _reads_gaps(user: object) -> bool:
    from .selectors_gaps import may_read

    return may_read(user)


# --- the needs analysis (needs)
def _needs_nav() -> None:
    from tangguh.core.navigation import NavItem, register_nav

    register_nav(
        NavItem(
            _("Needs analysis (AKPK)"),
            "competencies:needs",
            "competencies.NeedsAnalysis",
            icon="chart",
            order=39,
        )
    )


_needs_nav()


# --- plans, my competencies (plans)
def _plans_staff(user: object) -> bool:
    from tangguh.core.scoping import Scope, scope_for

    from .models import DevelopmentPlan

    return scope_for(user, DevelopmentPlan, "view") not in (None, Scope.SELF)


def _has_nip(user: object) -> bool:
    return bool(getattr(user, "nip", ""))


def _plans_nav() -> None:
    from tangguh.core.navigation import NavItem, register_nav

    register_nav(
        NavItem(
            _("Development plans"),
            "competencies:plans",
            "competencies.DevelopmentPlan",
            icon="clipboard",
            order=39,
            visible=_plans_staff,
        )
    )
    register_nav(
        NavItem(
            _("My competencies"),
            "competencies:mine",
            None,
            icon="award",
            order=32,
            visible=_has_nip,
        )
    )


_plans_nav()
