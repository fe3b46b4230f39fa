"""Small presentation helpers shared by every domain's templates: ``{% load tangguh_ui %}``."""

import os
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from tangguh.core.formatting import format_time_seconds

register = template.Library()

# Inline line icons (24×24, stroked with currentColor): no icon font, no network.
# A domain's NavItem(icon=...) or dashboard card {"icon": ...} names one of these;
# an unknown name draws a plain circle rather than failing.
_ICONS = {
    "home": '<path d="M3 10.5 12 3l9 7.5"/><path d="M5 9v11h5v-6h4v6h5V9"/>',
    "building": (
        '<rect x="4" y="3" width="16" height="18" rx="1.5"/>'
        '<path d="M9 7h1M14 7h1M9 11h1M14 11h1M9 15h1M14 15h1M10.5 21v-3h3v3"/>'
    ),
    "users": (
        '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/>'
        '<path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14.3c2 .7 3.5 2.8 3.5 5.7"/>'
    ),
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/>',
    "award": '<circle cx="12" cy="9" r="6"/><path d="m8.5 14-1.5 8 5-3 5 3-1.5-8"/>',
    "book": (
        '<path d="M4 4.5A1.5 1.5 0 0 1 5.5 3H20v15H5.5A1.5 1.5 0 0 0 4 19.5z"/>'
        '<path d="M4 19.5A1.5 1.5 0 0 0 5.5 21H20v-3"/>'
    ),
    "chart": '<path d="M5 20V11M11 20V5M17 20v-6M3 20h18"/>',
    "wallet": (
        '<rect x="3" y="6" width="18" height="14" rx="2"/><path d="M16 13h2"/>'
        '<path d="M6 6V4.5A1.5 1.5 0 0 1 7.5 3H17v3"/>'
    ),
    "clipboard": (
        '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V2.5h6V4M9 11h6M9 15h4"/>'
    ),
    "map": '<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>',
    "shield": '<path d="M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6z"/><path d="m9 12 2 2 4-4"/>',
    "upload": '<path d="M12 16V4M7 9l5-5 5 5M4 20h16"/>',
    "download": '<path d="M12 4v12M7 11l5 5 5-5M4 20h16"/>',
    "search": '<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>',
    "arrow-right": '<path d="M5 12h14M13 6l6 6-6 6"/>',
    "log-out": '<path d="M9 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h3M16 17l5-5-5-5M21 12H9"/>',
    "calendar": '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
    "circle": '<circle cx="12" cy="12" r="8"/>',
}


@register.simple_tag
def icon(name: str, size: int = 20, css_class: str = "") -> SafeString:
    """An inline, decorative SVG icon: ``{% icon "building" %}`` (hidden from screen readers)."""
    paths = mark_safe(_ICONS.get(name, _ICONS["circle"]))  # noqa: S308  constant markup above
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'width="{}" height="{}" fill="none" stroke="currentColor" stroke-width="1.8" '
        'stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        css_class,
        size,
        size,
        paths,
    )


@register.simple_tag
def nav_current(nav_items: Iterable[Any], current_url_name: str) -> str:
    """Which menu entry marks the current page: ``{% nav_current nav_items current_url_name as c %}``.

    The dashboard and the exact URL name win; otherwise the entry of the same
    namespace whose name shares the longest prefix (``people:import-job`` marks
    "Imports"), else the first of that namespace (``institutions:detail`` keeps
    "Institutions" highlighted).
    """
    if not current_url_name:
        return ""
    names = ["core:dashboard", *(item.url_name for item in nav_items)]
    if current_url_name in names:
        return current_url_name
    namespace, _sep, name = current_url_name.partition(":")
    best, best_len = "", -1
    for candidate in names:
        cand_ns, _sep, cand_name = candidate.partition(":")
        if cand_ns != namespace:
            continue
        shared = len(os.path.commonprefix([name, cand_name]))  # noqa: RUF071 (characters wanted)
        if shared > best_len:
            best, best_len = candidate, shared
    return best


@register.filter
def time_seconds(value: Any) -> str:
    """``{{ moment|time_seconds }}``: "14.05.33" in Indonesian, "14:05:33" in English."""
    return format_time_seconds(value) if value else ""
