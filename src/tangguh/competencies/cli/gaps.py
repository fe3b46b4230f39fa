"""A subcommand of the competencies (gaps part)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError


def add_parser(sub: Any) -> None:
    sub.add_parser("gaps")


def run(command: Any, options: dict[str, Any]) -> None:
    raise CommandError("not available")
