"""Language choice, the Content-Security-Policy, and the headers every response carries."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pages speak Indonesian first: the language cookie (set by the switch) decides,
    not the browser's Accept-Language — many civil servants' browsers are set to
    English. API clients still negotiate with Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the strict policy of ``CONTENT_SECURITY_POLICY``, and one exception.

    The 500 page is self-contained on purpose (no static file when things are broken):
    the hash of its one ``<style>`` block is allowed on it, nothing else. (The API docs
    need no exception: Swagger UI is served from static files, core/api_docs.py.)
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if response.status_code == 500 and not settings.DEBUG:
            parts.update = {**(parts.update or {}), "style-src": [error_page_style_hash()]}
        return parts


@cache
def error_page_style_hash() -> str:
    """The CSP source for the inline style of templates/500.html (computed, never copied)."""
    path = settings.PACKAGE_DIR / "templates" / "500.html"
    found = re.search(r"<style>(.*?)</style>", path.read_text(encoding="utf-8"), re.S)
    body = found.group(1) if found else ""
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


class PrivateResponseMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in user or API client.

    Pages, htmx fragments, exports and API answers to an authenticated request all
    may hold personal data (UU 27/2022): no browser cache, shared cache or proxy may
    keep a copy. One rule for all of them rather than a decorator per view that the
    next view forgets. Static files never reach this middleware (whitenoise answers
    them first, with their long caching); the login page and the token sign-in are
    ``never_cache`` themselves.

    It also adds ``Permissions-Policy``: the pages use no camera, microphone,
    location or payment, so no script may ask for them.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets it on the request when it authenticates
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        response.headers.setdefault("Permissions-Policy", settings.TANGGUH_PERMISSIONS_POLICY)
        return response
