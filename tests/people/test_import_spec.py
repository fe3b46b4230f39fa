"""The register's import spec is the one list of columns the import, template and exports use."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date

import pytest

from tangguh.core.importing import ImportSpec, Merge, fastpath
from tangguh.core.importing import cells as core_cells
from tangguh.core.importing import rows as core_rows
from tangguh.people import exports
from tangguh.people.import_spec import REGISTER
from tangguh.people.parsing import match_headers
from tangguh.people.parsing.headers import FIELD_LABELS, FIELD_SYNONYMS, TEMPLATE_HEADERS

from .helpers import person

TODAY = date(2026, 6, 30)


def test_header_matching_template_and_exports_come_from_the_spec():  # type: ignore[no-untyped-def]
    assert list(FIELD_SYNONYMS) == [c.key for c in REGISTER.columns]
    assert set(FIELD_LABELS) == set(FIELD_SYNONYMS)
    assert tuple(c.header for c in REGISTER.columns if c.in_template) == TEMPLATE_HEADERS
    assert len(exports._WIDTHS) == len(TEMPLATE_HEADERS) == len(exports._EXAMPLE_ROW)
    assert exports._EXPORT_FIELDS[exports._TEXT_INDEX] == "nip"
    # Every header the template writes is read back as its column.
    assert match_headers(list(TEMPLATE_HEADERS)).columns == {
        c.key: i for i, c in enumerate(REGISTER.template_columns)
    }
    assert REGISTER.key.key == "nip"
    assert REGISTER.required == ("nip", "full_name")


def test_every_column_has_a_rule_and_a_merge_policy():  # type: ignore[no-untyped-def]
    for column in REGISTER.columns:
        assert column.rule is not None, column.key
        assert column.merge != Merge.NONE, column.key
    assert set(REGISTER.with_merge(Merge.HISTORY)) >= {"position", "rank", "work_unit"}


def test_the_fingerprint_covers_every_column_but_the_key():  # type: ignore[no-untyped-def]
    assert tuple(
        c.key for c in REGISTER.columns if c.key != "nip"
    ) == fastpath.raw_fingerprint_fields(REGISTER)


def test_the_fingerprint_version_is_computed_from_the_spec_and_both_paths():  # type: ignore[no-untyped-def]
    assert REGISTER.seed(fastpath, core_rows, core_cells) == fastpath.fingerprint_seed(REGISTER)


@pytest.mark.parametrize("key", [c.key for c in REGISTER.columns])
def test_changing_a_columns_rule_changes_the_fingerprint_version(key):  # type: ignore[no-untyped-def]
    """Another rule for any column re-judges registered rows: nobody bumps a number."""

    def another_rule(cell: str) -> str:
        return cell[::-1]

    changed = dataclasses.replace(
        REGISTER,
        columns=tuple(
            dataclasses.replace(c, rule=another_rule) if c.key == key else c
            for c in REGISTER.columns
        ),
    )
    assert changed.seed(fastpath, core_rows, core_cells) != fastpath.fingerprint_seed(REGISTER)


def test_the_version_is_the_same_in_another_process():  # type: ignore[no-untyped-def]
    """Stored fingerprints outlive the process: the version may not depend on hash seeds."""
    code = (
        "import django; django.setup(); "
        "from tangguh.people.import_spec import REGISTER; print(REGISTER.version)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    assert env["DJANGO_SETTINGS_MODULE"]
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == REGISTER.version


@pytest.mark.parametrize("key", ["full_name", "title_front", "title_back", "position", "work_unit"])
def test_the_per_row_path_enforces_the_model_fields_length(key):  # type: ignore[no-untyped-def]
    limit = REGISTER.limits(key)["max_length"]
    header = REGISTER.by_key[key].header
    headers = [c.header for c in REGISTER.columns]
    header_map = match_headers(headers)
    normalize = core_rows.make_normalizer(REGISTER, header_map.columns, today=TODAY)

    def verdict(value: str):  # type: ignore[no-untyped-def]
        row = person(1, **{header: value})
        return normalize(2, [row.get(h, "") for h in headers])

    assert isinstance(verdict("x" * limit), tuple)
    errors = verdict("x" * (limit + 1))
    assert isinstance(errors, list)
    assert [e[0] for e in errors] == [key]


def test_the_merge_writes_every_written_column_of_the_spec():  # type: ignore[no-untyped-def]
    from tangguh.people.importing import merge

    written = set(merge._COPIED) | set(merge._RELATED)
    for key in REGISTER.with_merge(Merge.WRITTEN):
        # The employment status is staged as its two parts, employee_kind and state.
        assert key in written or key == "employment_status", key
    assert "employee_kind" in merge._COPIED
    assert merge._DATES == ("birth_date",)
    for key in written - {"id_kind", "employee_kind"}:
        assert key in REGISTER.stage_columns, key


def test_the_version_follows_the_models_limits(monkeypatch):  # type: ignore[no-untyped-def]
    """A longer name allowed by a migration re-judges rows, as a changed rule does."""
    limits = ImportSpec.limits

    def longer(spec, key):  # type: ignore[no-untyped-def]
        found = limits(spec, key)
        return {**found, "max_length": 300} if key == "full_name" else found

    before = dataclasses.replace(REGISTER).version
    monkeypatch.setattr(ImportSpec, "limits", longer)
    assert dataclasses.replace(REGISTER).version != before


def test_both_paths_take_their_lengths_from_the_model():  # type: ignore[no-untyped-def]
    limits = {k: REGISTER.limits(k)["max_length"] for k in _LIMITED}
    assert limits == {
        "full_name": 200, "title_front": 60, "title_back": 100, "position": 255, "work_unit": 1000
    }  # fmt: skip


_LIMITED = ("full_name", "title_front", "title_back", "position", "work_unit")
