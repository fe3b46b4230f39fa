"""The Rakornas dashboard as a printable report (WeasyPrint, A4 portrait).

ECharts does not run in WeasyPrint, so the charts are drawn here as inline SVG: the
leaders as horizontal bars, their values per year as lines. Each chart keeps its table
beside it, as on the page. The report is in the reader's language; nothing is fetched
while rendering.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .registry import display_value
from .selectors_dashboard import Panel, short_names

PALETTE = ("#0b4f6c", "#2a9d8f", "#e9a23b", "#c8553d", "#6d597a")
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"no resource is fetched for the Rakornas report: {url}")


def bars_svg(items: list[tuple[str, Decimal, str]], *, width: int = 680) -> SafeString:
    """Horizontal bars: (label, value, the value as shown), largest scale = the largest value."""
    row, label_w, value_w = 19, 170, 120
    bar_w = width - label_w - value_w
    top = max((value for _l, value, _s in items), default=Decimal(0))
    height = row * len(items) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for index, (label, value, shown) in enumerate(items):
        y = index * row + 2
        length = 0.0 if top <= 0 else float(value / top) * bar_w
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="9" {FONT} '
            f'fill="#334155">{escape(label[:32])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{max(length, 0.5):.1f}" height="{row - 7}" '
            f'rx="2" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + 13}" font-size="8.5" {FONT} '
            f'fill="#334155">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def line_svg(
    years: list[int], lines: list[tuple[str, list[Decimal]]], *, unit: str, width: int = 680
) -> SafeString:
    """One line per leader across ``years``, with a legend under the plot; the axis
    names its top value as the page shows values ("Rp 143.000.000.000")."""
    left, right, top_pad, plot_h = 24, 24, 16, 150
    legend_h = 14 * len(lines) + 6
    height = top_pad + plot_h + 22 + legend_h
    top = max((v for _n, values in lines for v in values), default=Decimal(0))
    scale = float(top) or 1.0
    step = (width - left - right) / max(len(years) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
        f'y2="{top_pad + plot_h}" stroke="#94a3b8" stroke-width="0.8"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{width - right}" y2="{top_pad}" '
        f'stroke="#e2e8f0" stroke-width="0.8"/>',
        f'<text x="{left}" y="{top_pad - 4}" font-size="7.5" {FONT} '
        f'fill="#64748b">{escape(display_value(top, unit))}</text>',
        f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end" font-size="7.5" '
        f'{FONT} fill="#64748b">0</text>',
    ]
    for index, year in enumerate(years):
        x = left + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_h + 13}" text-anchor="middle" '
            f'font-size="8" {FONT} fill="#334155">{year}</text>'
        )
    for n, (name, values) in enumerate(lines):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{left + i * step:.1f},{top_pad + plot_h - float(v) / scale * plot_h:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.8"/>'
        )
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{left + i * step:.1f}" '
                f'cy="{top_pad + plot_h - float(v) / scale * plot_h:.1f}" r="2" fill="{colour}"/>'
            )
        y = top_pad + plot_h + 26 + n * 14
        parts.append(
            f'<rect x="{left}" y="{y}" width="10" height="8" fill="{colour}"/>'
            f'<text x="{left + 15}" y="{y + 8}" font-size="8.5" {FONT} fill="#334155">'
            f"{escape(name[:60])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def report_html(panels: list[Panel]) -> str:
    names = short_names(panels)
    sections = []
    for panel in panels:
        unit = panel.unit
        leaders = panel.leaders
        bars = bars_svg(
            [
                (
                    names.get(r.institution_id, r.institution_name),
                    r.value,
                    display_value(r.value, unit),
                )
                for r in leaders
            ]
        )
        line = None
        if panel.trend is not None:
            line = line_svg(
                panel.trend.years,
                [
                    (names.get(row.institution_id, row.institution_name), values)
                    for row, values in panel.trend.lines
                ],
                unit=unit,
            )
        sections.append({"panel": panel, "bars": bars, "line": line})
    return render_to_string(
        "rankings/dashboard/report_pdf.html",
        {"sections": sections, "printed_at": timezone.localtime()},
    )


def report_pdf(panels: list[Panel]) -> bytes:
    import weasyprint  # heavy: loaded on the first download only

    document = weasyprint.HTML(string=report_html(panels), url_fetcher=_no_network)
    return bytes(document.write_pdf())
