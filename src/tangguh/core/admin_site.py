"""The Django admin, for superusers only, entered through Tangguh's own sign-in.

The admin works on raw querysets, outside ``restrict()``: letting in anyone with
the ``is_staff`` flag would open every institution's rows to them. Institution
roles work through Tangguh's own pages, which are scoped.

There is no second login form: a visitor is sent to Tangguh's sign-in page (with
the lockout and the audit of every sign-in), and a signed-in user who is not a
superuser gets Tangguh's "Access denied" page. Superusers find the admin in the
navigation (base.html).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Where the admin sends whoever it does not admit (``admin_view``)."""
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = ""
        wanted = wanted or self._index_url()
        if not request.user.is_authenticated:
            return redirect_to_login(wanted)
        if self.has_permission(request):
            return redirect(wanted)
        raise PermissionDenied

    def _index_url(self) -> str:
        return reverse(f"{self.name}:index")
