from django.urls import path

from . import views_audit, views_pages

app_name = "core"
urlpatterns = [
    path("", views_pages.home, name="home"),
    path("beranda/", views_pages.DashboardView.as_view(), name="dashboard"),
    path("audit/", views_audit.AuditListView.as_view(), name="audit"),
    path("audit/ekspor/", views_audit.AuditExportView.as_view(), name="audit-export"),
]
