from django.urls import path

from . import views, views_tokens

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("token/", views_tokens.TokenListView.as_view(), name="tokens"),
    path("token/baru/", views_tokens.TokenCreateView.as_view(), name="token-create"),
    path("token/<int:pk>/cabut/", views_tokens.TokenRevokeView.as_view(), name="token-revoke"),
]
