"""Menu entries and dashboard cards of competencies (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import NavItem, register_nav, register_nav_group

register_nav_group("competencies", _("Competencies"), 35)


def _staff_reads(label: str):  # type: ignore[no-untyped-def]
    """Visible to those who read the model beyond their own rows (staff, not SELF)."""

    def visible(user: object) -> bool:
        from django.apps import apps

        from tangguh.core.scoping import Scope, scope_for

        return scope_for(user, apps.get_model(label), "view") not in (None, Scope.SELF)

    return visible


def _administers(label: str):  # type: ignore[no-untyped-def]
    """Visible to the administrators (national, institution) who may read the model."""

    def visible(user: object) -> bool:
        from django.apps import apps

        from tangguh.core.roles import Role
        from tangguh.core.scoping import has_permission, role_of

        return role_of(user) in (Role.NATIONAL_ADMIN, Role.INSTITUTION_ADMIN) and has_permission(
            user, apps.get_model(label), "view"
        )

    return visible


def _reads_gaps(user: object) -> bool:
    from .selectors_gaps import may_read

    return may_read(user)


def _has_nip(user: object) -> bool:
    return bool(getattr(user, "nip", ""))


# --- my competencies (plans): a civil servant's own profile, gaps and plan
register_nav(
    NavItem(
        _("My competencies"), "competencies:mine", None, icon="award", order=31, visible=_has_nip
    )
)

# A phone's menu stays short enough to show every part: the dictionaries and the
# standards are in the menu of those who write them, the needs analysis and the plans in
# the administrators'; everyone else reaches them from the gaps page (its links), as
# gap closure.

# --- the dictionaries (framework)
register_nav(
    NavItem(
        _("Competency dictionary"),
        "competencies:framework",
        "competencies.Framework",
        action="add",
        icon="book",
        order=32,
    )
)

# --- standards (standards)
register_nav(
    NavItem(
        _("Position standards"),
        "competencies:standards",
        "competencies.StandardItem",
        action="add",
        icon="users",
        order=33,
    )
)

# --- assessments (assessments)
register_nav(
    NavItem(
        _("Competency assessments"),
        "competencies:assessments",
        "competencies.Assessment",
        icon="clipboard",
        order=34,
        visible=_staff_reads("competencies.Assessment"),
    )
)

# --- gaps (gaps); gap closure is reached from the gaps page
register_nav(
    NavItem(
        _("Competency gaps"),
        "competencies:gaps",
        "competencies.CurrentLevel",
        icon="chart",
        order=35,
        visible=_reads_gaps,
    )
)

# --- the needs analysis (needs)
register_nav(
    NavItem(
        _("Needs analysis (AKPK)"),
        "competencies:needs",
        "competencies.NeedsAnalysis",
        visible=_administers("competencies.NeedsAnalysis"),
        icon="chart",
        order=36,
    )
)

# --- plans (plans)
register_nav(
    NavItem(
        _("Development plans"),
        "competencies:plans",
        "competencies.DevelopmentPlan",
        icon="clipboard",
        order=37,
        visible=_administers("competencies.DevelopmentPlan"),
    )
)
