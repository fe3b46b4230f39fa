"""The rankings' pages under /peringkat/ (one section per part; views live in ``views/``)."""

from django.urls import path

from .views import categories as category_views
from .views import dashboard as dashboard_views
from .views import explain as explain_views

app_name = "rankings"

urlpatterns: list = [
    # --- the Rakornas dashboard, its PDF and XLSX, a province's view (views/dashboard.py)
    path("", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("laporan.pdf", dashboard_views.DashboardPdfView.as_view(), name="dashboard_pdf"),
    path("peringkat.xlsx", dashboard_views.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
    path("provinsi/<str:code>/", dashboard_views.ProvinceView.as_view(), name="province"),
    # --- categories, the computed ranking, the drill-down (views/categories.py)
    path("kategori/", category_views.CategoryListView.as_view(), name="categories"),
    # "baru" before <slug:code>: the services refuse it as a category's code.
    path("kategori/baru/", category_views.CategoryCreateView.as_view(), name="category_create"),
    path("kategori/<slug:code>/", category_views.CategoryDetailView.as_view(), name="category"),
    path(
        "kategori/<slug:code>/ubah/", category_views.CategoryEditView.as_view(), name="category_edit"
    ),
    path(
        "kategori/<slug:code>/rincian/<str:institution>/",
        explain_views.ExplainView.as_view(),
        name="explain",
    ),
    # --- publication, versions, award certificates (views/publications.py)
]
