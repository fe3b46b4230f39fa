"""Menu entries and dashboard cards of certification (one block per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.navigation import (
    NavItem,
    register_dashboard_cards,
    register_nav,
    register_nav_group,
)


# --- schemes, licences, batches
def _staff(user: object) -> bool:
    from tangguh.core.roles import Role
    from tangguh.core.scoping import role_of

    return role_of(user) != Role.CIVIL_SERVANT


register_nav(
    NavItem(
        _("Exam batches"),
        "certification:batches",
        "certification.Batch",
        icon="calendar",
        order=43,
        visible=_staff,
    )
)
register_nav(
    NavItem(
        _("Certification schemes"),
        "certification:schemes",
        "certification.Scheme",
        icon="book",
        order=42,
        visible=_staff,
    )
)


def _open_batch_cards(user: object) -> list[dict[str, object]]:
    """Those who nominate: the batches open for nominations, as the filtered list counts."""
    from django.urls import reverse

    from tangguh.core.scoping import has_permission

    from .models import BatchStatus, Participation
    from .selectors_batches import batch_list

    if not _staff(user) or not has_permission(user, Participation, "add"):
        return []
    count = batch_list(user=user).filter(status=BatchStatus.OPEN).count()
    return [
        {
            "label": _("Batches open for nominations"),
            "value": count,
            "href": f"{reverse('certification:batches')}?status=open",
            "icon": "calendar",
            "order": 43,
        }
    ]


register_dashboard_cards(_open_batch_cards)


# --- results, plenary, my certification
def _has_own_certification_entry(user: object) -> bool:
    """As "My record": civil servants always, staff with a NIP on their account too."""
    from tangguh.people.navigation import has_own_record_entry

    return has_own_record_entry(user)


register_nav(
    NavItem(
        _("Assessment"),
        "certification:worklist",
        "certification.UnitResult",
        action="add",
        icon="clipboard",
        order=44,
    )
)


def _results_cards(user: object) -> list[dict[str, object]]:
    """Assessors and organisers: the batches in progress, as the worklist counts them."""
    from tangguh.core.scoping import has_permission

    from .models import UnitResult
    from .selectors_results import worklist_in_progress

    if not getattr(user, "is_authenticated", False) or not has_permission(user, UnitResult, "add"):
        return []
    count = worklist_in_progress(user=user).count()
    return [
        {
            "label": _("Exam batches in progress"),
            "value": count,
            "url": "certification:worklist",
            "icon": "clipboard",
            "tone": "warn" if count else None,
            "order": 44,
        }
    ]


register_dashboard_cards(_results_cards)
register_nav(
    NavItem(
        _("My certification"),
        "certification:my",
        None,
        icon="award",
        order=21,
        visible=_has_own_certification_entry,
    )
)


# --- certificates
def _reads_certificates_list(user: object) -> bool:
    """Staff who read certificates; a civil servant finds theirs on "My certification"."""
    from tangguh.core.scoping import Scope, scope_for

    from .models import Certificate

    return scope_for(user, Certificate, "view") not in (None, Scope.SELF)


register_nav(
    NavItem(
        _("Certificates"),
        "certification:certificates",
        "certification.Certificate",
        icon="award",
        order=46,
        visible=_reads_certificates_list,
    )
)


def _certificate_cards(user: object) -> list[dict[str, object]]:
    """Staff who read certificates: the valid ones today, as the list filtered so counts."""
    from django.urls import reverse

    from .selectors_certificates import certificate_list, with_status

    if not getattr(user, "is_authenticated", False) or not _reads_certificates_list(user):
        return []
    # The list's own selector and status filter: the figure is the count the link shows.
    count = with_status(certificate_list(user=user), "valid").count()
    return [
        {
            "label": _("Valid certificates"),
            "value": count,
            "href": f"{reverse('certification:certificates')}?status=valid",
            "icon": "award",
            "order": 45,
        }
    ]


register_dashboard_cards(_certificate_cards)


# --- reports
def _reads_reports(user: object) -> bool:
    from .selectors_reports import may_read_reports

    return may_read_reports(user)


register_nav(
    NavItem(
        _("Certification report"),
        "certification:reports",
        "certification.Participation",
        icon="chart",
        order=48,
        visible=_reads_reports,
    )
)


def _report_cards(user: object) -> list[dict[str, object]]:
    """Staff who read certificates of institutions: how many expire within 90 days, the
    count of the list the card opens (its own selector)."""
    from .selectors_reports import EXPIRING_DAYS, expiring_certificates, may_read_expiring

    if not getattr(user, "is_authenticated", False) or not may_read_expiring(user):
        return []
    count = expiring_certificates(user=user).count()
    return [
        {
            "label": _("Certificates expiring within %(days)s days") % {"days": EXPIRING_DAYS},
            "value": count,
            "url": "certification:reports_expiring",
            "icon": "calendar",
            "tone": "warn" if count else None,
            "order": 47,
        }
    ]


register_dashboard_cards(_report_cards)

# The part of the menu these entries appear under.
register_nav_group("certification", _("Certification"), 40)
