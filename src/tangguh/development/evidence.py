"""Evidence files of recorded activities, treated as hostile.

A file is accepted only when its first bytes say it is a PDF, a JPEG or a PNG (the
name and the browser's content type are not believed), and only up to
:data:`MAX_BYTES`. It is stored under a random name with the extension its bytes
give; the name the person gave is kept for the download only (cleaned). It is served
only to those who may see the activity, always as an attachment with the type its
bytes give and ``nosniff``, so a browser never renders it inside Tangguh's pages.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError

MAX_BYTES = 5 * 1024 * 1024
# (magic bytes, extension, content type)
KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Evidence:
    content: ContentFile
    name: str  # the cleaned name the person gave
    content_type: str


def kind_of(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a file starting with ``head``, or None."""
    for magic, ext, content_type in KINDS:
        if head.startswith(magic):
            return ext, content_type
    return None


def clean_name(name: str, ext: str) -> str:
    """The name as a download may carry it: no path, no control or odd characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = _UNSAFE.sub("_", base.rsplit(".", 1)[0]).strip(" ._")[:80] or "bukti"
    return f"{stem}.{ext}"


def _refused(message: Any) -> DomainError:
    return DomainError(
        message, errors=[{"field": "evidence", "message": str(message)}], code="evidence"
    )


def evidence_check(upload: Any) -> Evidence:
    """Read ``upload`` (an uploaded file) within the limits; the file to store, or a refusal."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refused(_("The evidence file is larger than 5 MB. Upload a smaller scan or photo."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refused(_("The evidence file is larger than 5 MB. Upload a smaller scan or photo."))
    if not data:
        raise _refused(_("The evidence file is empty."))
    kind = kind_of(data[:16])
    if kind is None:
        raise _refused(
            _("The evidence must be a PDF, JPEG or PNG file; this file is none of them.")
        )
    ext, content_type = kind
    stored = ContentFile(data, name=f"{secrets.token_hex(16)}.{ext}")
    return Evidence(stored, clean_name(getattr(upload, "name", ""), ext), content_type)


def content_type_of(head: bytes) -> str:
    """The type a stored file is served with (its bytes decide; unknown: octet-stream)."""
    kind = kind_of(head)
    return kind[1] if kind else "application/octet-stream"
