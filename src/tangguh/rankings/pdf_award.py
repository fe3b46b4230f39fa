"""Award certificates (piagam penghargaan) of a published ranking, as PDF (WeasyPrint).

One A4 landscape page per winner: the institution, the award's Indonesian name, the
rank ("Peringkat I"), the period, the publication's date, the signatory (settings
``TANGGUH_AWARD_SIGNATORY_*``) and the content hash, short, with a QR code to the
public page of the publication (``/penghargaan/<hash>/``), which shows the winners and
whether a newer version corrects it, and no personal data. The document's wording is
Indonesian whatever the reader's language; nothing is fetched while rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from tangguh.certification.pdf import qr_svg
from tangguh.core.formatting import format_date

from .models import Publication, PublishedRow
from .registry import display_value

_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def roman(n: int) -> str:
    return _ROMAN[n] if 0 < n < len(_ROMAN) else str(n)


def public_url(publication: Publication) -> str:
    """The public page of a publication: the certificates' QR code leads there."""
    path = reverse("rankings_public:award", args=[publication.content_hash])
    return f"{settings.TANGGUH_PUBLIC_URL}{path}"


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"no resource is fetched for an award certificate: {url}")


def awards_html(publication: Publication, rows: Sequence[PublishedRow]) -> str:
    link = public_url(publication)
    unit = publication.definition.get("unit", "count")
    with translation.override("id"):
        pages = [
            {
                "row": row,
                "roman": roman(row.rank),
                "value": display_value(row.value, unit),
            }
            for row in rows
        ]
        return render_to_string(
            "rankings/publications/award_pdf.html",
            {
                "p": publication,
                "name": publication.definition.get("name_id", ""),
                "period": str(publication.definition.get("period") or publication.period_label),
                "published_on": format_date(publication.published_at),
                "pages": pages,
                "url": link,
                "hash_short": publication.content_hash[:16],
                "qr": mark_safe(qr_svg(link)),  # noqa: S308 - segno's own SVG, no user text
                "signatory_title": settings.TANGGUH_AWARD_SIGNATORY_TITLE,
                "signatory_organisation": settings.TANGGUH_AWARD_SIGNATORY_ORGANISATION,
                "signatory_name": settings.TANGGUH_AWARD_SIGNATORY_NAME,
            },
        )


def awards_pdf(publication: Publication, rows: Sequence[PublishedRow]) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    html = awards_html(publication, rows)
    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_network).write_pdf())
