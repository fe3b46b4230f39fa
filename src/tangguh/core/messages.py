"""Sentences that are stored, rendered in the reader's language.

A stored sentence (an import's summary, a row's problem) is kept as its English msgid
(the gettext source string, which is its code) and its parameters, never as text in
the writer's language: :class:`Message`. It is stored as JSON, ``{"m": msgid, "p":
{...}}``, and rendered when read, in the language active then:
``gettext(msgid) % params``, every parameter in that language's format (numbers
grouped as 1.234 / 1,234, dates as 30 November 2026; a parameter that is itself a
translatable phrase, such as a field's label, is stored as its msgid and translated
too). Several sentences are stored as a JSON list and rendered joined by a space.

Text stored before (a plain sentence) renders as itself: :func:`render` takes a
:class:`Message`, a list of them, their JSON, a lazy translation or plain text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from tangguh.core.formatting import format_date, format_datetime, format_number

__all__ = ["Message", "dumps", "joined", "loads", "msgid_of", "render", "render_value"]


def msgid_of(text: Any) -> str:
    """The English msgid of ``gettext_lazy("...")`` (or of a plain string)."""
    if isinstance(text, Promise):
        args: tuple[Any, ...] = getattr(text, "_args", ())
        if len(args) == 1 and isinstance(args[0], str):
            return args[0]
        raise TypeError(f"Not a gettext_lazy msgid: {text!r}")
    if isinstance(text, Message):
        raise TypeError("A Message is not a msgid; pass it as a parameter instead")
    return str(text)


class Message:
    """One translatable sentence: ``msgid`` % ``params``, rendered by ``str()``.

    ``plural``: the plural msgid, chosen by the ``count`` parameter (ngettext).
    A parameter whose name holds "year" is a calendar year: never grouped (2026).
    """

    __slots__ = ("msgid", "params", "plural")

    def __init__(
        self, msgid: Any, params: Mapping[str, Any] | None = None, *, plural: Any = ""
    ) -> None:
        self.msgid = msgid_of(msgid)
        self.plural = msgid_of(plural) if plural else ""
        self.params: dict[str, Any] = dict(params or {})

    def render(self) -> str:
        if self.plural:
            text = ngettext(self.msgid, self.plural, int(self.params.get("count", 0)))
        else:
            text = gettext(self.msgid) if self.msgid else ""
        if not self.params:
            return text
        values = {k: render_value(v, k) for k, v in self.params.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            # A translation that does not fit the stored params (a catalog changed since
            # the message was stored): the English sentence, then the bare msgid.
            try:
                return self.msgid % values
            except (KeyError, ValueError, TypeError):
                return self.msgid

    __str__ = render

    def __mod__(self, params: Mapping[str, Any]) -> Message:
        """``Message(_("... %(x)s")) % {"x": 1}``: the same sentence with its params."""
        return Message(self.msgid, {**self.params, **params}, plural=self.plural)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"m": self.msgid}
        if self.plural:
            data["n"] = self.plural
        if self.params:
            data["p"] = {k: _encode(v) for k, v in self.params.items()}
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        params = {k: _decode(v) for k, v in (data.get("p") or {}).items()}
        return cls(str(data["m"]), params, plural=str(data.get("n") or ""))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.msgid, self.plural, self.params) == (other.msgid, other.plural, other.params)

    def __hash__(self) -> int:
        return hash((self.msgid, self.plural))

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.params!r})"


def joined(parts: Iterable[Message | str]) -> Message:
    """Several sentences as one message (rendered joined by a space)."""
    return Message("%(parts)s", {"parts": list(parts)})


def render_value(value: Any, name: str = "") -> str:
    """A parameter in the active language's format (a list: its items, space-joined)."""
    if isinstance(value, Message | Promise):
        return str(value)
    if isinstance(value, list | tuple):
        return " ".join(render_value(v, name) for v in value)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return str(value) if "year" in name else format_number(value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, Promise):
        try:
            return {"m": msgid_of(value)}
        except TypeError:  # a lazy text that is no plain msgid: kept as rendered now
            return str(value)
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "m" in value:
            return Message.from_json(value)
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
    return value


def dumps(value: Message | Iterable[Message] | str) -> str:
    """The stored form of a message, of sentences (a list), or of plain text (as is)."""
    if isinstance(value, Message):
        return json.dumps(value.as_json(), ensure_ascii=False)
    if isinstance(value, str) and not isinstance(value, Promise):
        return value
    if isinstance(value, Promise):
        return json.dumps(Message(value).as_json(), ensure_ascii=False)
    return json.dumps(
        [m.as_json() if isinstance(m, Message) else m for m in value], ensure_ascii=False
    )


def loads(text: str) -> Message | list[Message | str] | str:
    """What :func:`dumps` stored; text that is no stored message comes back as is."""
    if not isinstance(text, str) or not text.startswith(('{"m"', '[{"m"', '["')):
        return text
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict) and isinstance(data.get("m"), str):
        return Message.from_json(data)
    if isinstance(data, list) and all(isinstance(d, dict | str) for d in data):
        return [Message.from_json(d) if isinstance(d, dict) else d for d in data]
    return text


def render(value: Any) -> str:
    """A stored or live message in the active language; plain text as itself."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Promise):
        value = loads(value)
    if isinstance(value, list):
        return " ".join(render(v) for v in value if v)
    return str(value)
