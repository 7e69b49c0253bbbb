"""The county report's charts: SVG drawn on the server with pygal (issue 20), no script in
them, shown as images beside the table that holds the same numbers (the table is what a
screen reader reads; the image has a short text alternative)."""

import base64
import hashlib
import re

import pygal
from django.utils.translation import gettext
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#d0d0d0",
    colors=("#1f5f8b", "#c8553d", "#4a7c59"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    value_font_size=10,
    title_font_size=13,
    guide_stroke_color="#e3e3e3",
    major_guide_stroke_color="#e3e3e3",
    guide_stroke_dasharray="0",
    major_guide_stroke_dasharray="0",
)
ROW_HEIGHT = 22
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _drawn(chart) -> str:
    """The chart's SVG without pygal's script, named after what it draws: pygal names each
    drawing with a random id, so the same figures gave a different SVG on every request; named
    by its content, the same report gives the same page and the same PDF (report_files caches
    the PDF by its HTML)."""
    chart.uuid = "samsyn-drawing"
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    name = "chart-" + hashlib.sha256(svg.encode()).hexdigest()[:16]
    return svg.replace("chart-samsyn-drawing", name)


def bar_chart_svg(*, labels: list[str], series: dict[str, list]) -> str:
    """Horizontal bars, one group per label, one colour per series; None draws no bar."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        width=720,
        height=60 + ROW_HEIGHT * max(len(labels), 1) * max(len(series), 1),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=True,
        truncate_label=-1,
        js=[],
        disable_xml_declaration=True,
        margin=8,
        no_data_text=gettext("No figures to draw"),
    )
    # pygal draws the first label at the bottom: reversed, the chart reads as the table does.
    chart.x_labels = labels[::-1]
    numbers = [v for values in series.values() for v in values if v is not None]
    if numbers and all(isinstance(v, int) for v in numbers):
        step = max(1, -(-max(numbers) // 8))  # whole cases: whole ticks, about eight of them
        chart.y_labels = list(range(0, max(numbers) + step, step))
    for name, values in series.items():
        chart.add(name, values[::-1])
    # pygal always writes its interactive config as a script; an image needs none.
    return _drawn(chart)


def column_chart_svg(*, labels: list[str], series: dict[str, list]) -> str:
    """Upright columns over time (one group per year, one colour per series)."""
    chart = pygal.Bar(
        style=STYLE,
        width=720,
        height=320,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=True,
        js=[],
        disable_xml_declaration=True,
        margin=8,
        no_data_text=gettext("No figures to draw"),
    )
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _drawn(chart)


def svg_data_uri(svg: str) -> str:
    """An SVG as an image address, which the page's CSP (img-src data:) and WeasyPrint take."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def table_chart(table) -> str:
    """The chart of a report table (report.Table): its first column, or the municipalities'
    and the region's columns side by side where it has them."""
    labels = [row.name for row in table.rows]
    columns = [str(c) for c in table.columns]
    if table.kind == "sides":  # a provider's compilation: as reporter, as receiver
        series = {columns[i]: [r.values[i] for r in table.rows] for i in (0, 1)}
        return svg_data_uri(bar_chart_svg(labels=labels, series=series))
    if table.kind == "trend":
        series = {columns[i]: [r.values[i] for r in table.rows] for i in (1, 2)}
        return svg_data_uri(column_chart_svg(labels=labels, series=series))
    if len(columns) == 3 and table.kind == "by_party":
        series = {columns[1]: [r.values[1] for r in table.rows]}
        series[columns[2]] = [r.values[2] for r in table.rows]
    else:
        index = table.chart_column
        series = {columns[index]: [r.values[index] for r in table.rows]}
    return svg_data_uri(bar_chart_svg(labels=labels, series=series))
