from django.urls import path

from . import views_pages

app_name = "core"
urlpatterns = [
    path("", views_pages.home, name="home"),
    path("beranda/", views_pages.DashboardView.as_view(), name="dashboard"),
]
