"""What competencies registers with the domains below it.

- development's budgets show "plan against allocation" from the approved personal
  development plans (``development.plans.register_plan_source``).
"""

from tangguh.development.plans import register_plan_source

from .selectors_plans import approved_cost

register_plan_source(approved_cost)
