"""The SVG bar chart escapes its labels and scales bars to the largest value."""

import re

from qualitycert.reports.charts import BarChart, render_svg


def test_labels_are_escaped_and_bars_scaled():
    svg = str(render_svg(BarChart("<b>title</b>", ["<script>x</script>", "B"],
                                  [("2025", [10, 5]), ("2024", [0, 20])])))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg
    widths = [float(w) for w in re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"', svg)]
    # 10, 0 (label 1), 5, 20 (label 2): the longest bar belongs to 20.
    assert max(widths) == widths[3] and widths[1] == 0.0 and widths[0] == 2 * widths[2]


def test_no_values_does_not_divide_by_zero():
    svg = str(render_svg(BarChart("empty", ["A"], [("n", [0])])))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
