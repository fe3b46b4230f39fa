from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": _("Sign in")}


class LogoutView(auth_views.LogoutView):
    pass
