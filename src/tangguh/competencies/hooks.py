"""What competencies registers with the domains below it.

- development's budgets show "plan against allocation" from the approved personal
  development plans (``development.plans.register_plan_source``; plans part).
"""
