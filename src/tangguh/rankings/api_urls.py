"""The rankings' /api/v1/ endpoints (route names unique across domains: "rankings-…").

Views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path  # noqa: F401

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

urlpatterns: list[URLPattern | URLResolver] = [
    # --- categories, computed rankings, drill-down, publications (api/*.py, helper E)
]
