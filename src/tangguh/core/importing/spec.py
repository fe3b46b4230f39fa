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
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy

from tangguh.core.messages import Message


class Shape(enum.Enum):
    """How the engine reads a column's cells (both paths, per row and column-wise)."""

    # Free text (a name of a unit, a position): the rule cleans the cell; the engine
    # checks the model's length, refuses formulas and bidirectional controls, and the
    # column-wise path stages a tidy cell as it is.
    LABEL = "label"
    # Few distinct values (a status, a date, a code): the rule maps a cell to its staged
    # value(s) or raises a ParseError with the message; the column-wise path calls it
    # once per distinct value of a batch.
    MAPPED = "mapped"
    # Checked with other columns (an identifier that encodes a birth date): the target's
    # row rule (per row) and frame rule (column-wise) handle it.
    CUSTOM = "custom"


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
    ``shape``: how the engine reads it (:class:`Shape`). ``staged``: the staging
    fields its rule fills, in the order the rule returns them (default: its key).
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
    shape: Shape = Shape.MAPPED
    staged: tuple[str, ...] = ()
    # Cell texts good and bad, the tidy and the odd, that the property tests draw from
    # (both paths must agree on any row made of them): the alphabet of the column.
    samples: tuple[str, ...] = ()
    # The cell an export writes from the stored value(s) of ``export_paths`` (the way a
    # person would type it, so that the file re-imports unchanged); None: the value.
    to_cell: Callable[..., Any] | None = None

    @property
    def stage_fields(self) -> tuple[str, ...]:
        """The staging table's fields this column fills (its key unless declared)."""
        return self.staged or (self.key,)

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

    The staging table of an import holds, per row: ``row_no``, the key, ``ok``, the
    :attr:`value_fields` (fingerprinted, compared by the merge), the
    :attr:`extra_fields` (staged but not compared, e.g. an effective date), ``fp``
    and ``inst``.
    """

    target: str
    model: str
    columns: tuple[Column, ...]
    sources: tuple[Any, ...] = ()
    # The CUSTOM columns' rules: ``row_rule(columns, today=...)`` returns the per-row
    # check ``(cells, out, errors) -> errors`` and ``frame_rule`` the column-wise one
    # (see :mod:`tangguh.core.importing.frames`); both fill the staged values of the
    # CUSTOM columns and may check values across columns.
    row_rule: Callable[..., Any] | None = None
    frame_rule: Callable[..., Any] | None = None
    # The collation the key is compared under in the database ("C": byte by byte).
    key_collation: str | None = None
    # Whether every valid key is a number of at most 18 digits without a leading zero
    # (the register's NIP): only then may large files take the column-wise path and
    # the snapshot of unchanged rows, which hold keys as 64-bit integers.
    numeric_key: bool = False
    # The target's own wording of the engine's file-level messages (see :data:`MESSAGES`).
    messages: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.target}: a column key is declared twice")
        if len(self.key_columns) != 1:
            raise ValueError(f"{self.target}: exactly one column must be the key (Merge.KEY)")
        # Declared by a module of the application (not a test's throwaway spec).
        declared_in = sys._getframe(2).f_globals.get("__name__", "")
        if declared_in.startswith("tangguh."):
            _SPECS.setdefault(self.target, self)

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
    def value_fields(self) -> tuple[str, ...]:
        """Staged fields that make a row's values (fingerprinted, compared by the merge):
        the key column's further fields, then every compared or written column's."""
        key = self.key
        fields = [f for f in key.stage_fields if f != key.key]
        for c in self.columns:
            if not c.is_key and (Merge.COMPARED in c.merge or Merge.WRITTEN in c.merge):
                fields.extend(c.stage_fields)
        return tuple(fields)

    @cached_property
    def extra_fields(self) -> tuple[str, ...]:
        """Staged fields outside the values (neither compared nor written as they are)."""
        return tuple(
            f
            for c in self.columns
            if not c.is_key and not (Merge.COMPARED in c.merge or Merge.WRITTEN in c.merge)
            for f in c.stage_fields
        )

    @cached_property
    def stage_columns(self) -> tuple[str, ...]:
        """The staging table's columns, in the order of a staged row."""
        return ("row_no", self.key.key, "ok", *self.value_fields, *self.extra_fields, "fp", "inst")

    def shaped(self, shape: Shape) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.shape is shape)

    def date_fields(self) -> tuple[str, ...]:
        """Staged fields of the columns whose model field is a date (typed as dates in
        the stage). Reads the model: ask after the app registry is ready."""
        return tuple(
            f
            for c in self.columns
            if c.model_field and self.model_field(c.key).get_internal_type() == "DateField"
            for f in c.stage_fields
        )

    def model_field(self, key: str) -> Any:
        """The model field a column's ``model_field`` names (following ``__`` hops)."""
        from django.apps import apps

        column = self.by_key[key]
        model: Any = apps.get_model(self.model)
        *hops, last = (column.model_field or key).split("__")
        for hop in hops:
            model = model._meta.get_field(hop).related_model
        return model._meta.get_field(last)

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    @cached_property
    def template_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_template)

    @cached_property
    def template_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.template_columns)

    def export_row(self, values: tuple[Any, ...]) -> list[Any]:
        """The template's cells of one record from the stored values of every template
        column's ``export_paths`` (in order); a value not stored is an empty cell."""
        cells: list[Any] = []
        at = 0
        for c in self.template_columns:
            width = len(c.export_paths)
            own = values[at : at + width]
            at += width
            cell = c.to_cell(*own) if c.to_cell is not None else own[0]
            cells.append("" if cell is None else cell)
        return cells

    def example_row(self) -> tuple[Any, ...]:
        return tuple(c.example for c in self.template_columns)

    def message(self, name: str) -> Message:
        """The target's message ``name`` (or the engine's), rendered in the reader's
        language when read; ``spec.message(name) % params`` gives it its params."""
        return Message(self.messages.get(name) or MESSAGES[name])

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
        if not self.by_key[key].model_field:
            return {}
        model_field = self.model_field(key)
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
                c.export, c.in_template, c.merge.value, c.shape.value, c.stage_fields,
            )  # fmt: skip
            digest.update(repr((declaration, self.limits(c.key))).encode())
            for source in (c.rule, *c.depends):
                digest.update(source_text(source).encode())
        digest.update(repr(self.key_collation).encode())
        for source in (self.row_rule, self.frame_rule, *self.sources, *extra):
            digest.update(source_text(source).encode())
        return digest.hexdigest()

    def seed(self, *extra: Any) -> int:
        """:meth:`version_with` as a non-negative integer below 2**60 (a hash seed)."""
        return int(self.version_with(*extra)[:15], 16)


# Every spec declared, by target (a copy made with dataclasses.replace replaces none:
# it is registered under its target only if the original was not).
_SPECS: dict[str, ImportSpec] = {}


def all_specs() -> tuple[ImportSpec, ...]:
    """Every import spec the application's modules declared (once imported: each app's
    ``ready()`` imports its spec modules)."""
    return tuple(_SPECS.values())


# The engine's file-level messages; a spec may word them for its own records.
MESSAGES: dict[str, Any] = {
    # %(nip)s: the key's value, %(rows)s: the other rows.
    "duplicate": gettext_lazy(
        "The value %(nip)s also appears in row(s) %(rows)s of this file. Each record may "
        "appear only once: keep the correct row, delete the others, and upload the file again."
    ),
    "empty_file": gettext_lazy(
        "The file has no rows. Fill in the template: its header row, then your rows."
    ),
    # %(name)s: the file's name, %(row)s: the header's row.
    "no_rows": gettext_lazy(
        "“%(name)s” has a header row (row %(row)s) but no rows of data under it. Fill in one "
        "record per row below the header, then upload the file again."
    ),
}


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
