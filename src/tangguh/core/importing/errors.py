"""The error every import rule raises for a cell it refuses: a code and a message.

Rendering is deferred on purpose: ``gettext_lazy(...) % params`` would translate at
raise time, in whatever language happens to be active then (often none, in a
background import). Keeping template and params apart lets a report be rendered
later, in the reader's language, or stored as ``code`` + ``params``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from tangguh.core.messages import Message


class ParseError(Exception):
    """A value could not be parsed; ``message`` says what is wrong and how to fix it."""

    def __init__(self, template: Any, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        if isinstance(template, Message):  # a sentence already made: its msgid and params
            params = {**template.params, **(params or {})}
            template = gettext_lazy(template.msgid)
        self.template = template
        self.code = code
        self.params: dict[str, Any] = params or {}

    @property
    def message(self) -> str:
        """The sentence in the active language, placeholders filled in."""
        return self.as_message().render()

    def as_message(self) -> Message:
        """The sentence to store: its msgid and params, rendered when read."""
        return Message(self.template, self.params)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"

    def __eq__(self, other: object) -> bool:
        # Equal errors compare equal, so lists of errors are easy to test and de-duplicate.
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, ParseError)
        return self.code == other.code and self.params == other.params

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.code))

    def to_validation_error(self) -> Any:
        """The same error as a Django ``ValidationError`` (for forms and serializers)."""
        from django.core.exceptions import ValidationError

        return ValidationError(self.template, code=self.code, params=self.params or None)
