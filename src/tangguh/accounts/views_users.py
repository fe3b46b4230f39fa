"""User management pages: list, detail, create, change, (de)activate, force a new password.

Thin: the scope comes from the selectors, the rules and the audit from services_users.
An invitation link is in the answer to the POST that made it only (never in a message
or the session, which outlive the page).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from . import rules, selectors, services_users
from .forms_users import UserAccountForm, UserFilterForm, _institutions
from .invitations import absolute_link, invitation_email, invitation_lifetime_days
from .models import User

PAGE_SIZE = 50


class UserListView(RestrictedView):
    model = User

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = selectors.user_list(user=request.user)
        institution_ids = visible.order_by().values("institution_id")
        form = UserFilterForm(
            request.GET or None,
            institutions=_institutions(None).filter(id__in=institution_ids),
        )
        accounts = _filtered(visible, form)
        page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        ctx = {
            "title": _("Users"),
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "may_create": bool(rules.offered_roles(request.user))
            and has_permission(request.user, User, "add"),
        }
        return render(request, "accounts/users.html", ctx)


def _filtered(accounts: Any, form: UserFilterForm) -> Any:
    if not form.is_bound or not form.is_valid():
        return accounts
    data = form.cleaned_data
    if text := data["q"].strip():
        condition = Q(username__icontains=text) | Q(email__icontains=text)
        for word in text.split():
            condition |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) >= 4:
            condition |= Q(nip__startswith=digits)
        accounts = accounts.filter(condition)
    if data["role"]:
        accounts = accounts.filter(role=data["role"])
    if data["institution"]:
        accounts = accounts.filter(institution=data["institution"])
    if data["active"]:
        accounts = accounts.filter(is_active=data["active"] == "1")
    return accounts


class UserDetailView(RestrictedView):
    model = User

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
        ctx = {
            "title": account.display_name,
            "account": account,
            "is_self": account.pk == request.user.pk,
            "may_manage": selectors.user_manageable(user=request.user).filter(pk=pk).exists(),
            "in_register": selectors.nip_in_register(user=request.user, nip=account.nip),
            "trail": selectors.user_audit_trail(account=account),
        }
        return render(request, "accounts/user_detail.html", ctx)


class UserCreateView(RestrictedView):
    model = User
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._form(request, UserAccountForm(actor=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UserAccountForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                invitation = services_users.user_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _invitation_page(request, invitation, created=True)
        return self._form(request, form, status=400)

    def _form(self, request: HttpRequest, form: UserAccountForm, status: int = 200) -> HttpResponse:
        ctx = {"title": _("New user"), "form": form, "creating": True}
        return render(request, "accounts/user_form.html", ctx, status=status)


class UserEditView(RestrictedView):
    model = User
    action = "change"

    def _account(self, request: HttpRequest, pk: int) -> User:
        account = get_object_or_404(selectors.user_list(user=request.user, action="change"), pk=pk)
        if not rules.may_manage(request.user, account):
            raise PermissionDenied(_("You may not manage this account."))
        return account

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = self._account(request, pk)
        initial = {f: getattr(account, f) for f in services_users.EDITABLE}
        form = UserAccountForm(initial=initial, actor=request.user, creating=False)
        return self._form(request, form, account)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = self._account(request, pk)
        form = UserAccountForm(request.POST, actor=request.user, creating=False)
        if form.is_valid():
            try:
                account = services_users.user_update(
                    actor=request.user, user=account, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The account is saved."))
                _warn_unknown_nip(request, account)
                return redirect("accounts:user-detail", pk=account.pk)
        return self._form(request, form, account, status=400)

    def _form(
        self, request: HttpRequest, form: UserAccountForm, account: User, status: int = 200
    ) -> HttpResponse:
        ctx = {"title": account.display_name, "form": form, "account": account}
        return render(request, "accounts/user_form.html", ctx, status=status)


class _AccountActionView(RestrictedView):
    """A POST on one account the actor manages; one's own account is refused with a message."""

    model = User
    action = "change"
    refuse_self: Any = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(selectors.user_list(user=request.user, action="change"), pk=pk)
        if account.pk == request.user.pk:
            messages.error(request, self.refuse_self)
            return redirect("accounts:user-detail", pk=pk)
        return self.act(request, account)

    def act(self, request: HttpRequest, account: User) -> HttpResponse:
        raise NotImplementedError


class UserDeactivateView(_AccountActionView):
    refuse_self = gettext_lazy("You cannot deactivate your own account.")

    def act(self, request: HttpRequest, account: User) -> HttpResponse:
        services_users.user_deactivate(actor=request.user, user=account)
        messages.success(
            request,
            _("%(name)s is deactivated: the account can no longer sign in or use the API.")
            % {"name": account.display_name},
        )
        return redirect("accounts:user-detail", pk=account.pk)


class UserReactivateView(_AccountActionView):
    refuse_self = gettext_lazy("You cannot change your own account here.")

    def act(self, request: HttpRequest, account: User) -> HttpResponse:
        services_users.user_reactivate(actor=request.user, user=account)
        messages.success(request, _("%(name)s is active again.") % {"name": account.display_name})
        return redirect("accounts:user-detail", pk=account.pk)


class UserPasswordResetView(_AccountActionView):
    refuse_self = gettext_lazy("You cannot reset your own password here.")

    def act(self, request: HttpRequest, account: User) -> HttpResponse:
        # An account still waiting for its first password gets another invitation.
        if account.has_usable_password():
            invitation = services_users.user_password_reset(actor=request.user, user=account)
        else:
            invitation = services_users.user_invite_link(actor=request.user, user=account)
        return _invitation_page(request, invitation, created=False)


def _invitation_page(request: HttpRequest, invitation: Any, *, created: bool) -> HttpResponse:
    link = absolute_link(request, invitation.path)
    ctx = {
        "title": _("Invitation link"),
        "account": invitation.user,
        "link": link,
        "created": created,
        "emailed": invitation_email(user=invitation.user, link=link),
        "days": invitation_lifetime_days(),
    }
    _warn_unknown_nip(request, invitation.user)
    return render(request, "accounts/user_invitation.html", ctx)


def _warn_unknown_nip(request: HttpRequest, account: User) -> None:
    if account.nip and not selectors.nip_in_register(user=request.user, nip=account.nip):
        messages.warning(
            request,
            _(
                "The NIP %(nip)s is not in the register yet: the account is linked to it, "
                "and the record shows once it is imported."
            )
            % {"nip": account.nip},
        )
