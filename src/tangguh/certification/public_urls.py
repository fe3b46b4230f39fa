"""Absolute public addresses of a certificate (QR code, credential ids, status).

``settings.TANGGUH_PUBLIC_URL`` is the address the public reaches the server at; the
paths are the ``verify`` namespace's (``urls_verify.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return f"{settings.TANGGUH_PUBLIC_URL}{path}"


def verify_url(number: str) -> str:
    """The verification page of certificate ``number``: the QR code's target."""
    return absolute(reverse("verify:certificate", args=[number]))


def credential_url(number: str) -> str:
    """The signed Open Badges 3.0 credential of certificate ``number`` (JSON)."""
    return absolute(reverse("verify:credential", args=[number]))
