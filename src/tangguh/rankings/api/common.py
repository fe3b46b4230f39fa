"""What the rankings' API views share: the period and institution in a request, a
method rendered, an explanation's records shown or counted (``access.py`` decides).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from tangguh.certification.metrics import Period
from tangguh.core.api_filters import query_text
from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message, render
from tangguh.institutions.models import Institution

from ..models import Category
from ..ranking import Definition, competitors, period_of
from ..registry import record_for_reader


def period_param(request: Any, category: Category) -> Period:
    """``?period=`` (blank: the category's own); junk is a 400 naming the parameter."""
    raw = request.query_params.get("period", "")
    if raw == "":
        return period_of(category)
    # Only ASCII digits make a year ("٢٠٢٠" is a digit to Python, not to a reader).
    text = raw if raw.isascii() and "\x00" not in raw else "?"
    try:
        return period_of(category, text[:40])
    except DomainError as error:
        raise field_error("period", error) from None


def moment(value: datetime) -> str:
    """A time as the rest of the API writes it: ISO 8601 in the site's time zone."""
    return serializers.DateTimeField().to_representation(value)


def field_error(name: str, error: DomainError) -> DomainError:
    """The domain's sentence as the API's 400, with the parameter it is about."""
    return DomainError(
        error.message,
        code=error.code,
        errors=[{"field": name, "message": str(error.message)}],
    )


def path_code(code: str) -> str | None:
    """A code from the path as a lookup may use it: None when it cannot be one (a NUL,
    which PostgreSQL cannot compare, or far too long)."""
    return query_text(code, max_length=64)


def category_or_404(queryset: Any, code: str) -> Category:
    code_ = path_code(code)
    category = queryset.filter(code=code_).first() if code_ else None
    if category is None:
        raise NotFound(_("No award category has this code."))
    return category


def competitor_or_404(category: Category, code: str) -> Institution:
    """The institution if it competes in the category (whatever its headcount)."""
    code_ = path_code(code)
    institution = competitors(Definition.of(category)).filter(code=code_).first() if code_ else None
    if institution is None:
        raise NotFound(_("No institution with this code competes in this category."))
    return institution


def method_text(method: Any) -> str:
    """A live or stored (JSON) method in the request's language."""
    if isinstance(method, dict) and isinstance(method.get("m"), str):
        return render(Message.from_json(method))
    if isinstance(method, list):
        return " ".join(method_text(part) for part in method if part)
    return render(method)


def records_payload(*, visible: bool, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The records when the caller may read them; else how many of each kind, and why not."""
    counts = Counter(str(record.get("kind", "")) for record in records)
    payload: dict[str, Any] = {
        "records_visible": visible,
        "counts": [{"kind": kind, "count": n} for kind, n in sorted(counts.items())],
        "records": [record_for_reader(r) for r in records] if visible else [],
        "message": None,
    }
    if not visible:
        payload["message"] = _(
            "The records behind this value (people, budget revisions, ledger entries) are "
            "shown only to those who may read them in this institution; the value, the rank "
            "and the method are for everyone signed in."
        )
    return payload
