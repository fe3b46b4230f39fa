"""Development's pages under /pengembangan/ (staff and civil servants).

One section per part of the domain; views live in ``views/``.
"""

from django.urls import path  # noqa: F401

app_name = "development"

urlpatterns: list = [
    # --- catalogue, programmes, sessions, facilitators (views/catalogue.py, views/programmes.py, views/sessions.py)
    # --- enrolment, approvals, attendance, completion, certificates of completion (views/enrolment.py, views/attendance.py, views/completion.py)
    # --- JP conversion table, activities, the ledger (views/rules.py, views/activities.py, views/ledger.py)
    # --- the 20-JP duty (views/compliance.py, views/my_jp.py)
    # --- budgets (views/budgets.py)
]
