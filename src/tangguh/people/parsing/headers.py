"""Match the header row of an uploaded file to canonical field names.

Columns may come in any order, in Indonesian or English, in any case, with
any spacing or punctuation (``Tgl. Lahir``, ``TGL_LAHIR`` and ``tgl lahir``
are the same header). A note in parentheses is ignored: ``Tanggal Lahir
(DD-MM-YYYY)`` is ``Tanggal Lahir``. The synonyms are data in an import spec:
the register's (:data:`tangguh.people.import_spec.REGISTER`) unless another
``spec`` is given; add new ones there.

Errors: :func:`match_headers` never raises; the returned :class:`HeaderMap`
lists missing required fields and duplicated columns, and
:meth:`HeaderMap.errors` turns them into :class:`HeaderError` objects (a
:class:`~tangguh.people.parsing.ParseError`) with translatable messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportSpec
from tangguh.people.import_spec import REGISTER

from . import ParseError

# Canonical field -> header texts seen in the wild, the template's header, labels: all
# from the register's import spec (add a synonym there). Matching ignores case, spaces
# and punctuation, so each wording is listed once.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = REGISTER.synonyms

REQUIRED_FIELDS: tuple[str, ...] = REGISTER.required

# Header text in the downloadable XLSX template, per field (Indonesian).
TEMPLATE_HEADER_BY_FIELD: dict[str, str] = {c.key: c.header for c in REGISTER.columns}

# Column order of the XLSX template (TMT is optional and left out).
TEMPLATE_FIELDS: tuple[str, ...] = tuple(c.key for c in REGISTER.template_columns)
TEMPLATE_HEADERS: tuple[str, ...] = REGISTER.template_headers

_PARENTHESES_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def normalize_header(header: object) -> str:
    """The matching key of a header: casefolded letters and digits only."""
    if header is None:
        return ""
    text = str(header)
    bare = _PARENTHESES_RE.sub(" ", text)
    if bare.strip():  # a header that is only a note keeps its note
        text = bare
    return _NOT_ALNUM_RE.sub("", text.casefold())


def _build_lookup(synonyms_by_field: dict[str, tuple[str, ...]] = FIELD_SYNONYMS) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, synonyms in synonyms_by_field.items():
        for synonym in (name, *synonyms):
            key = normalize_header(synonym)
            previous = lookup.setdefault(key, name)
            if previous != name:
                raise ValueError(f"Header {synonym!r} is a synonym of both {previous} and {name}")
    return lookup


_LOOKUP = _build_lookup()


@lru_cache(maxsize=16)
def _lookup_of(spec: ImportSpec) -> dict[str, str]:
    """The header lookup of another target's spec (built once per spec)."""
    return _build_lookup(spec.synonyms)


class HeaderError(ParseError):
    """The header row cannot be used as it is."""


@dataclass(slots=True)
class HeaderMap:
    """Where each canonical field is in the file.

    ``columns`` maps a field to the index of the first column holding it;
    ``ignored`` lists ``(index, header)`` of columns that match no field;
    ``blank`` lists indices of columns without a header; ``duplicates`` maps a
    field to all indices holding it when there is more than one (an error);
    ``missing_required`` lists required fields with no column (an error).
    """

    columns: dict[str, int] = field(default_factory=dict)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    # The spec matched against (None: the register's), for the messages of errors().
    spec: ImportSpec | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the file can be imported with these headers."""
        return not self.duplicates and not self.missing_required

    def errors(self) -> list[HeaderError]:
        """One error per missing required field and per duplicated field."""
        found: list[HeaderError] = []
        labels, template_headers = _names_of(self.spec)
        for name in self.missing_required:
            found.append(
                HeaderError(
                    _(
                        "The file has no column for %(field)s. Add a column with the header "
                        "“%(header)s” (or use the template)."
                    ),
                    "header_missing_required",
                    {"field": labels[name], "header": template_headers[name]},
                )
            )
        for name, indices in self.duplicates.items():
            found.append(
                HeaderError(
                    _(
                        "Columns %(columns)s (%(headers)s) all hold %(field)s. Keep one of "
                        "them and delete or rename the others."
                    ),
                    "header_duplicate",
                    {
                        "columns": ", ".join(column_letter(i) for i in indices),
                        "headers": ", ".join(f"“{self.headers[i]}”" for i in indices),
                        "field": labels[name],
                    },
                )
            )
        return found


# Human names of the fields, for messages.
FIELD_LABELS: dict[str, Any] = {c.key: c.label for c in REGISTER.columns}


def _names_of(spec: ImportSpec | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields' labels and template headers: the register's, or ``spec``'s."""
    if spec is None or spec is REGISTER:
        return FIELD_LABELS, TEMPLATE_HEADER_BY_FIELD
    return {c.key: c.label for c in spec.columns}, {c.key: c.header for c in spec.columns}


def match_headers(headers: Sequence[object], spec: ImportSpec | None = None) -> HeaderMap:
    """Map the cells of a header row to canonical fields (see :class:`HeaderMap`).

    ``spec``: the import target whose columns are looked for (default: the register).
    """
    if spec is None or spec is REGISTER:
        spec, lookup, required = None, _LOOKUP, REQUIRED_FIELDS
    else:
        lookup, required = _lookup_of(spec), spec.required
    result = HeaderMap(
        headers=["" if h is None else " ".join(str(h).split()) for h in headers], spec=spec
    )
    seen: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        key = normalize_header(header)
        if not key:
            result.blank.append(index)
            continue
        name = lookup.get(key)
        if name is None:
            result.ignored.append((index, result.headers[index]))
            continue
        seen.setdefault(name, []).append(index)
    for name, indices in seen.items():
        result.columns[name] = indices[0]
        if len(indices) > 1:
            result.duplicates[name] = indices
    result.missing_required = [f for f in required if f not in result.columns]
    return result


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, not {index}")
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
