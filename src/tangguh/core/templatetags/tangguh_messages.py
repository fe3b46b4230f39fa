"""Stored messages in the reader's language: ``{% load tangguh_messages %}``,
``{{ job.message|message }}`` (see :mod:`tangguh.core.messages`)."""

from typing import Any

from django import template

from tangguh.core import messages

register = template.Library()


@register.filter(name="message")
def message(value: Any) -> str:
    """A stored message (or plain text, as itself) in the active language."""
    return messages.render(value)
