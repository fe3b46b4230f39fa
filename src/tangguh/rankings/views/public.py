"""The public page of a published ranking (no login): the target of an award
certificate's QR code. It shows what a reader of the certificate needs to check it:
the award, the period, the version, the winners with their values, the content hash,
whether the stored table still matches it, and whether a newer version corrects it.
No personal data: institutions only, not who published.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from .. import snapshot
from ..models import Publication, PublishedRow
from .publications import published_name, published_value

_HASH = re.compile(r"^[0-9a-f]{64}$")


class AwardPublicView(View):
    def get(self, request: HttpRequest, content_hash: str) -> HttpResponse:
        if not _HASH.match(content_hash):
            raise Http404
        publication = (
            Publication.objects.select_related("category").filter(content_hash=content_hash).first()
        )
        if publication is None:
            raise Http404
        unit = publication.definition.get("unit", "count")
        winners = [
            {**row, "shown": published_value(row["value"], unit)}
            for row in PublishedRow.objects.filter(publication=publication, awarded=True)
            .order_by("position")
            .values("rank", "institution_code", "institution_name", "value")
        ]
        newer = (
            Publication.objects.filter(supersedes=publication)
            .values_list("content_hash", "version")
            .first()
        )
        return render(
            request,
            "rankings/public/award.html",
            {
                "title": published_name(publication),
                "p": publication,
                "name": published_name(publication),
                "winners": winners,
                "newer": newer,
                "verified": snapshot.verify(publication),
            },
        )
