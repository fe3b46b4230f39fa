"""Development's /api/v1/ endpoints (route names unique across domains: "development-…").

One section per part of the domain; views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path  # noqa: F401

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

urlpatterns: list[URLPattern | URLResolver] = [
    # --- catalogue, programmes, sessions (api/programmes.py)
    # --- enrolment, attendance, completion (api/enrolment.py)
    # --- rules, activities, ledger (api/ledger.py)
    # --- compliance (api/compliance.py)
    # --- budgets (api/budgets.py)
]
