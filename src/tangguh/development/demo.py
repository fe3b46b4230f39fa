"""The development demo (helper F): catalogue, sessions, enrolments, ledgers, budgets."""
