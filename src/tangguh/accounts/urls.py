from django.urls import path

from . import views, views_password, views_tokens, views_users

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("token/", views_tokens.TokenListView.as_view(), name="tokens"),
    path("token/baru/", views_tokens.TokenCreateView.as_view(), name="token-create"),
    path("token/<int:pk>/cabut/", views_tokens.TokenRevokeView.as_view(), name="token-revoke"),
    path("pengguna/", views_users.UserListView.as_view(), name="users"),
    path("pengguna/baru/", views_users.UserCreateView.as_view(), name="user-create"),
    path("pengguna/<int:pk>/", views_users.UserDetailView.as_view(), name="user-detail"),
    path("pengguna/<int:pk>/ubah/", views_users.UserEditView.as_view(), name="user-edit"),
    path(
        "pengguna/<int:pk>/nonaktifkan/",
        views_users.UserDeactivateView.as_view(),
        name="user-deactivate",
    ),
    path(
        "pengguna/<int:pk>/aktifkan/",
        views_users.UserReactivateView.as_view(),
        name="user-reactivate",
    ),
    path(
        "pengguna/<int:pk>/atur-ulang-sandi/",
        views_users.UserPasswordResetView.as_view(),
        name="user-password-reset",
    ),
    path(
        "sandi/<str:uidb64>/<str:token>/",
        views_password.SetPasswordView.as_view(),
        name="set-password",
    ),
]
