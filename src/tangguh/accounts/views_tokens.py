"""API tokens in the web pages: list, create (the key shown once), revoke."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from . import selectors, services
from .filters import TokenFilter
from .forms import ApiTokenForm
from .models import ApiToken

LIST_LIMIT = 200


def _page(
    request: HttpRequest, *, form: ApiTokenForm | None = None, issued: Any = None, status: int = 200
) -> HttpResponse:
    # The API's filter; the page opens on the working tokens (``page_defaults``).
    filters = TokenFilter.for_page(request, selectors.api_token_list(user=request.user))
    tokens = list(filters.qs[:LIST_LIMIT])
    revocable = set(
        selectors.api_token_list(user=request.user, action="delete")
        .filter(pk__in=[t.pk for t in tokens])
        .values_list("pk", flat=True)
    )
    for t in tokens:
        t.can_revoke = t.is_active and t.pk in revocable  # type: ignore[attr-defined]
    ctx = {
        "title": _("API tokens"),
        "tokens": tokens,
        "show": {True: "true", False: "false"}.get(filters.value_of("active"), ""),
        "shows": [("true", _("Working")), ("", _("All"))],
        "form": form or ApiTokenForm(),
        "issued": issued,
        # Administrators see other accounts' tokens: say whose each one is.
        "show_owner": any(t.user_id != request.user.pk for t in tokens),
        "may_create": has_permission(request.user, ApiToken, "add"),
        "token_days": settings.TANGGUH_API_TOKEN_DAYS,
    }
    return render(request, "accounts/tokens.html", ctx, status=status)


class TokenListView(RestrictedView):
    model = ApiToken

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request)


class TokenCreateView(RestrictedView):
    model = ApiToken
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("accounts:tokens")

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return _page(request, form=form, status=400)
        issued = services.api_token_issue(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            actor=request.user,
        )
        # The key is in this answer only (never in a message or the session, which
        # outlive the page); the answer is not cached (PrivateResponseMiddleware).
        return _page(request, issued=issued)


class TokenRevokeView(RestrictedView):
    model = ApiToken
    action = "delete"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(
            selectors.api_token_list(user=request.user, action="delete"), pk=pk
        )
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(
            request,
            _("The token %(prefix)s… is revoked: it no longer works.") % {"prefix": token.prefix},
        )
        return redirect("accounts:tokens")
