"""A published ranking's content hash: sha256 of one canonical JSON of what was published.

Canonical means one spelling for one content: keys sorted, no whitespace, UTF-8, every
value of a row as the fixed-point text of the stored column (six decimals, as
``PublishedRow`` keeps it), times in UTC. The hash covers the category's definition as
published, the period, the method, the data's time, the version, the hash of the
version it corrects (so the versions form a chain) and the reason, and every row with
the hash of its records. A row's records are hashed on their own (``records_hash``),
so the publication page checks the table without reading every record;
:func:`verify` with ``deep=True`` also recomputes each row's records hash from the
records themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .models import Publication, PublishedRow

_SIX = Decimal("0.000001")


def canonical(data: Any) -> bytes:
    """The one byte spelling of ``data`` (JSON: sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def number(value: Decimal | int | None) -> str | None:
    """A stored value as text: six decimals, as the column keeps it (60 → "60.000000")."""
    if value is None:
        return None
    return f"{Decimal(value).quantize(_SIX):f}"


def moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def records_hash(records: list[dict[str, Any]]) -> str:
    return digest(records)


def row_content(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the hash covers of one row (``row``: the row's fields by name)."""
    return {
        "position": int(row["position"]),
        "rank": int(row["rank"]),
        "institution_code": row["institution_code"],
        "institution_name": row["institution_name"],
        "value": number(row["value"]),
        "numerator": number(row["numerator"]),
        "denominator": number(row["denominator"]),
        "awarded": bool(row["awarded"]),
        "records_hash": row["records_hash"],
    }


def content_hash(
    *,
    category_code: str,
    first_year: int,
    last_year: int,
    version: int,
    supersedes_hash: str | None,
    reason: str,
    definition: dict[str, Any],
    method: Any,
    data_as_of: datetime,
    rows: Iterable[Mapping[str, Any]],
) -> str:
    return digest(
        {
            "category": category_code,
            "period": [int(first_year), int(last_year)],
            "version": int(version),
            "supersedes": supersedes_hash,
            "reason": reason,
            "definition": definition,
            "method": method,
            "data_as_of": moment(data_as_of),
            "rows": [row_content(row) for row in rows],
        }
    )


_ROW_FIELDS = (
    "position",
    "rank",
    "institution_code",
    "institution_name",
    "value",
    "numerator",
    "denominator",
    "awarded",
    "records_hash",
)


def stored_hash(publication: Publication) -> str:
    """The hash recomputed from what is stored (the rows without their records)."""
    rows = PublishedRow.objects.filter(publication=publication).order_by("position")
    supersedes = (
        Publication.objects.filter(pk=publication.supersedes_id)
        .values_list("content_hash", flat=True)
        .first()
        if publication.supersedes_id
        else None
    )
    return content_hash(
        category_code=publication.definition.get("code", ""),
        first_year=publication.first_year,
        last_year=publication.last_year,
        version=publication.version,
        supersedes_hash=supersedes,
        reason=publication.correction_reason,
        definition=publication.definition,
        method=publication.method,
        data_as_of=publication.data_as_of,
        rows=rows.values(*_ROW_FIELDS),
    )


def verify(publication: Publication, *, deep: bool = False) -> bool:
    """Does the stored publication still match its content hash?

    ``deep``: also recompute every row's records hash from its records (reads them all).
    """
    if stored_hash(publication) != publication.content_hash:
        return False
    if deep:
        rows = PublishedRow.objects.filter(publication=publication).values_list(
            "records", "records_hash"
        )
        return all(records_hash(records) == stored for records, stored in rows)
    return True
