"""The certificate of completion (STTP, surat tanda tamat pelatihan) as a PDF.

Indonesian, A4 landscape: the person's name and NIP, the programme, its JP, the
session's dates, the organiser, the number and a QR code to the certificate's page for
staff (no public verification of completion certificates yet). The wording is the
document's own, whatever the reader's language. Nothing is fetched while rendering.
"""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tangguh.people.parsing.nip import format_nip

from .models import Enrolment


def qr_svg(url: str, *, scale: int = 3) -> str:
    """The QR code of ``url`` as inline SVG (error correction M: survives a crease)."""
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2))


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"no resource is fetched for a certificate of completion: {url}")


def completion_html(enrolment: Enrolment, *, link: str) -> str:
    session = enrolment.session
    programme = session.programme
    hosts = list(programme.hosts.select_related("institution").order_by("institution__name"))
    with translation.override("id"):
        return render_to_string(
            "development/completion_certificate_pdf.html",
            {
                "e": enrolment,
                "session": session,
                "programme": programme,
                "organiser": session.organiser,
                "cohosts": [h.institution for h in hosts],
                "sender": enrolment.institution,
                "nip": format_nip(enrolment.nip),
                "link": link,
                "qr": mark_safe(qr_svg(link)),  # noqa: S308 - segno's own SVG, no user text
            },
        )


def completion_pdf(enrolment: Enrolment, *, link: str) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    document = weasyprint.HTML(
        string=completion_html(enrolment, link=link), url_fetcher=_no_network
    )
    return bytes(document.write_pdf())
