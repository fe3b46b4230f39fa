"""Menu entries and dashboard cards of development (one block per part)."""

# --- catalogue, sessions (helper A)

# --- enrolment, my development (helper B)

# --- JP ledger, activities, conversion table (helper C)

# --- the 20-JP duty (helper D)
from django.utils.translation import gettext_lazy as _  # noqa: E402

from tangguh.core.navigation import NavItem, register_dashboard_cards, register_nav  # noqa: E402


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
            "icon": "award",
            "order": 31,
        }
    ]


register_dashboard_cards(_my_jp_cards)


# --- budgets (helper E)
