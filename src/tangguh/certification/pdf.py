"""A certificate as a printable PDF (WeasyPrint): the official document, in Indonesian.

Page one is the certificate (number, holder, scheme, dates, the issuing body's signatory
and a QR code to its public verification page); page two lists the competency units and
how the holder was examined. The wording is the document's own, Indonesian with an
English line under the main phrases (as Indonesian certificates are), whatever the
reader's language; dates are Indonesian ("30 November 2026"). A revoked certificate's
PDF is stamped as such. Nothing is fetched while rendering: the QR code is inline SVG.
"""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tangguh.people.parsing.nip import format_nip

from .models import Certificate
from .public_urls import verify_url


def qr_svg(url: str, *, scale: int = 3) -> str:
    """The QR code of ``url`` as inline SVG (error correction M: survives a crease)."""
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2))


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"no resource is fetched for a certificate: {url}")


def certificate_html(certificate: Certificate) -> str:
    link = verify_url(certificate.number)
    version = certificate.scheme_version
    participation = certificate.participation
    with translation.override("id"):
        return render_to_string(
            "certification/certificates/certificate_pdf.html",
            {
                "c": certificate,
                "version": version,
                "units": list(version.units.order_by("order", "code")),
                "participation": participation,
                "batch": participation.batch if participation else None,
                "nip": format_nip(certificate.nip),
                "verify_url": link,
                "qr": mark_safe(qr_svg(link)),  # noqa: S308 - segno's own SVG, no user text
                "revoked": certificate.revoked_at is not None,
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    document = weasyprint.HTML(string=certificate_html(certificate), url_fetcher=_no_network)
    return bytes(document.write_pdf())
