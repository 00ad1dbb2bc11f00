"""The SVG bar chart escapes its labels and scales bars to the largest value."""

import re

from qualitycert.reports.charts import BarChart, render_svg, text_width, wrap


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
    assert "无数据" in svg and '<rect class="bar"' not in svg


def test_no_labels_says_no_data():
    assert "无数据" in str(render_svg(BarChart("empty", [], [("n", [])])))


def test_long_labels_are_printed_whole_on_several_lines():
    label = "Management system certification of the whole group 管理体系认证（集团全部）"
    svg = str(render_svg(BarChart("t", [label, "B"], [("n", [3, 4])]), label_width=150))
    lines = re.findall(r'text-anchor="end">([^<]*)</text>', svg)
    assert "…" not in svg
    assert len(lines) > 2  # the long label wraps, "B" takes one line
    assert "".join(lines[:-1]).replace(" ", "") == label.replace(" ", "")
    assert all(text_width(line) <= 150 - 10 for line in lines)


def test_wrap_breaks_at_spaces_and_inside_cjk():
    assert wrap("Food and agricultural", 80) == ["Food and", "agricultural"]
    assert all(text_width(line) <= 33 for line in wrap("产品质量监督抽查合格率", 33))
