"""The KPI chart: measured values against the straight path from baseline to target.

The x axis is the strategy period; the dashed line runs from the baseline at the start to the
target at the end (the path the status rule measures against), the solid line with dots joins
the measurements. Pure: data in, SVG out; the page shows the same numbers in a table.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

from django.utils.formats import date_format

from clusterhub.common.charts import BAR_COLOUR
from clusterhub.common.charts import GRID_COLOUR
from clusterhub.common.charts import TEXT_COLOUR
from clusterhub.common.numbers import format_number

TARGET_COLOUR = "#8a4b00"  # contrast >= 4.5:1 on white


def _label(value: Decimal) -> str:
    # In the active language ("1 250,5" in Latvian); whole values without a decimal.
    return format_number(value, 0 if value == value.to_integral_value() else 1)


def kpi_chart(
    *,
    title: str,
    start: date,
    end: date,
    baseline: Decimal,
    target: Decimal,
    points: Sequence[tuple[date, Decimal]],
    width: int = 560,
    height: int = 220,
) -> str:
    left, right, top, bottom = 56, 16, 16, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [baseline, target, *(v for _, v in points)]
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    span_days = max((end - start).days, 1)

    def x(day: date) -> float:
        days = min(max((day - start).days, 0), span_days)
        return left + plot_w * days / span_days

    def y(value: Decimal) -> float:
        return top + plot_h * float((high - value) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart kpi-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_describe(baseline, target, points))}</desc>",
    ]
    # Axes and the low/high value labels.
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{GRID_COLOUR}"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{GRID_COLOUR}"/>'
    )
    for value in (low, high):
        parts.append(
            f'<text x="{left - 6}" y="{y(value):.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="11" fill="{TEXT_COLOUR}">{escape(_label(value))}</text>'
        )
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{height - 12}" text-anchor="{anchor}" font-size="11" '
            f'fill="{TEXT_COLOUR}">{_day(day)}</text>'
        )
    # The path to the target.
    parts.append(
        f'<line x1="{x(start):.1f}" y1="{y(baseline):.1f}" x2="{x(end):.1f}" y2="{y(target):.1f}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    # The measurements.
    if points:
        coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{BAR_COLOUR}" stroke-width="2"/>'
        )
        for day, value in points:
            parts.append(
                f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="3.5" fill="{BAR_COLOUR}">'
                f"<title>{_day(day)}: {escape(_label(value))}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _day(day: date) -> str:
    """A date as the pages write it in the active language (clusterhub/formats/)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def _describe(baseline: Decimal, target: Decimal, points: Sequence[tuple[date, Decimal]]) -> str:
    text = f"baseline {_label(baseline)}, target {_label(target)}"
    if points:
        day, value = points[-1]
        text += f", latest {_label(value)} on {_day(day)}"
    return text
