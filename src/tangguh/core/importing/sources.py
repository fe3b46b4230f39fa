"""Which institution each row goes to: the one imported into, or the file's ``Kode Instansi``.

A national file (the register's: see ``people/generator.py``) has a column with the
code of each row's institution. Without ``--institution`` that
column decides; with it, the column must agree with it row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

from .headers import HeaderMap, normalize_header
from .results import ImportFileError

# Headers of the institution-code column (compared like every header: case, spaces and
# punctuation ignored). "Kode Satker" is not one: a satker is a work unit.
INSTITUTION_CODE_HEADERS: tuple[str, ...] = (
    "Kode Instansi",
    "Kode Institusi",
    "Institution Code",
    "Kode Instansi Induk",
)
_KEYS = frozenset(normalize_header(h) for h in INSTITUTION_CODE_HEADERS)
FIELD = "institution_code"

RowErrors = list[tuple[str, Any, Message | str]]


@dataclass
class InstitutionColumn:
    """Where the institution code is (``index``) and how to turn a row into an institution id."""

    institution: Any
    index: int | None = None
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def columns(self) -> dict[str, int]:
        return {FIELD: self.index} if self.index is not None else {}

    def resolver(self) -> Callable[[list[Any]], int | RowErrors]:
        """``cells`` -> the institution id, or the errors of the code cell."""
        fixed = getattr(self.institution, "pk", None)
        index = self.index
        if index is None:
            return lambda cells: fixed  # type: ignore[return-value]
        ids = self.ids
        expected = getattr(self.institution, "code", None)

        def resolve(cells: list[Any]) -> int | RowErrors:
            raw = cells[index] if index < len(cells) else ""
            text = " ".join(str(raw).split()) if raw is not None else ""
            if not text:
                if fixed is not None:
                    return fixed  # not given: the institution imported into
                return [
                    (
                        FIELD,
                        raw,
                        Message(
                            _(
                                "The institution code is empty. Type the code of the institution this row belongs to, for example 35.78."
                            )
                        ),
                    )
                ]
            found = ids.get(text)
            if found is None:
                return [
                    (
                        FIELD,
                        raw,
                        Message(
                            _(
                                "No institution has the code “%(code)s”. Use the institution codes of the register, for example 35.78 or K.09."
                            ),
                            {"code": text},
                        ),
                    )
                ]
            if fixed is not None and found != fixed:
                return [
                    (
                        FIELD,
                        raw,
                        Message(
                            _(
                                "This row is for the institution “%(code)s”, but the file is imported into “%(target)s”. Import it into its own institution, or leave out the institution to import a national file."
                            ),
                            {"code": text, "target": expected},
                        ),
                    )
                ]
            return found

        return resolve


def institution_column(header: HeaderMap, institution: Any) -> InstitutionColumn:
    """Find the institution-code column; a file without one needs ``institution``."""
    index = next((i for i, h in header.ignored if normalize_header(h) in _KEYS), None)
    if index is None:
        if institution is None:
            raise ImportFileError(
                _(
                    "The file has no “Kode Instansi” column, so the institution of its rows is "
                    "unknown. Choose the institution to import into, or add a “Kode Instansi” "
                    "column with each row's institution code."
                )
            )
        return InstitutionColumn(institution)
    from django.apps import apps

    institutions = apps.get_model("institutions", "Institution")  # named, not imported
    return InstitutionColumn(
        institution, index, dict(institutions.objects.values_list("code", "pk"))
    )
