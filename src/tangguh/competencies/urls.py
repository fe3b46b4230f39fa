"""The competencies' pages under /kompetensi/ (one module per part in ``views/``,
each with its own ``urlpatterns``)."""

from django.urls import URLPattern, URLResolver

from .views import assessments, closure, framework, gaps, needs, plans, standards

app_name = "competencies"

urlpatterns: list[URLPattern | URLResolver] = [
    *framework.urlpatterns,
    *standards.urlpatterns,
    *assessments.urlpatterns,
    *gaps.urlpatterns,
    *needs.urlpatterns,
    *plans.urlpatterns,
    *closure.urlpatterns,
]
