"""Header matching: which column of a file holds which field of an import spec.

Matching ignores case, spacing and punctuation, and a note in parentheses
("Tanggal Lahir (DD-MM-YYYY)" is "Tanggal Lahir"). The synonyms are data in the
target's :class:`~tangguh.core.importing.spec.ImportSpec`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import ParseError
from .spec import ImportSpec

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


def build_lookup(synonyms_by_field: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Matching key -> field; a key claimed by two fields is a mistake in the spec."""
    lookup: dict[str, str] = {}
    for name, synonyms in synonyms_by_field.items():
        for synonym in (name, *synonyms):
            key = normalize_header(synonym)
            previous = lookup.setdefault(key, name)
            if previous != name:
                raise ValueError(f"Header {synonym!r} is a synonym of both {previous} and {name}")
    return lookup


@lru_cache(maxsize=32)
def lookup_of(spec: ImportSpec) -> dict[str, str]:
    """The header lookup of a spec (built once per spec)."""
    return build_lookup(spec.synonyms)


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
    # The spec matched against, for the messages of errors().
    spec: ImportSpec | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the file can be imported with these headers."""
        return not self.duplicates and not self.missing_required

    def errors(self) -> list[HeaderError]:
        """One error per missing required field and per duplicated field."""
        found: list[HeaderError] = []
        columns = self.spec.by_key if self.spec is not None else {}
        for name in self.missing_required:
            found.append(
                HeaderError(
                    _(
                        "The file has no column for %(field)s. Add a column with the header "
                        "“%(header)s” (or use the template)."
                    ),
                    "header_missing_required",
                    {"field": columns[name].label, "header": columns[name].header},
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
                        "field": columns[name].label if name in columns else name,
                    },
                )
            )
        return found


def match_headers(headers: Sequence[object], spec: ImportSpec) -> HeaderMap:
    """Map the cells of a header row to the fields of ``spec`` (see :class:`HeaderMap`)."""
    lookup = lookup_of(spec)
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
    result.missing_required = [f for f in spec.required if f not in result.columns]
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


def labels_of(spec: ImportSpec) -> dict[str, Any]:
    """The fields' labels (for messages)."""
    return {c.key: c.label for c in spec.columns}
