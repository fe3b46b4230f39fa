"""Helpers of the lists' filter tests (tests/<domain>/test_filters.py).

Each list has one FilterSet for its page, its API and its export. The tests ask the three
the same questions (one table of parameter cases per list) and compare the rows, and
check that the page's filter bar, the API schema's parameters and the FilterSet's
filters are the same set of names, so a filter added to the FilterSet shows up
everywhere or the test says where it is missing.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.test import Client

# Parameters of the API's pagination, not filters (and the page's sort order).
PAGINATION = frozenset({"cursor", "page", "page_size", "sort"})


class _FilterBar(HTMLParser):
    """The names a page's filter bar sends: the controls of its search form and the
    query parameters of its chip links."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self._in_form = self._in_chips = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "form" and a.get("role") == "search":
            self._in_form += 1
        elif tag == "ul" and "chips" in classes:
            self._in_chips += 1
        elif self._in_form and tag in ("input", "select", "textarea") and a.get("name"):
            # A control of another form (a picker's search box) is not sent with this one.
            if a.get("type") not in ("hidden", "submit") and a.get("form") is None:
                self.names.add(str(a["name"]))
        elif self._in_chips and tag == "a" and a.get("href"):
            query = urlsplit(str(a["href"])).query
            self.names |= {k for k, _v in parse_qsl(query, keep_blank_values=True)}

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form -= 1
        elif tag == "ul" and self._in_chips:
            self._in_chips -= 1


def page_filter_names(html: str) -> set[str]:
    parser = _FilterBar()
    parser.feed(html)
    return parser.names - PAGINATION


def schema_filter_names(path: str) -> set[str]:
    """The query parameters the API schema documents for ``GET path``, minus paging."""
    schema = Client().get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"][path]["get"].get("parameters", [])
    return {p["name"] for p in parameters if p["in"] == "query"} - PAGINATION


def case_names(cases: list[tuple[dict[str, Any], Any]]) -> set[str]:
    """Every parameter a table of cases exercises."""
    return {name for params, _expected in cases for name in params}


def api_rows(client: Client, url: str, params: dict[str, Any], key: str) -> list[Any]:
    response = client.get(url, {**params, "page_size": 100})
    assert response.status_code == 200, (params, response.json())
    return [row[key] for row in response.json()["results"]]


def api_refusal(client: Client, url: str, params: dict[str, Any]) -> str:
    """The field a 400 of the API names."""
    response = client.get(url, params)
    assert response.status_code == 400, (params, response.status_code)
    body = response.json()
    assert body["detail"], body
    return str(body["errors"][0]["field"])


def without(params: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k != name}
