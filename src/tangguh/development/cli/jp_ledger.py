"""(to be written)"""

from typing import Any


def add_parser(sub: Any) -> None:
    sub.add_parser("ledger")


def run(command: Any, options: dict[str, Any]) -> None:
    raise NotImplementedError
