"""The built-in metrics: importing this module registers them (``registry.py``).

One module per source: budgets, certification, the JP duty, certificate coverage,
competency gap closure.
"""

from . import (  # noqa: F401
    metrics_budget,
    metrics_certification,
    metrics_competencies,
    metrics_coverage,
    metrics_jp,
)
