"""One declaration per importable target: its columns, their rules and merge policy.

A :class:`Column` says how a spreadsheet column is found (header synonyms), shown
(template header, example, cell format, label), checked (``rule``: one function
serving every path that reads the column) and merged (:class:`Merge`). An
:class:`ImportSpec` groups the columns of one target and computes a ``version``:
a stable hash of the declaration and of the source text of its rules, so that a
changed rule changes the version without anyone bumping a number (stored
fingerprints made under another version stop matching, and the rows are judged
again).

Everything here is computed once per spec (at import time or on first use); the
per-row and column-wise paths read plain tuples and dicts derived from it.
"""

from __future__ import annotations

import enum
import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


class Merge(enum.Flag):
    """What the merge does with a column's value."""

    NONE = 0
    KEY = enum.auto()  # identifies the record (never compared, never overwritten)
    COMPARED = enum.auto()  # a difference makes the row an update
    WRITTEN = enum.auto()  # the value is written to the record
    HISTORY = enum.auto()  # a change opens a new period in the record's history

    @classmethod
    def field(cls) -> Merge:
        """The usual policy of a plain field: compared and written."""
        return cls.COMPARED | cls.WRITTEN


@dataclass(frozen=True, eq=False)
class Column:
    """One column of an import.

    ``key``: the canonical field name (the key of header matching and of staged
    values). ``label``: a lazily translated noun phrase for messages ("the full
    name"). ``synonyms``: header texts seen in the wild, Indonesian and English
    (matching ignores case, spacing and punctuation). ``header``: the template's
    header (also a synonym). ``example``: the template's example value. ``text``:
    the cell is formatted as Text in files we write (identifiers with leading
    zeros or 18 digits). ``rule``: the function that parses and checks one cell,
    used by every path (``depends``: further functions or modules whose source
    shapes its verdict, hashed into the version). ``model_field``: the field
    whose limits apply (``"a__b"`` follows relations). ``export``: the model
    paths an export reads for this column (the key itself when empty).
    ``in_template``: whether the template and exports have the column.
    """

    key: str
    label: Any
    synonyms: tuple[str, ...]
    header: str
    example: Any = None
    text: bool = False
    required: bool = False
    rule: Callable[..., Any] | None = None
    depends: tuple[Any, ...] = ()
    model_field: str | None = None
    export: tuple[str, ...] = ()
    in_template: bool = True
    width: int = 18
    merge: Merge = field(default_factory=Merge.field)

    @property
    def is_key(self) -> bool:
        return Merge.KEY in self.merge

    @property
    def export_paths(self) -> tuple[str, ...]:
        return self.export or (self.model_field or self.key,)


@dataclass(frozen=True, eq=False)
class ImportSpec:
    """The columns of one import target (``model``: ``"app_label.ModelName"``).

    ``sources``: functions or modules shared by all columns whose source shapes
    the verdicts (a module hashes its whole text), part of :attr:`version`.
    """

    target: str
    model: str
    columns: tuple[Column, ...]
    sources: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.target}: a column key is declared twice")
        if len(self.key_columns) != 1:
            raise ValueError(f"{self.target}: exactly one column must be the key (Merge.KEY)")

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @cached_property
    def key_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_key)

    @property
    def key(self) -> Column:
        return self.key_columns[0]

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    @cached_property
    def template_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_template)

    @cached_property
    def template_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.template_columns)

    def example_row(self) -> tuple[Any, ...]:
        return tuple(c.example for c in self.template_columns)

    def with_merge(self, flag: Merge) -> tuple[str, ...]:
        """Keys of the columns whose merge policy includes ``flag``."""
        return tuple(c.key for c in self.columns if flag in c.merge)

    @cached_property
    def synonyms(self) -> dict[str, tuple[str, ...]]:
        """Column key -> every header text it is known by (the template's first)."""
        return {
            c.key: c.synonyms if c.header in c.synonyms else (c.header, *c.synonyms)
            for c in self.columns
        }

    def limits(self, key: str) -> dict[str, Any]:
        """``max_length`` and ``choices`` of the column's model field (empty without one).

        Read from the model when asked (after the app registry is ready), never stored
        twice: the model stays the one place a length is declared.
        """
        column = self.by_key[key]
        if not column.model_field:
            return {}
        from django.apps import apps

        model: Any = apps.get_model(self.model)
        *hops, last = column.model_field.split("__")
        for hop in hops:
            model = model._meta.get_field(hop).related_model
        model_field = model._meta.get_field(last)
        found: dict[str, Any] = {}
        if getattr(model_field, "max_length", None):
            found["max_length"] = model_field.max_length
        if getattr(model_field, "choices", None):
            found["choices"] = tuple(value for value, _label in model_field.choices)
        return found

    @cached_property
    def version(self) -> str:
        """A stable hash of the declaration, the model's limits and the source of every rule
        (hex). Reads the model: ask after the app registry is ready."""
        return self.version_with()

    def version_with(self, *extra: Any) -> str:
        """:attr:`version`, also covering ``extra`` functions or modules (a path's own code)."""
        digest = hashlib.sha256()
        digest.update(repr((self.target, self.model)).encode())
        for c in self.columns:
            declaration = (
                c.key, c.synonyms, c.header, c.text, c.required, c.model_field,
                c.export, c.in_template, c.merge.value,
            )  # fmt: skip
            digest.update(repr((declaration, self.limits(c.key))).encode())
            for source in (c.rule, *c.depends):
                digest.update(source_text(source).encode())
        for source in (*self.sources, *extra):
            digest.update(source_text(source).encode())
        return digest.hexdigest()

    def seed(self, *extra: Any) -> int:
        """:meth:`version_with` as a non-negative integer below 2**60 (a hash seed)."""
        return int(self.version_with(*extra)[:15], 16)


def source_text(obj: Any) -> str:
    """The source of a function, class or module; "" for None.

    Decorators (``lru_cache``) are looked through. Without source files (a frozen
    build), the compiled code stands in: it changes when the source does.
    """
    if obj is None:
        return ""
    target = inspect.unwrap(obj) if callable(obj) else obj
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        code = getattr(target, "__code__", None)
        if code is None:
            raise TypeError(f"No source for {obj!r}: declare a function or a module") from None
        return repr((code.co_code, code.co_consts, code.co_names))
