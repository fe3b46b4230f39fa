"""The demo: each domain registers a step; `tangguh demo` runs them in order.

Steps must be deterministic (seeded) and idempotent: running the demo twice
changes nothing the second time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[..., Any]  # run(*, scale: str, seed: int, out: Callable[[str], None], **options)


_STEPS: dict[str, DemoStep] = {}


def register_demo_step(name: str, order: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        _STEPS[name] = DemoStep(name, order, fn)
        return fn

    return decorator


def demo_steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: s.order)
