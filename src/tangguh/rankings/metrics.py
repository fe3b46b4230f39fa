"""The built-in metrics: importing this module registers them (``registry.py``).

One module per source: budgets, certification, the JP duty, certificate coverage.
A metric on gap closure joins when the competency framework lands (issue 14).
"""

from . import metrics_budget, metrics_certification, metrics_coverage, metrics_jp  # noqa: F401
