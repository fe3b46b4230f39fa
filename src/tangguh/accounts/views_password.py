"""The public page behind a one-time link: the account's owner chooses a password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import services_users
from .forms_users import SetPasswordForm
from .invitations import invitation_user


class SetPasswordView(View):
    def dispatch(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        account = invitation_user(uidb64, token)
        if account is None:
            gone = {"title": _("This link no longer works")}
            return render(request, "accounts/set_password_invalid.html", gone, status=404)
        form = SetPasswordForm(request.POST or None, user=account)
        if request.method == "POST" and form.is_valid():
            services_users.user_password_set(
                user=account, password=form.cleaned_data["new_password1"]
            )
            messages.success(
                request,
                _("Your password is set. Sign in with your username %(username)s.")
                % {"username": account.username},
            )
            return redirect("accounts:login")
        ctx: dict[str, Any] = {"title": _("Choose your password"), "form": form, "account": account}
        return render(
            request, "accounts/set_password.html", ctx, status=400 if form.errors else 200
        )
