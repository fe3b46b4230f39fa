"""Sorting a list by its columns (core.sorting): only what the list offers, headers that
say the order and turn it round."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import translation

from tangguh.core.sorting import Column, parse_sort, sort_choices, sort_headers

COLUMNS = [
    Column("name", "Name", ("full_name", "nip")),
    Column("nip", "NIP", ("nip",)),
    Column("unit", "Work unit", ()),
]


def test_a_sort_the_list_does_not_offer_falls_back_to_the_default():
    assert parse_sort("-nip", COLUMNS, "name").order_by == ("-nip",)
    assert parse_sort("name", COLUMNS, "nip").order_by == ("full_name", "nip")
    for bad in (None, "", "birth_date", "-", "--nip", "nip; DROP TABLE", "NIP"):
        sort = parse_sort(bad, COLUMNS, "name")
        assert sort.param == "name" and not sort.descending


def test_headers_state_the_order_and_their_links_turn_it_round_on_the_first_page():
    query = QueryDict("q=siti&after=12&page=3&sort=name")
    current = parse_sort("name", COLUMNS, "name")
    name, nip, unit = sort_headers(query, COLUMNS, current, sortable={"name", "nip"})
    assert name["aria_sort"] == "ascending" and nip["aria_sort"] is None
    assert QueryDict(name["query"]).dict() == {"q": "siti", "sort": "-name"}
    assert QueryDict(nip["query"]).dict() == {"q": "siti", "sort": "nip"}
    assert not unit["sortable"]
    descending = parse_sort("-name", COLUMNS, "name")
    assert sort_headers(query, COLUMNS, descending)[0]["aria_sort"] == "descending"
    assert QueryDict(sort_headers(query, COLUMNS, descending)[0]["query"])["sort"] == "name"


def test_the_select_offers_both_directions_of_each_sortable_column_in_the_language():
    current = parse_sort("-nip", COLUMNS, "name")
    with translation.override("id"):
        choices = sort_choices(COLUMNS, current, sortable={"nip"})
    assert [c["value"] for c in choices] == ["nip", "-nip"]
    assert [c["selected"] for c in choices] == [False, True]
    assert choices[1]["label"] == "NIP, turun"
