"""Forms of user management: the list's filters, create and change an account, set a password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.core.roles import Role
from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker, register_picker_purpose

from . import rules

# The account form's searchable institution picker offers where the actor may add accounts
# (the service still judges each role and institution pair).
register_picker_purpose("user_account", "accounts.User", "add")

ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))]


def _institutions(ids: frozenset[int] | None) -> QuerySet[Institution]:
    qs = Institution.objects.order_by("name")
    return qs if ids is None else qs.filter(id__in=ids)


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, username or NIP")}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All")), *Role.choices]  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class UserAccountForm(RefuseBidiControlsMixin, forms.Form):
    """Create (with ``username``) or change an account. The role and the institution are
    offered as far as the actor may grant them; the pair is judged by the service."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional. When given, the invitation link is also sent there."),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), to_field_name="code"
    )
    role = forms.ChoiceField(label=_("Role"))
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        required=False,
        help_text=_("Optional, for any role: links the account to the civil servant's own record."),
    )

    def __init__(self, *args: Any, actor: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["username"]
        institutions = _institutions(rules.grant_institution_ids(actor))
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        field.widget = InstitutionPicker(purpose="user_account", institutions=lambda: institutions)
        field.widget.is_required = True
        # Any role is accepted here so that one above the actor's reach is refused with
        # a sentence (by the service), not "not one of the choices"; only the ones the
        # actor may grant somewhere are offered.
        role = self.fields["role"]
        role.choices = Role.choices  # type: ignore[attr-defined]
        offered = set(rules.offered_roles(actor))
        # A refused role stays selected, so the error below it names what was asked.
        asked = self.data.get(self.add_prefix("role")) if self.is_bound else None
        if asked in Role.values:
            offered.add(asked)
        role.widget.choices = [("", "—"), *((v, lbl) for v, lbl in Role.choices if v in offered)]
        own = getattr(actor, "institution", None)
        if own is not None and not self.is_bound and "institution" not in self.initial:
            self.initial["institution"] = own.code


class SetPasswordForm(forms.Form):
    """The owner of an account chooses a password (Django's validators judge it)."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields[
            "new_password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2", "")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords are not the same."))
        password_validation.validate_password(second, self.user)
        return second
