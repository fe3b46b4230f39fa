"""The generic import spec: derived tables, model limits, a version that follows the rules."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from typing import Any

import pytest

from tangguh.core.importing import Column, ImportSpec, Merge
from tangguh.core.importing.spec import source_text


def upper(cell: str) -> str:
    return cell.upper()


def lower(cell: str) -> str:
    return cell.lower()


def spec(rule: Any = upper, **changes: Any) -> ImportSpec:
    code = Column("code", "the code", ("Kode", "Code"), header="Kode", required=True,
                  text=True, example="001", rule=rule, merge=Merge.KEY)  # fmt: skip
    name = Column("name", "the name", ("Nama", "Name"), header="Nama", example="Budi",
                  rule=upper)  # fmt: skip
    name = dataclasses.replace(name, **changes)
    note = Column("note", "the note", ("Catatan",), header="Catatan", in_template=False)
    return ImportSpec(target="toy", model="auth.User", columns=(code, name, note))


def test_derived_tables():  # type: ignore[no-untyped-def]
    toy = spec()
    assert toy.key.key == "code"
    assert toy.required == ("code",)
    assert toy.template_headers == ("Kode", "Nama")
    assert toy.example_row() == ("001", "Budi")
    # The template's header is always a synonym (first when it was not listed).
    assert toy.synonyms == {
        "code": ("Kode", "Code"),
        "name": ("Nama", "Name"),
        "note": ("Catatan",),
    }
    assert toy.with_merge(Merge.WRITTEN) == ("name", "note")
    assert toy.with_merge(Merge.KEY) == ("code",)


def test_a_spec_needs_exactly_one_key_and_distinct_columns():  # type: ignore[no-untyped-def]
    a = Column("a", "a", (), header="A", merge=Merge.KEY)
    b = Column("b", "b", (), header="B")
    with pytest.raises(ValueError, match="exactly one column"):
        ImportSpec(target="t", model="auth.User", columns=(b,))
    with pytest.raises(ValueError, match="exactly one column"):
        ImportSpec(
            target="t", model="auth.User", columns=(a, Column("c", "c", (), "C", merge=Merge.KEY))
        )
    with pytest.raises(ValueError, match="declared twice"):
        ImportSpec(target="t", model="auth.User", columns=(a, b, b))


def test_limits_come_from_the_model_field():  # type: ignore[no-untyped-def]
    toy = ImportSpec(
        target="t",
        model="auth.User",
        columns=(
            Column("login", "l", (), "Login", model_field="username", merge=Merge.KEY),
            Column("group", "g", (), "Group", model_field="groups__name"),
            Column("free", "f", (), "Free"),
        ),
    )
    assert toy.limits("login") == {"max_length": 150}
    assert toy.limits("group") == {"max_length": 150}  # through the relation
    assert toy.limits("free") == {}


def test_the_version_is_stable_and_follows_the_declaration():  # type: ignore[no-untyped-def]
    assert spec().version == spec().version
    assert len(spec().version) == 64
    assert spec(rule=lower).version != spec().version  # another rule
    assert spec(synonyms=("Nama",)).version != spec().version  # another synonym list
    assert spec(required=True).version != spec().version  # another declaration
    assert spec(depends=(lower,)).version != spec().version  # a helper of the rule
    assert spec().version_with(lower) != spec().version
    assert 0 <= spec().seed() < 2**60


def test_changing_a_rules_source_changes_the_version(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Nobody bumps a number: editing the rule's code is enough."""
    module = tmp_path / "toy_rules.py"
    module.write_text("def rule(cell):\n    return cell.strip()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    rules = importlib.import_module("toy_rules")
    before = spec(rule=rules.rule).version
    module.write_text("def rule(cell):\n    return cell.strip().upper()\n")
    importlib.invalidate_caches()
    rules = importlib.reload(rules)
    after = spec(rule=rules.rule).version
    sys.modules.pop("toy_rules", None)
    assert before != after


def test_source_text_looks_through_decorators_and_reads_modules():  # type: ignore[no-untyped-def]
    from functools import lru_cache

    cached = lru_cache(maxsize=8)(upper)
    assert source_text(cached) == source_text(upper)
    assert "def upper" in source_text(upper)
    assert "def upper" in source_text(sys.modules[__name__])
    assert source_text(None) == ""
