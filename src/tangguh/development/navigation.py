"""Menu entries and dashboard cards of development (one block per part)."""

# --- catalogue, sessions (helper A)

# --- enrolment, my development (helper B)

# --- JP ledger, activities, conversion table (helper C)

# --- the 20-JP duty (helper D)

# --- budgets (helper E)
