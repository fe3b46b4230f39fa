"""Menu entries and dashboard cards of development (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import (
    NavItem,
    register_dashboard_cards,
    register_nav,
    register_nav_group,
)

register_nav_group("development", _("Competency development"), 30)


# --- catalogue, sessions
def _catalogue_cards(user: object) -> list[dict[str, object]]:
    """Everyone: the upcoming sessions with open seats that their institution may join."""
    from django.db.models import F
    from django.urls import reverse
    from django.utils import timezone

    from tangguh.core.scoping import has_permission

    from .filters_catalogue import open_to_q
    from .models import Programme, Session
    from .selectors_programmes import catalogue_sessions

    if not has_permission(user, Session, "view"):
        return []
    joinable = Programme.objects.filter(
        open_to_q(getattr(user, "institution_id", None), prefix="")
    ).values("pk")
    count = (
        catalogue_sessions(user=user)
        .filter(
            programme_id__in=joinable,
            status="planned",
            end_date__gte=timezone.localdate(),
            enrolled__lt=F("capacity"),
        )
        .count()
    )
    return [
        {
            "label": _("Sessions open to my institution"),
            "value": count,
            "href": f"{reverse('development:catalogue')}?open_seats=true&open_to_me=true",
            "icon": "book",
            "order": 30,
        }
    ]


def _catalogue_nav() -> None:
    register_nav(
        NavItem(
            _("Development catalogue"),
            "development:catalogue",
            "development.Session",
            icon="book",
            order=30,
        )
    )
    register_dashboard_cards(_catalogue_cards)


_catalogue_nav()


# --- enrolment, my development
def _enrolment_staff(user: object) -> bool:
    from tangguh.core.scoping import Scope, scope_for

    from .models import Enrolment

    return scope_for(user, Enrolment, "change") not in (None, Scope.SELF)


def _enrolment_self(user: object) -> bool:
    from tangguh.core.scoping import Scope, scope_for

    from .models import Enrolment

    return scope_for(user, Enrolment, "view") == Scope.SELF and bool(getattr(user, "nip", ""))


def _enrolment_nav() -> None:
    register_nav(
        NavItem(
            _("Enrolment approvals"),
            "development:approvals",
            "development.Enrolment",
            action="change",
            icon="calendar",
            order=31,
            visible=_enrolment_staff,
        )
    )
    register_nav(
        NavItem(
            _("My training"),
            "development:my_enrolments",
            "development.Enrolment",
            icon="book",
            order=31,
            visible=_enrolment_self,
        )
    )


_enrolment_nav()


# --- JP ledger, activities, conversion table
def _ledger_staff(user: object) -> bool:
    from tangguh.core.roles import Role
    from tangguh.core.scoping import role_of

    return role_of(user) != Role.CIVIL_SERVANT


def _ledger_self(user: object) -> bool:
    from tangguh.core.roles import Role
    from tangguh.core.scoping import role_of

    return role_of(user) == Role.CIVIL_SERVANT and bool(getattr(user, "nip", ""))


def _activity_cards(user: object) -> list[dict[str, object]]:
    """Staff who approve: the activities awaiting their decision."""
    from django.urls import reverse

    from tangguh.core.scoping import Scope, scope_for

    from .models import Activity, ActivityStatus

    if not _ledger_staff(user) or scope_for(user, Activity, "change") in (None, Scope.SELF):
        return []
    count = (
        Activity.objects.restrict(user, "change").filter(status=ActivityStatus.SUBMITTED).count()
    )
    return [
        {
            "label": _("Activities awaiting approval"),
            "value": count,
            "href": reverse("development:activities"),
            "icon": "clipboard",
            "order": 35,
        }
    ]


def _ledger_nav() -> None:
    register_nav(
        NavItem(
            _("Recorded activities"),
            "development:activities",
            "development.Activity",
            icon="clipboard",
            order=35,
            visible=_ledger_staff,
        )
    )
    register_nav(
        NavItem(
            _("JP ledger"),
            "development:ledger",
            "development.LedgerEntry",
            icon="book",
            order=36,
            visible=_ledger_staff,
        )
    )
    register_nav(
        NavItem(
            _("My activities"),
            "development:my_activities",
            "development.Activity",
            icon="clipboard",
            order=34,
            visible=_ledger_self,
        )
    )
    register_dashboard_cards(_activity_cards)


_ledger_nav()

# --- the 20-JP duty


def _has_nip(user: object) -> bool:
    return bool(getattr(user, "nip", ""))


def _reads_compliance(user: object) -> bool:
    from .selectors_compliance import may_read

    return may_read(user)


register_nav(
    NavItem(
        _("My development"),
        "development:my",
        None,
        icon="award",
        order=31,
        visible=_has_nip,
    )
)
register_nav(
    NavItem(
        _("20-JP duty"),
        "development:compliance",
        "development.JpYearTotal",
        icon="chart",
        order=36,
        visible=_reads_compliance,
    )
)


def _my_jp_cards(user: object) -> list[dict[str, object]]:
    """A civil servant (anyone with a NIP): this year's JP against their duty."""
    from django.urls import reverse

    from .selectors_compliance import my_development

    if not _has_nip(user):
        return []
    mine = my_development(user=user)
    if mine.current is None:
        return []
    return [
        {
            "label": _("My JP this year"),
            "value": f"{mine.current.percent} %",
            "href": reverse("development:my"),
            "icon": "chart",
            "order": 31,
        }
    ]


register_dashboard_cards(_my_jp_cards)


# --- budgets
def _budget_nav() -> None:
    register_nav(
        NavItem(_("Budgets"), "development:budgets", "development.Budget", icon="wallet", order=58)
    )


_budget_nav()
