from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(request, *args, **kwargs)
        self.error_messages["invalid_login"] = _(
            "The username or password is wrong. Both are case-sensitive."
        )


class ApiTokenForm(RefuseBidiControlsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("To recognise the token later, e.g. the program that uses it."),
    )
