"""Names of downloaded files, in the interface's language.

One rule for every download: a translatable stem ("civil-servants" is "pegawai" in
Indonesian), then an identifier and/or today's date when the file has them, then the
extension: ``pegawai-2026-11-30.xlsx``, ``civil-servants-2026-11-30.xlsx``. The date
stays ISO (it sorts in a folder and reads the same in both languages).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

R = TypeVar("R", bound=HttpResponseBase)


def download_name(stem: Any, ext: str, *, key: Any = "", dated: bool = False) -> str:
    """``<stem in the active language>[-<key>][-<today>].<ext>``."""
    parts = [slugify(str(stem)) or "download"]
    if key != "" and key is not None:
        parts.append(slugify(str(key)) or str(key))
    if dated:
        parts.append(timezone.localdate().isoformat())
    return f"{'-'.join(parts)}.{ext}"


def as_attachment(response: R, stem: Any, ext: str, *, key: Any = "", dated: bool = False) -> R:
    """``response`` sent as a download named by :func:`download_name`."""
    name = download_name(stem, ext, key=key, dated=dated)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
