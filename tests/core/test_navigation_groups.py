"""The menu in parts: each domain's entries under its label, in the parts' order."""

from django.utils import translation

from tangguh.core.navigation import NavItem, nav_groups


def _item(url_name: str, order: int = 50) -> NavItem:
    return NavItem(url_name, url_name, None, order=order)


def test_entries_fall_under_their_namespace_label_in_the_parts_order():
    items = [
        _item("people:list", 20),
        _item("certification:batches", 43),
        _item("development:catalogue", 30),
        _item("institutions:list", 90),
        _item("core:audit", 95),
        _item("elsewhere:page", 10),
    ]
    groups = nav_groups(items)
    with translation.override("en"):
        labels = [str(g.label) for g in groups]
    assert labels == ["", "Personnel", "Competency development", "Certification", "Administration"]
    # Namespaces that share a label and an order share one part.
    assert [i.url_name for i in groups[-1].items] == ["institutions:list", "core:audit"]
    assert [i.url_name for i in groups[0].items] == ["elsewhere:page"]


def test_no_entries_no_parts():
    assert nav_groups([]) == []
