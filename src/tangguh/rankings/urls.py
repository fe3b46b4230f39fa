"""The rankings' pages under /peringkat/ (one section per part; views live in ``views/``)."""

from django.urls import path

from .views import categories as category_views
from .views import dashboard as dashboard_views
from .views import explain as explain_views
from .views import publications as publication_views

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
        "kategori/<slug:code>/ubah/",
        category_views.CategoryEditView.as_view(),
        name="category_edit",
    ),
    path(
        "kategori/<slug:code>/rincian/<str:institution>/",
        explain_views.ExplainView.as_view(),
        name="explain",
    ),
    # --- publication, versions, award certificates (views/publications.py)
    path(
        "kategori/<slug:code>/terbitkan/", publication_views.PublishView.as_view(), name="publish"
    ),
    path("terbitan/", publication_views.PublicationListView.as_view(), name="publications"),
    path("terbitan/<int:pk>/", publication_views.PublicationView.as_view(), name="publication"),
    path(
        "terbitan/<int:pk>/rincian/<str:institution>/",
        publication_views.PublicationExplainView.as_view(),
        name="publication_explain",
    ),
    path(
        "terbitan/<int:pk>/unduh.xlsx",
        publication_views.PublicationXlsxView.as_view(),
        name="publication_xlsx",
    ),
    path(
        "terbitan/<int:pk>/piagam/<str:institution>.pdf",
        publication_views.AwardPdfView.as_view(),
        name="award_pdf",
    ),
    path(
        "terbitan/<int:pk>/piagam.pdf",
        publication_views.AwardsPdfView.as_view(),
        name="awards_pdf",
    ),
]
