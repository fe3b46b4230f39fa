from django.urls import path

from . import views

app_name = "institutions"
urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("pilih/", views.InstitutionPickView.as_view(), name="pick"),
    path("<str:code>/", views.InstitutionDetailView.as_view(), name="detail"),
]
