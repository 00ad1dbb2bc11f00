"""Horizontal bar charts as inline SVG, drawn by our own few lines.

Why not a plotting library: matplotlib is not in our pinned stack, and inline
SVG is sharp in the PDF (WeasyPrint draws it as vectors, its text stays text
in the Noto CJK font) and in the browser, with no image files to manage.
Every label passes through `escape`; the markup around it is ours, which is
why the result may be marked safe."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b3d91", "#8fb3e8", "#b26a00", "#1b7f3b"]
FONT = "Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: list[str]
    # (series name, one value per label)
    series: list[tuple[str, list[int]]]


def render_svg(chart: BarChart, *, width: int = 640, label_width: int = 230) -> SafeString:
    bar, gap, pad = 12, 8, 6
    per_label = bar * len(chart.series) + gap
    legend_h = 22
    height = legend_h + per_label * len(chart.labels) + pad * 2
    plot_w = width - label_width - 70
    top = max([v for _, values in chart.series for v in values] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT}" font-size="11">',
        f"<title>{escape(chart.title)}</title>",
    ]
    x = label_width
    for i, (name, _) in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
        x += 14 + 8 * len(name) + 24
    y = legend_h + pad
    for row, label in enumerate(chart.labels):
        parts.append(f'<text x="{label_width - 6}" y="{y + per_label / 2 - gap / 2 + 4:.0f}" '
                     f'text-anchor="end">{escape(_shorten(label))}</text>')
        for i, (_, values) in enumerate(chart.series):
            value = values[row]
            length = plot_w * value / top
            by = y + i * bar
            parts.append(f'<rect class="bar" x="{label_width}" y="{by}" width="{length:.1f}" '
                         f'height="{bar - 2}" fill="{PALETTE[i % len(PALETTE)]}"/>')
            parts.append(f'<text x="{label_width + length + 4:.1f}" y="{by + bar - 3}">'
                         f"{value:,}</text>")
        y += per_label
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 # nosec B308 B703 # every text node above is escaped


def _shorten(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
