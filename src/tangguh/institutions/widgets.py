"""The institution picker: a search box over the institutions a user may use for one purpose.

627 institutions do not fit a drop-down. The picker is a search box (htmx asks
``institutions:pick`` as the user types) above a short list of radio buttons, named
like the field, so the form submits the chosen institution's code as a select would.
What the box may offer is a *purpose*: a model and an action (importing into an
institution, reading its register), registered by the domain that owns the form;
the endpoint offers only the institutions where the user holds that action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from tangguh.core.api_filters import query_text

from .selectors import institution_search

# Offered without typing when the user may choose among this few; else the box asks.
SHOWN = 12


@dataclass(frozen=True)
class PickerPurpose:
    model_label: str
    action: str


PICKER_PURPOSES: dict[str, PickerPurpose] = {}


def register_picker_purpose(name: str, model_label: str, action: str) -> None:
    PICKER_PURPOSES[name] = PickerPurpose(model_label, action)


@dataclass(frozen=True)
class PickerOptions:
    selected: Any  # the chosen institution, shown first and checked (None: none chosen)
    matches: list[Any]
    more: int  # matches beyond those shown: "keep typing"
    searched: bool


def picker_options(
    institutions: QuerySet[Any], *, text: str = "", selected: str = "", limit: int = SHOWN
) -> PickerOptions:
    """The chosen institution (if it is among ``institutions``) and up to ``limit`` others
    matching ``text``; with no text, all of them when there are at most ``limit``."""
    institutions = institutions.only("id", "code", "name")
    # Both come from the address bar: a NUL or an overlong value is no choice, no search.
    selected = query_text(selected, max_length=20) or ""
    text = " ".join((query_text(text, max_length=100) or "").split())
    chosen = institutions.filter(code=selected).first() if selected else None
    pool = institution_search(institutions, text) if text else institutions
    if chosen is not None:
        pool = pool.exclude(pk=chosen.pk)
    rows = list(pool.order_by("name", "code")[: limit + 1])
    if len(rows) > limit:
        if not text:  # too many to offer unasked: the box asks for a few letters
            return PickerOptions(chosen, [], 0, False)
        more = pool.count() - limit
        return PickerOptions(chosen, rows[:limit], more, True)
    return PickerOptions(chosen, rows, 0, bool(text))


class InstitutionPicker(forms.Widget):
    """Radio buttons named like the field (the value is the institution's code) under a
    search box. ``institutions()`` gives the set offered; ``empty_label`` adds a first
    option for "any institution" (a filter), left out where a choice is required."""

    template_name = "institutions/widgets/institution_picker.html"

    def __init__(
        self,
        *,
        purpose: str,
        institutions: Callable[[], QuerySet[Any]] | None = None,
        empty_label: Any = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.purpose = purpose
        self.institutions = institutions
        self.empty_label = empty_label
        self.required = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        selected = "" if value in (None, "") else str(value)
        if isinstance(value, list | tuple):
            selected = str(value[0]) if value else ""
        source = self.institutions() if self.institutions else None
        options = picker_options(source, selected=selected) if source is not None else None
        context["picker"] = {
            "purpose": self.purpose,
            "name": name,
            "options": options,
            "empty_label": self.empty_label,
            "selected": selected,
            "required": self.is_required,
        }
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_search" if id_ else id_
