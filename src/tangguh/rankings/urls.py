"""The rankings' pages under /peringkat/ (one section per part; views live in ``views/``)."""

from django.urls import path

from .views import categories as category_views
from .views import dashboard as dashboard_views

app_name = "rankings"

urlpatterns: list = [
    # --- the Rakornas dashboard, its PDF and XLSX, a province's view (views/dashboard.py)
    path("", dashboard_views.DashboardView.as_view(), name="dashboard"),
    # --- categories, the computed ranking, the drill-down (views/categories.py)
    path("kategori/", category_views.CategoryListView.as_view(), name="categories"),
    # --- publication, versions, award certificates (views/publications.py)
]
