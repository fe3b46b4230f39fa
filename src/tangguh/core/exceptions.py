"""Domain errors: raised by services, turned into clear 4xx answers by views and the API."""

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request. ``errors`` lists field-level details."""

    status_code = 400
    code = "invalid"

    def __init__(
        self, message: Any, *, errors: list[dict[str, Any]] | None = None, code: str | None = None
    ):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or []
        if code:
            self.code = code


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
