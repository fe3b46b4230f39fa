"""Text people enter never hides how it reads: bidirectional control characters are refused.

The controls below are invisible and reorder the text around them: U+202E (right-to-left
override) before "ognaS" makes it show as "Sango", so a name, a title or a unit can be
made to read as something else than what is stored (the "Trojan Source" trick,
CVE-2021-42574, applied to names).
They have no place in a name, so they are refused with a sentence naming the field and
the character, never silently dropped: the person who typed them should know.

One rule for every way in: the import's two paths (``people.parsing.values.check_text``
for the per-row path, :data:`BIDI_CLASS` in the column-wise path's "untidy" test so such
cells go to the per-row path), the API's create service, forms
(:class:`RefuseBidiControlsMixin`, :class:`BidiSafeModelForm` for the admin) and API
text fields (:class:`NoBidiControls`).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# U+061C ARABIC LETTER MARK, U+200E/F LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK, U+202A-E the
# embeddings and overrides, U+2066-9 the isolates (Unicode UAX #9, "explicit formatting").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# The same set as a regular-expression class, read alike by Python's re and polars (Rust).
BIDI_CLASS = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_BIDI_RE = re.compile(BIDI_CLASS)

BIDI_MESSAGE = _(
    "%(field)s contains an invisible character that changes reading direction "
    "(%(character)s). Delete it and type the text again."
)
BIDI_CODE = "text_bidi_control"


def bidi_control_in(text: str) -> str | None:
    """``"U+202E"`` for the first bidirectional control in ``text``; None when there is none."""
    # Every such character is a format character (Cf), so printable text has none: the
    # common case costs one C-level scan.
    if text.isprintable():
        return None
    found = _BIDI_RE.search(text)
    return f"U+{ord(found[0]):04X}" if found else None


def bidi_error(field_label: Any, character: str) -> ValidationError:
    return ValidationError(
        BIDI_MESSAGE, code=BIDI_CODE, params={"field": field_label, "character": character}
    )


def check_no_bidi_controls(value: Any, field_label: Any) -> None:
    """Raise ``ValidationError`` when ``value`` (a text) holds a bidirectional control."""
    if isinstance(value, str) and (character := bidi_control_in(value)):
        raise bidi_error(field_label, character)


class NoBidiControls:
    """A field validator (Django forms, DRF serializers): ``validators=[NoBidiControls(label)]``."""

    def __init__(self, field_label: Any) -> None:
        self.field_label = field_label

    def __call__(self, value: Any) -> None:
        check_no_bidi_controls(value, self.field_label)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoBidiControls) and other.field_label == self.field_label

    def __hash__(self) -> int:
        return hash(str(self.field_label))


class RefuseBidiControlsMixin:
    """For forms (admin ones included): every text field refuses bidirectional controls.

    The error sits on the field and names it by its label.
    """

    def clean(self) -> Any:
        cleaned = super().clean()  # type: ignore[misc]
        form: Any = self
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str):
                try:
                    check_no_bidi_controls(value, field.label or name)
                except ValidationError as exc:
                    form.add_error(name, exc)
        return cleaned


class BidiSafeModelForm(RefuseBidiControlsMixin, forms.ModelForm):
    """A ModelForm refusing bidirectional controls in its text fields (``ModelAdmin.form``)."""
