"""The shared presentation tags: {% icon %} and {% nav_current %}."""

from types import SimpleNamespace

from django.template import Context, Template

from tangguh.core.templatetags.tangguh_ui import icon, nav_current

NAV = [SimpleNamespace(url_name="people:list"), SimpleNamespace(url_name="institutions:list")]


def test_icon_is_decorative_inline_svg():
    svg = str(icon("building", 24))
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg and 'width="24"' in svg
    assert "<path" in svg


def test_unknown_icon_draws_a_circle_instead_of_failing():
    assert "<circle" in str(icon("no-such-icon"))


def test_icon_class_is_escaped():
    assert "<script" not in str(icon("home", 20, '"><script>'))


def test_nav_current_prefers_the_exact_entry_then_the_namespace():
    assert nav_current(NAV, "institutions:list") == "institutions:list"
    assert nav_current(NAV, "institutions:detail") == "institutions:list"
    assert nav_current(NAV, "core:dashboard") == "core:dashboard"
    assert nav_current(NAV, "accounts:login") == ""
    assert nav_current(NAV, "") == ""


def test_tags_load_in_a_template():
    out = Template(
        '{% load tangguh_ui %}{% nav_current items "people:detail" as c %}{{ c }}|{% icon "home" %}'
    ).render(Context({"items": NAV}))
    assert out.startswith("people:list|<svg")


def test_nav_current_picks_the_entry_sharing_the_longest_name_prefix():
    items = [
        SimpleNamespace(url_name="people:list"),
        SimpleNamespace(url_name="people:import"),
        SimpleNamespace(url_name="people:transfers"),
    ]
    assert nav_current(items, "people:import-job") == "people:import"
    assert nav_current(items, "people:transfer-confirm") == "people:transfers"
    assert nav_current(items, "people:detail") == "people:list"


def test_time_to_the_second_in_each_languages_separator():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.template import Context, Template
    from django.utils import translation

    moment = datetime(2026, 11, 30, 7, 5, 33, tzinfo=ZoneInfo("UTC"))  # 14.05.33 in Jakarta
    template = Template("{% load tangguh_ui %}{{ moment|time_seconds }}")
    shown = {}
    for language in ("id", "en"):
        with translation.override(language):
            shown[language] = template.render(Context({"moment": moment}))
    assert shown == {"id": "14.05.33", "en": "14:05:33"}
