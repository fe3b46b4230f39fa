"""Public verification (no login): the QR code's page, the credential, its status, the keys.

Everyone may open these: a member of the public scanning a certificate's QR code on a
phone. They show the holder's name, the scheme, the dates, the issuing body and the
status; never the NIP nor the birth date. The JSON answers are what a wallet or
another verifier reads: the credential as issued, its revocation status, the issuer's
profile and every key that ever signed.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control

from .. import keys
from ..credentials import CONTEXT, issuer_url, keys_url, status_url
from ..forms_verify import CredentialCheckForm
from ..models import Certificate, IssuingBody
from ..public_urls import credential_url, verify_url
from ..verification import Verification, credential_verify

JSON_LD = "application/ld+json"
_SHORT_CACHE = {"public": True, "max_age": 60}


def _certificate(number: str) -> Certificate | None:
    if len(number) > 64:
        return None
    return (
        Certificate.objects.select_related("scheme_version", "issuing_body")
        .only(
            "number",
            "holder_name",
            "issued_on",
            "expires_on",
            "revoked_at",
            "scheme_version__name",
            "scheme_version__version",
            "issuing_body__name",
            "issuing_body__url",
        )
        .filter(number=number)
        .first()
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


class CertificateVerifyView(View):
    """``/verify/<number>``: the QR code's target, phone-first."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        certificate = _certificate(number)
        today = timezone.localdate()
        if certificate is None:
            result = Verification("unknown", number=number[:64], checked_on=today)
            return render(
                request,
                "certification/verify/certificate.html",
                {"result": result, "title": _("Certificate verification")},
                status=404,
            )
        result = Verification(
            certificate.status_on(today),
            number=certificate.number,
            certificate=certificate,
            issued_on=certificate.issued_on,
            expires_on=certificate.expires_on,
            revoked_at=certificate.revoked_at,
            holder_name=certificate.holder_name,
            scheme_name=certificate.scheme_version.name,
            issuer_name=certificate.issuing_body.name,
            checked_on=today,
        )
        return render(
            request,
            "certification/verify/certificate.html",
            {
                "result": result,
                "credential_url": credential_url(certificate.number),
                "title": _("Certificate verification"),
            },
        )


class CredentialJsonView(View):
    """``/verify/<number>/credential.json``: the signed credential, exactly as issued."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        row = Certificate.objects.filter(number=number[:64]).only("credential").first()
        if row is None or not row.credential:
            raise Http404
        response = _json(row.credential, content_type="application/vc+ld+json")
        response["Content-Disposition"] = f'inline; filename="{row.number}.json"'
        return response


class CredentialStatusView(View):
    """``/verify/<number>/status``: the credentialStatus the credential points at."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        certificate = _certificate(number)
        if certificate is None:
            raise Http404
        today = timezone.localdate()
        status = certificate.status_on(today)
        revoked_on = timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None
        return _json(
            {
                "id": status_url(certificate.number),
                "type": "1EdTechRevocationList",
                "credential": credential_url(certificate.number),
                "verification_page": verify_url(certificate.number),
                "status": status,
                "revoked": certificate.revoked_at is not None,
                "revoked_on": revoked_on.isoformat() if revoked_on else None,
                "valid_until": certificate.expires_on.isoformat(),
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
            {"form": form, "result": result, "title": _("Check a certificate")},
            status=status,
        )
