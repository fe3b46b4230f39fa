"""The needs analysis (AKPK) as the PDF an institution files (WeasyPrint, A4 landscape).

Indonesian whatever the reader's language (the document is filed with Indonesian
authorities): the header names the institution, the year, the data's date and the
dictionary versions used; one row per competency with the people short by gap size,
the suggested development, JP and cost; the totals, the approved personal plans'
total beside them when there are plans, and a signature block. Nothing is fetched
while rendering.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .exports_needs import GAP_SIZES, _gap_counts, programmes_text, versions_text
from .models import NeedsAnalysis, NeedsLine
from .selectors_needs import PlanTotals, totals


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"no resource is fetched for a needs analysis: {url}")


def needs_html(analysis: NeedsAnalysis, lines: list[NeedsLine], plans: PlanTotals | None) -> str:
    with translation.override("id"):
        rows = [
            {
                "line": line,
                "gaps": _gap_counts(line),
                "programmes": programmes_text(line),
                "jp_all": line.estimated_jp * line.people,
            }
            for line in lines
        ]
        return render_to_string(
            "competencies/needs_pdf.html",
            {
                "analysis": analysis,
                "rows": rows,
                "gap_sizes": GAP_SIZES,
                "totals": totals(lines),
                "plans": plans,
                "versions": versions_text(analysis),
                "data_as_of": timezone.localtime(analysis.data_as_of),
                "printed": timezone.localtime(),
            },
        )


def needs_pdf(analysis: NeedsAnalysis, lines: list[NeedsLine], plans: PlanTotals | None) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    html = needs_html(analysis, lines, plans)
    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_network).write_pdf())
