"""Public verification (no login): the QR code's page, the credential, its status, the keys.

Everyone may open these: a member of the public scanning a certificate's QR code on a
phone. They show the holder's name, the scheme, the dates, the issuing body and the
status; never the NIP nor the birth date. The JSON answers are what a wallet or
another verifier reads: the credential as issued, its revocation status, the issuer's
profile and every key that ever signed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control

from tangguh.core.formatting import format_date

from .. import keys, verify_cache
from ..credentials import CONTEXT, credential_address, issuer_url, keys_url, status_url
from ..forms_verify import CredentialCheckForm
from ..models import Certificate, IssuingBody
from ..public_urls import credential_url, verify_url
from ..verification import Verification, credential_verify

JSON_LD = "application/ld+json"
_SHORT_CACHE = {"public": True, "max_age": 60}


def _verification(number: str, today: date) -> Verification | None:
    """What the page shows of certificate ``number`` (None: no such certificate)."""
    if len(number) > 64:
        return None
    row = (
        Certificate.objects.filter(number=number)
        .values_list(
            "number",
            "holder_name",
            "issued_on",
            "expires_on",
            "revoked_at",
            "scheme_version__name",
            "issuing_body__name",
        )
        .first()
    )
    if row is None:
        return None
    number, holder, issued_on, expires_on, revoked_at, scheme_name, issuer_name = row
    # The model's own rule (revoked, else expired after expires_on), on the values read.
    status = Certificate(expires_on=expires_on, revoked_at=revoked_at).status_on(today)
    return Verification(
        status,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        revoked_at=revoked_at,
        holder_name=holder,
        scheme_name=scheme_name,
        issuer_name=issuer_name,
        checked_on=today,
    )


def _json(data: Any, *, content_type: str = "application/json", status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"  # any verifier may read it
    return response


_SHOWN = (
    "number",
    "holder_name",
    "scheme_name",
    "issuer_name",
    "issued_on",
    "expires_on",
    "revoked_on",
    "checked_on",
    "credential_href",
    "next_path",
)
_TOKEN = re.compile(r"@@([a-z_]+)@@")
# Rendered pages with @@field@@ where a certificate's values go, per language, status
# and which fields are empty: a first visit fills one in (escaped) instead of rendering.
_shells: dict[tuple[Any, ...], str] = {}


def _path(address: str) -> str:
    """The path of one of our public addresses (links stay on the server they were read on)."""
    return address.removeprefix(settings.TANGGUH_PUBLIC_URL)


def _shown(result: Verification) -> dict[str, str]:
    """What the result template shows, as text in the active language."""

    def day(value: Any) -> str:
        return format_date(value) if value else ""

    return {
        "number": result.number,
        "holder_name": result.holder_name,
        "scheme_name": result.scheme_name,
        "issuer_name": result.issuer_name,
        "issued_on": day(result.issued_on),
        "expires_on": day(result.expires_on),
        "revoked_on": day(result.revoked_at),
        "checked_on": day(result.checked_on),
        "credential_href": _path(credential_address(result.number)) if result.number else "",
    }


class CertificateVerifyView(View):
    """``/verify/<number>``: the QR code's target, phone-first.

    Fast under load (docs/performance.md): the page is kept rendered per certificate
    (``verify_cache``); a first visit fills the values into a page rendered once per
    language and status (``_shells``) instead of rendering the templates again.
    """

    template_name = "certification/verify/certificate.html"

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        today = timezone.localdate()
        language = translation.get_language()
        html = verify_cache.page_get(number, language, today) if len(number) <= 64 else None
        if html is None:
            result = _verification(number, today)
            if result is None:
                unknown = Verification("unknown", number=number[:64], checked_on=today)
                context = {
                    "result": unknown,
                    "shown": _shown(unknown),
                    "title": _("Certificate verification"),
                }
                return render(request, self.template_name, context, status=404)
            html = self._fill(request, result, language)
            verify_cache.page_set(number, language, today, html)
        response = HttpResponse(html.replace(verify_cache.CSRF_PLACEHOLDER, get_token(request)))
        patch_vary_headers(response, ["Cookie"])
        return response

    def _fill(self, request: HttpRequest, result: Verification, language: str) -> str:
        values = {**_shown(result), "next_path": request.get_full_path()}
        key = (language, result.status, *(bool(values[name]) for name in _SHOWN))
        shell = _shells.get(key)
        if shell is None:
            tokens = {name: f"@@{name}@@" if values[name] else "" for name in _SHOWN}
            context = {
                "result": result,
                "shown": tokens,
                "known": True,
                "credential_href": tokens["credential_href"],
                "title": _("Certificate verification"),
                "csrf_token": verify_cache.CSRF_PLACEHOLDER,
            }
            shell = render_to_string(self.template_name, context, request=request)
            if len(_shells) > 1000:
                _shells.clear()
            _shells[key] = shell
        # One pass: a value holding "@@…@@" is never read as a token.
        return _TOKEN.sub(lambda m: str(escape(values.get(m.group(1), m.group(0)))), shell)


class CredentialJsonView(View):
    """``/verify/<number>/credential.json``: the signed credential, exactly as issued."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        row = Certificate.objects.filter(number=number[:64]).only("number", "credential").first()
        if row is None or not row.credential:
            raise Http404
        response = _json(row.credential, content_type="application/vc+ld+json")
        response["Content-Disposition"] = f'inline; filename="{row.number}.json"'
        return response


class CredentialStatusView(View):
    """``/verify/<number>/status``: the credentialStatus the credential points at."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        today = timezone.localdate()
        result = _verification(number, today)
        if result is None:
            raise Http404
        revoked_on = timezone.localdate(result.revoked_at) if result.revoked_at else None
        return _json(
            {
                "id": status_url(result.number),
                "type": "1EdTechRevocationList",
                "credential": credential_url(result.number),
                "verification_page": verify_url(result.number),
                "status": result.status,
                # As the 1EdTech revocation list lists them (the credential's own entry).
                "revokedCredentials": [{"id": credential_url(result.number), "revoked": True}]
                if result.revoked_at is not None
                else [],
                "revoked": result.revoked_at is not None,
                "revoked_on": revoked_on.isoformat() if revoked_on else None,
                "valid_until": result.expires_on.isoformat() if result.expires_on else None,
                "checked_on": today.isoformat(),
            }
        )


@cache_control(**_SHORT_CACHE)
def keys_view(request: HttpRequest) -> HttpResponse:
    """``/verify/keys``: every key that ever signed (retired ones marked), a stable URL."""
    url = keys_url()
    methods = [
        {
            "id": f"{url}#{key['key_id']}",
            "type": "Multikey",
            "controller": url,
            "publicKeyMultibase": key["publicKeyMultibase"],
            "created": key["created"],
            "retired": key["retired"],
        }
        for key in keys.public_keys()
    ]
    return _json(
        {
            "@context": ["https://www.w3.org/ns/cid/v1"],
            "id": url,
            "verificationMethod": methods,
            "assertionMethod": [method["id"] for method in methods],
        },
        content_type=JSON_LD,
    )


@cache_control(**_SHORT_CACHE)
def issuer_view(request: HttpRequest, code: str) -> HttpResponse:
    """``/verify/issuers/<code>``: the issuer Profile a credential names."""
    body = IssuingBody.objects.filter(code=code[:32]).first()
    if body is None:
        raise Http404
    profile: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": issuer_url(body),
        "type": ["Profile"],
        "name": body.name,
    }
    if body.url:
        profile["url"] = body.url
    if body.email:
        profile["email"] = body.email
    profile["verificationKeys"] = keys_url()
    return _json(profile, content_type=JSON_LD)


class CredentialCheckView(View):
    """``/verify/``: check a credential by pasting or uploading it, or look a number up."""

    template_name = "certification/verify/check.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"form": CredentialCheckForm(), "title": _("Check a certificate")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CredentialCheckForm(request.POST, request.FILES)
        result = None
        status = 200
        if form.is_valid():
            result = credential_verify(form.cleaned_data["credential"])
        else:
            status = 400
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "result": result,
                "shown": _shown(result) if result else {},
                "title": _("Check a certificate"),
            },
            status=status,
        )
