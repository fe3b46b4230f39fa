"""`participants` subcommand (placeholder until built)."""

from __future__ import annotations

from typing import Any


def add_parser(sub: Any) -> None:
    sub.add_parser("participants")


def run(command: Any, options: dict[str, Any]) -> None:
    raise NotImplementedError
