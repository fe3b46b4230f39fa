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

from collections.abc import Sequence
from typing import Any

from tangguh.core.importing.headers import (
    HeaderError,
    HeaderMap,
    build_lookup,
    column_letter,
    normalize_header,
)
from tangguh.core.importing.headers import match_headers as _match_headers
from tangguh.core.importing.spec import ImportSpec
from tangguh.people.import_spec import REGISTER

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

# Human names of the fields, for messages.
FIELD_LABELS: dict[str, Any] = {c.key: c.label for c in REGISTER.columns}

_LOOKUP = build_lookup(FIELD_SYNONYMS)


def match_headers(headers: Sequence[object], spec: ImportSpec | None = None) -> HeaderMap:
    """Map the cells of a header row to canonical fields (see :class:`HeaderMap`).

    ``spec``: the import target whose columns are looked for (default: the register).
    """
    return _match_headers(headers, spec or REGISTER)


__all__ = [
    "FIELD_LABELS", "FIELD_SYNONYMS", "REQUIRED_FIELDS", "TEMPLATE_FIELDS", "TEMPLATE_HEADERS",
    "TEMPLATE_HEADER_BY_FIELD", "HeaderError", "HeaderMap", "column_letter", "match_headers",
    "normalize_header",
]  # fmt: skip
