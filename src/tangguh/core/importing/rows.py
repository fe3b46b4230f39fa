"""Turn one file row into the staged values of its target, or into errors: the per-row
path, the reference for every verdict and message.

Driven by the target's :class:`~tangguh.core.importing.spec.ImportSpec`: a MAPPED
column's rule maps the cell to its staged value(s), a LABEL column's rule cleans the
text and the engine checks the model's length and refuses formulas, and the target's
row rule fills its CUSTOM columns and checks values across columns. ``None`` in a
staged value means "not given": an empty cell never erases what the register holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .cells import RowErrors, fingerprint, label_problem, why
from .errors import ParseError
from .spec import ImportSpec, Shape

Normalizer = Callable[[int, list[Any]], tuple[Any, ...] | RowErrors]


def make_normalizer(spec: ImportSpec, columns: dict[str, int], *, today: date) -> Normalizer:
    """A function ``(row_no, cells)`` -> staged tuple (``spec.stage_columns`` but the last,
    the institution, which the engine adds), or a list of ``(field, value, message)``
    in the file's column order.

    ``columns``: the file's column index of each field it has (the key's is required).
    """
    mapped = [
        (c.key, columns[c.key], c.rule, c.stage_fields)
        for c in spec.shaped(Shape.MAPPED)
        if c.key in columns
    ]
    labels = [
        (c.key, columns[c.key], c.rule, spec.limits(c.key).get("max_length"))
        for c in spec.shaped(Shape.LABEL)
        if c.key in columns
    ]
    custom = spec.row_rule(spec, columns, today=today) if spec.row_rule else None
    key = spec.key.key
    value_fields = spec.value_fields
    extra_fields = spec.extra_fields
    position = columns.get
    width = max(columns.values()) + 1
    padding = [""] * width

    def normalize(row_no: int, cells: list[Any]) -> tuple[Any, ...] | RowErrors:
        if len(cells) < width:
            cells = [*cells, *padding[: width - len(cells)]]
        out: dict[str, Any] = {}
        errors: RowErrors | None = None
        for field, index, rule, fields in mapped:
            raw = cells[index]
            if raw is None or raw == "":
                continue
            try:
                value = rule(raw)  # type: ignore[misc]
            except ParseError as exc:
                (errors := errors or []).append((field, raw, why(raw, exc)))
                continue
            if len(fields) == 1:
                out[fields[0]] = value
            else:
                out.update(zip(fields, value, strict=True))
        for field, index, rule, limit in labels:
            raw = cells[index]
            if raw is None or raw == "":
                continue
            try:
                text = rule(raw)  # type: ignore[misc]
            except ParseError as exc:
                (errors := errors or []).append((field, raw, why(raw, exc)))
                continue
            if text:
                if problem := label_problem(text, limit):
                    (errors := errors or []).append((field, raw, problem))
                out[field] = text
        if custom is not None:
            errors = custom(cells, out, errors)
        if errors:
            if len(errors) > 1:
                errors.sort(key=lambda e: position(e[0], width))
            return errors
        values = tuple(out.get(f) for f in value_fields)
        return (
            row_no, out[key], True, *values, *(out.get(f) for f in extra_fields),
            fingerprint(values),
        )  # fmt: skip

    return normalize


def key_of_bad_row(spec: ImportSpec, columns: dict[str, int], cells: list[Any]) -> Any:
    """The key of a rejected row when it is readable, so a duplicate of it is still caught."""
    index = columns[spec.key.key]
    if index >= len(cells) or spec.key.rule is None:
        return None
    try:
        return spec.key.rule(cells[index])
    except ParseError:
        return None
