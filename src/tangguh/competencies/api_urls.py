"""The competencies' /api/v1/ endpoints (route names "competencies-…"; one module per
part in ``api/``, each with its own ``urlpatterns``)."""

from django.urls import URLPattern, URLResolver

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from .api import assessments, closure, framework, gaps, needs, plans, standards

urlpatterns: list[URLPattern | URLResolver] = [
    *framework.urlpatterns,
    *standards.urlpatterns,
    *assessments.urlpatterns,
    *gaps.urlpatterns,
    *needs.urlpatterns,
    *plans.urlpatterns,
    *closure.urlpatterns,
]
