"""A subcommand of the competencies (framework part)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError


def add_parser(sub: Any) -> None:
    sub.add_parser("list")


def run(command: Any, options: dict[str, Any]) -> None:
    raise CommandError("not available")
