"""Stored messages: msgid + params, rendered in the reader's language and formats."""

import json
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from tangguh.core.importing.cells import sheet_problem, too_long
from tangguh.core.importing.errors import ParseError
from tangguh.core.importing.results import RowError
from tangguh.core.messages import Message, dumps, joined, loads, msgid_of, render

SUMMARY = gettext_lazy("Only the first %(shown)s of %(total)s problems are listed.")


def test_a_message_renders_in_the_active_language_with_its_numbers_formatted():
    message = Message(SUMMARY, {"shown": 1000, "total": 30000})
    with translation.override("en"):
        assert str(message) == "Only the first 1,000 of 30,000 problems are listed."
    with translation.override("id"):
        text = str(message)
    assert "1.000" in text and "30.000" in text and "Only" not in text


def test_years_are_not_grouped_and_dates_use_the_language_format():
    message = Message("%(year)s %(when)s", {"year": 2026, "when": date(2026, 11, 30)})
    with translation.override("en"):
        assert str(message) == "2026 30 November 2026"
    with translation.override("id"):
        assert str(message) == "2026 30 November 2026"


def test_a_translatable_parameter_is_stored_as_its_msgid_and_translated_when_read():
    message = Message(
        gettext_lazy(
            "The file has no column for %(field)s. Add a column with the header “%(header)s” (or use the template)."
        ),
        {"field": gettext_lazy("the birth date"), "header": "Tanggal Lahir"},
    )
    stored = dumps(message)
    assert json.loads(stored)["p"]["field"] == {"m": "the birth date"}
    with translation.override("id"):
        indonesian = render(stored)
    with translation.override("en"):
        english = render(stored)
    assert english.startswith("The file has no column for the birth date.")
    assert "the birth date" not in indonesian and "Tanggal Lahir" in indonesian


def test_round_trip_keeps_nested_lists_dates_and_plurals():
    message = joined(
        [
            Message(SUMMARY, {"shown": 5, "total": 7}),
            Message("%(when)s", {"when": date(2026, 1, 2)}),
        ]
    )
    again = loads(dumps(message))
    assert again == message
    with translation.override("en"):
        assert render(dumps(message)) == str(message)


def test_plain_text_and_broken_json_render_as_themselves():
    assert render("Kalimat lama, 30000 baris.") == "Kalimat lama, 30000 baris."
    assert render('{"m": broken') == '{"m": broken'
    assert render("") == "" and render(None) == ""
    assert dumps("as is") == "as is"


def test_msgid_of_a_lazy_string_and_a_message_refused_as_msgid():
    assert msgid_of(SUMMARY) == "Only the first %(shown)s of %(total)s problems are listed."
    with pytest.raises(TypeError):
        Message(Message("x"))


def test_a_message_takes_its_params_with_percent():
    message = Message(SUMMARY) % {"shown": 1, "total": 2}
    assert message == Message(SUMMARY, {"shown": 1, "total": 2})


def test_import_problems_are_messages_and_row_errors_render_them():
    problem = sheet_problem("#N/A")
    assert isinstance(problem, Message) and problem.params == {"error": "#N/A"}
    error = RowError(2, "NIP", "x", too_long(12345))
    with translation.override("en"):
        assert "12,345" in error.message
        assert json.loads(error.stored)["p"] == {"limit": 12345}
    with translation.override("id"):
        assert "12.345" in error.message
    parse = ParseError(
        gettext_lazy("The value is longer than %(limit)s characters. Shorten it."),
        "x",
        {"limit": 5},
    )
    assert parse.as_message() == Message(
        "The value is longer than %(limit)s characters. Shorten it.", {"limit": 5}
    )


def test_the_template_filter_renders_a_stored_message():
    stored = dumps(Message(SUMMARY, {"shown": 1500, "total": 2000}))
    template = Template("{% load tangguh_messages %}{{ value|message }}")
    with translation.override("en"):
        assert template.render(Context({"value": stored})) == (
            "Only the first 1,500 of 2,000 problems are listed."
        )
    assert (
        Template("{% load tangguh_messages %}{{ value|message }}").render(
            Context({"value": "<b>old</b>"})
        )
        == "&lt;b&gt;old&lt;/b&gt;"
    )


def test_a_lazy_parameter_that_is_no_plain_msgid_is_stored_rendered():
    from django.utils.text import format_lazy

    stored = json.loads(dumps(Message("%(x)s", {"x": format_lazy("{}-{}", "a", "b")})))
    assert stored["p"]["x"] == "a-b"


def test_plurals_follow_the_count_and_a_mismatched_message_never_fails():
    one = Message("%(count)s problem", {"count": 1}, plural="%(count)s problems")
    many = Message("%(count)s problem", {"count": 1200}, plural="%(count)s problems")
    with translation.override("en"):
        assert (str(one), str(many)) == ("1 problem", "1,200 problems")
        assert loads(dumps(many)) == many
    # Stored params that no longer fit the sentence: shown, not a server error.
    assert str(Message("%(gone)s and %(here)s", {"here": 1})) == "%(gone)s and %(here)s"
