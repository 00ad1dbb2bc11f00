"""Horizontal bar charts as inline SVG, drawn by our own few lines.

Why not a plotting library: matplotlib is not in our pinned stack, and inline
SVG is sharp in the PDF (WeasyPrint draws it as vectors, its text stays text
in the Noto CJK font) and in the browser, with no image files to manage.
Every label passes through `escape`; the markup around it is ours, which is
why the result may be marked safe.

Labels are printed whole: a long one wraps onto as many lines as it needs
beside its bars (SVG has no text wrapping, so the width of each character is
estimated: a CJK character is a full em, other characters about half). A chart
without a single non-zero value says "无数据" instead of drawing empty axes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#0b3d91", "#8fb3e8", "#b26a00", "#1b7f3b"]
FONT = "Noto Sans CJK SC, sans-serif"
FONT_SIZE = 11
LINE = 13  # px between the lines of a wrapped label


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: list[str]
    # (series name, one value per label)
    series: list[tuple[str, list[int]]]

    @property
    def empty(self) -> bool:
        return not any(v for _, values in self.series for v in values)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width in px: wide (CJK) characters one em, others ~0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """Lines of at most `width` px: breaks at spaces where it can, inside a
    word (or between CJK characters) where it must."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if text_width(line + char, size) > width and line:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines


def render_svg(chart: BarChart, *, width: int = 640, label_width: int = 230) -> SafeString:
    if chart.empty:
        return _no_data(chart, width)
    bar, gap, pad = 12, 8, 6
    label_lines = [wrap(label, label_width - 10) for label in chart.labels]
    # The legend wraps too: each entry takes its estimated width.
    legend: list[tuple[float, float, int, str]] = []  # x, y, series index, name
    x, y_legend = float(label_width), 13.0
    for i, (name, _values) in enumerate(chart.series):
        entry = 14 + text_width(name) + 18
        if x + entry > width and x > label_width:
            x, y_legend = float(label_width), y_legend + LINE + 4
        legend.append((x, y_legend, i, name))
        x += entry
    legend_h = y_legend + 9
    bars_h = bar * len(chart.series)
    rows_h = [max(bars_h, LINE * len(lines)) + gap for lines in label_lines]
    height = legend_h + sum(rows_h) + pad * 2
    top = max([v for _name, values in chart.series for v in values] + [1])
    widest = text_width(f"{top:,}")
    plot_w = width - label_width - widest - 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height:.0f}" width="100%" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for lx, ly, i, name in legend:
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{lx:.0f}" y="{ly - 9:.0f}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14:.0f}" y="{ly:.0f}">{escape(name)}</text>')
    y = legend_h + pad
    for row, lines in enumerate(label_lines):
        row_h = rows_h[row] - gap
        first = y + (row_h - LINE * len(lines)) / 2 + LINE - 3
        for n, line in enumerate(lines):
            parts.append(f'<text x="{label_width - 6}" y="{first + n * LINE:.0f}" '
                         f'text-anchor="end">{escape(line)}</text>')
        bars_top = y + (row_h - bars_h) / 2
        for i, (_name, values) in enumerate(chart.series):
            value = values[row]
            length = plot_w * value / top
            by = bars_top + i * bar
            parts.append(f'<rect class="bar" x="{label_width}" y="{by:.0f}" width="{length:.1f}" '
                         f'height="{bar - 2}" fill="{PALETTE[i % len(PALETTE)]}"/>')
            parts.append(f'<text x="{label_width + length + 4:.1f}" y="{by + bar - 3:.0f}">'
                         f"{value:,}</text>")
        y += rows_h[row]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 # nosec B308 B703 # every text node above is escaped


def _no_data(chart: BarChart, width: int) -> SafeString:
    height = 48
    return mark_safe(  # noqa: S308 # nosec B308 B703 # the title and the words are escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart no-data" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT}" '
        f'font-size="{FONT_SIZE + 2}"><title>{escape(chart.title)}</title>'
        f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" fill="#f6f8fa" '
        f'stroke="#d0d7de"/><text x="{width / 2:.0f}" y="{height / 2 + 5:.0f}" '
        f'text-anchor="middle" fill="#59636e">{escape(_("无数据"))}</text></svg>')
