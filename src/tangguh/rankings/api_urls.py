"""The rankings' /api/v1/ endpoints (route names unique across domains: "rankings-…").

Views live in ``api/``.
"""

from django.urls import URLPattern, URLResolver, path

from tangguh.core import converters  # noqa: F401  registers <object_id:…>

from .api import categories as categories_api
from .api import publications as publications_api

urlpatterns: list[URLPattern | URLResolver] = [
    # --- categories, computed rankings, drill-down, publications (api/*.py)
    # A category's code is <str:code>, not <slug:>: a code that is no slug must find
    # the API's JSON 404, not the site's HTML one.
    path("rankings/metrics/", categories_api.MetricListAPI.as_view(), name="rankings-metrics"),
    path(
        "rankings/categories/",
        categories_api.CategoryListAPI.as_view(),
        name="rankings-categories",
    ),
    path(
        "rankings/categories/<str:code>/",
        categories_api.CategoryDetailAPI.as_view(),
        name="rankings-category",
    ),
    path(
        "rankings/categories/<str:code>/ranking/",
        categories_api.RankingAPI.as_view(),
        name="rankings-ranking",
    ),
    path(
        "rankings/categories/<str:code>/explain/<str:institution>/",
        categories_api.ExplainAPI.as_view(),
        name="rankings-explain",
    ),
    path(
        "rankings/publications/",
        publications_api.PublicationListAPI.as_view(),
        name="rankings-publications",
    ),
    path(
        "rankings/publications/<object_id:pk>/",
        publications_api.PublicationDetailAPI.as_view(),
        name="rankings-publication",
    ),
    path(
        "rankings/publications/<object_id:pk>/explain/<str:institution>/",
        publications_api.PublicationExplainAPI.as_view(),
        name="rankings-publication-explain",
    ),
]
