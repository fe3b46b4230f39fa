"""Pure-Python parsers for employee register files (no models, no database).

Every parser either returns a canonical value or raises a subclass of
:class:`ParseError`. An error carries:

* ``code`` -- a stable machine-readable string (e.g. ``"nip_wrong_length"``),
  fit for tests, statistics and storage;
* ``template`` -- the lazily translated English msgid with ``%(name)s``
  placeholders;
* ``params`` -- the values for those placeholders;
* ``message`` -- the rendered sentence in the currently active language.

Rendering is deferred on purpose: ``gettext_lazy(...) % params`` would
translate at raise time, in whatever language happens to be active then
(often none, in a background import). Keeping template and params apart
lets a report be rendered later, in the reader's language, or stored as
``code`` + ``params`` and rendered again.
"""

from __future__ import annotations

from typing import Any

from tangguh.core.importing.errors import ParseError

# Re-exports come after ParseError: the submodules import it from this package.
from .dates import DateParseError, parse_date, parse_optional_date
from .nip import (
    NipError,
    NipInfo,
    check_consistency,
    format_nip,
    mask_nip,
    normalize_nip,
    parse_identifier,
    validate_nip,
)
from .values import (
    EmploymentStatus,
    ValueParseError,
    check_text,
    parse_employment_status,
    parse_position_kind,
    parse_rank,
    parse_sex,
    rank_kind,
    split_name,
)

__all__ = [
    "FIELD_SYNONYMS",
    "REQUIRED_FIELDS",
    "TEMPLATE_HEADERS",
    "DateParseError",
    "EmploymentStatus",
    "HeaderError",
    "HeaderMap",
    "NipError",
    "NipInfo",
    "ParseError",
    "ValueParseError",
    "check_consistency",
    "check_text",
    "column_letter",
    "format_nip",
    "mask_nip",
    "match_headers",
    "normalize_header",
    "normalize_nip",
    "parse_date",
    "parse_employment_status",
    "parse_identifier",
    "parse_optional_date",
    "parse_position_kind",
    "parse_rank",
    "parse_sex",
    "rank_kind",
    "split_name",
    "validate_nip",
]

# Header matching is derived from the register's import spec, whose cell rules use the
# parsers above: it is loaded on first use, so that the spec can import this package.
_HEADER_NAMES = frozenset(
    {
        "FIELD_SYNONYMS", "REQUIRED_FIELDS", "TEMPLATE_HEADERS", "HeaderError", "HeaderMap",
        "column_letter", "match_headers", "normalize_header",
    }
)  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _HEADER_NAMES:
        from . import headers

        return getattr(headers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
