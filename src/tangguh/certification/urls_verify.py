"""Public verification under /verify/ (no login): the target of a certificate's QR code.

Names ``verify:certificate`` (``/verify/<number>``) and ``verify:credential``
(``/verify/<number>/credential.json``) are used by ``public_urls.py``;
``verify:status`` is the credential's ``credentialStatus``, ``verify:keys`` the
issuer's public keys (a stable URL: ``verificationMethod`` points into it),
``verify:issuer`` the issuer ``Profile``, ``verify:check`` the paste/upload form.
"""

from django.urls import path

from .views import verify

app_name = "verify"

urlpatterns: list = [
    path("", verify.CredentialCheckView.as_view(), name="check"),
    path("keys", verify.keys_view, name="keys"),
    path("issuers/<str:code>", verify.issuer_view, name="issuer"),
    path("<str:number>", verify.CertificateVerifyView.as_view(), name="certificate"),
    path("<str:number>/credential.json", verify.CredentialJsonView.as_view(), name="credential"),
    path("<str:number>/status", verify.CredentialStatusView.as_view(), name="status"),
]
