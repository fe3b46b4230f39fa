"""The verification page, kept rendered: the QR code's target must stay fast under load.

A known certificate's page is kept (per language and day) in the ``public`` cache,
a file cache every server process of the machine shares (settings ``CACHES``); the
CSRF token of the language switch is a placeholder in the kept copy, replaced per
request. Saving a certificate (a revocation, a renewal's change) forgets its pages
at once (``post_save``, connected at start-up in ``apps.py``); the day in the key
turns a page to expired at midnight. Unknown numbers are never kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db.models.signals import post_save

from .models import Certificate

CSRF_PLACEHOLDER = "csrf-placeholder-9f1c2e7b"
SECONDS = 300
CULL_EVERY = 500


class SharedFileCache(FileBasedCache):
    """Django's file cache (shared by the processes of one machine), its size checked
    every ``CULL_EVERY``-th write instead of on each: Django lists the whole directory
    on every write, which made a first visit slow once thousands of pages were kept."""

    _writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % CULL_EVERY == 1:
            super()._cull()  # type: ignore[misc]  # private in the stubs, not in Django


def _cache() -> BaseCache:
    return caches["public"] if "public" in settings.CACHES else caches["default"]


def page_key(number: str, language: str, day: date) -> str:
    return f"verify-page:{language}:{day.isoformat()}:{number}"


def page_get(number: str, language: str, day: date) -> str | None:
    value = _cache().get(page_key(number, language, day))
    return value if isinstance(value, str) else None


def page_set(number: str, language: str, day: date, html: str) -> None:
    _cache().set(page_key(number, language, day), html, SECONDS)


def forget(number: str, around: date) -> None:
    """Forget every kept page of ``number`` (each language; the day and its neighbours)."""
    keys = [
        page_key(number, code, around + timedelta(days=shift))
        for code, _name in settings.LANGUAGES
        for shift in (-1, 0, 1)
    ]
    _cache().delete_many(keys)


def _forget_saved(sender: Any, instance: Certificate, **kwargs: Any) -> None:
    from django.utils import timezone

    forget(instance.number, timezone.localdate())


def connect() -> None:
    post_save.connect(_forget_saved, sender=Certificate, dispatch_uid="certification-verify-page")
