"""Public verification under /verify/ (no login): the target of a certificate's QR code.

Names ``verify:certificate`` (``/verify/<number>``) and ``verify:credential``
(``/verify/<number>/credential.json``) are used by ``public_urls.py``.
"""

from django.urls import path  # noqa: F401

app_name = "verify"

urlpatterns: list = []
