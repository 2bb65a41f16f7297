"""SVG charts of a funded project: plan against spending, and the work plan timeline.

Like common/charts.py: pure functions, data in and an SVG string out, every label escaped, each
chart with role="img" and a <title>; pages show the same figures in a table beside the chart.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterhub.common.charts import GRID_COLOUR
from clusterhub.common.charts import TEXT_COLOUR
from clusterhub.common.numbers import format_number

PLAN_COLOUR = "#8a9aab"
SPENT_COLOUR = "#1f5f8b"
OVER_COLOUR = "#b3261e"
WP_COLOUR = "#1f5f8b"
TODAY_COLOUR = "#b3261e"
# The plan chart's default legend: lazy, so translated into the language active when drawn.
PLANNED = _("planned")
SPENT = _("spent")


def _head(width: int, height: int, title: str, description: str = "") -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    if description:
        parts.append(f"<desc>{escape(description)}</desc>")
    return parts


def _money(value: Decimal) -> str:
    """Whole euros with the language's grouping ("12 500" in Latvian); the chart says EUR."""
    return format_number(value, 0)


def plan_vs_spent(
    items: Sequence[tuple[str, Decimal, Decimal]],
    *,
    title: str,
    plan_label: str | Promise = PLANNED,
    spent_label: str | Promise = SPENT,
    width: int = 640,
) -> str:
    """Pairs of bars per label: planned (grey) and spent (blue, red past the plan)."""
    label_width, bar, gap = 220, 11, 10
    plot = width - label_width - 90
    largest = max([max(p, s) for _, p, s in items] or [Decimal(0)])
    height = max(len(items), 1) * (2 * bar + gap) + gap + 18
    parts = _head(width, height, title)
    legend_y = height - 6
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 9}" width="10" height="10" fill="{PLAN_COLOUR}"/>'
        f'<text x="{label_width + 14}" y="{legend_y}" font-size="11" fill="{TEXT_COLOUR}">{escape(str(plan_label))}</text>'
        f'<rect x="{label_width + 80}" y="{legend_y - 9}" width="10" height="10" '
        f'fill="{SPENT_COLOUR}"/><text x="{label_width + 94}" y="{legend_y}" font-size="11" '
        f'fill="{TEXT_COLOUR}">{escape(str(spent_label))}</text>'
    )
    for i, (label, planned, spent) in enumerate(items):
        y = gap + i * (2 * bar + gap)
        lp = 0 if largest <= 0 else float(planned) / float(largest) * plot
        ls = 0 if largest <= 0 else float(spent) / float(largest) * plot
        colour = OVER_COLOUR if spent > planned else SPENT_COLOUR
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar + 4}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{lp:.1f}" height="{bar}" fill="{PLAN_COLOUR}"/>'
            f'<rect x="{label_width}" y="{y + bar}" width="{ls:.1f}" height="{bar}" fill="{colour}"/>'
            f'<text x="{label_width + max(lp, ls) + 4:.1f}" y="{y + bar + 4}" font-size="11" '
            f'fill="{TEXT_COLOUR}">{_money(spent)} / {_money(planned)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def cumulative_spending(
    points: Sequence[tuple[int, Decimal, Decimal]],
    *,
    title: str,
    current_month: int | None = None,
    width: int = 640,
    height: int = 240,
) -> str:
    """Cumulative planned (dashed) and actual (solid) costs by project month."""
    left, bottom, top, right = 70, 28, 12, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    largest = max([max(p, a) for _, p, a in points] or [Decimal(1)]) or Decimal(1)
    n = max(len(points), 1)

    def xy(index: int, value: Decimal) -> str:
        x = left + plot_w * (index + 1) / n
        y = top + plot_h - plot_h * float(value) / float(largest)
        return f"{x:.1f},{y:.1f}"

    parts = _head(width, height, title)
    for k in range(5):
        value = largest * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}"/><text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="10" fill="{TEXT_COLOUR}">{_money(value)}</text>'
        )
    for i, (month, _p, _a) in enumerate(points):
        if month == 1 or month % 3 == 0:
            x = left + plot_w * (i + 1) / n
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT_COLOUR}">M{month}</text>'
            )
    shown = [p for p in points if current_month is None or p[0] <= current_month]
    plan = " ".join(xy(i, p) for i, (_m, p, _a) in enumerate(points))
    actual = " ".join(xy(i, a) for i, (_m, _p, a) in enumerate(shown))
    parts.append(
        f'<polyline points="{plan}" fill="none" stroke="{PLAN_COLOUR}" stroke-width="2" '
        f'stroke-dasharray="5 4"/>'
    )
    if actual:
        parts.append(
            f'<polyline points="{actual}" fill="none" stroke="{SPENT_COLOUR}" stroke-width="2.5"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline(
    *,
    months: int,
    start: date,
    bars: Sequence[tuple[str, int, int]],
    markers: Sequence[tuple[str, int, str]],
    today: date | None = None,
    title: str,
    width: int = 900,
) -> str:
    """A Gantt-like chart: one bar per work package (label, start month, end month), markers
    (label, due month, kind "deliverable" or "milestone") on their work package's row or below,
    and a line at today's position."""
    left, top, row, right = 250, 24, 26, 12
    plot_w = width - left - right
    col = plot_w / months
    marker_rows = len(markers)
    height = top + (len(bars) + marker_rows) * row + 12
    parts = _head(width, height, title)
    for m in range(1, months + 1):
        x = left + (m - 1) * col
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" '
            f'stroke="{GRID_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{x + col / 2:.1f}" y="{top - 8}" text-anchor="middle" font-size="9" '
            f'fill="{TEXT_COLOUR}">{m}</text>'
        )
    for i, (label, first, last) in enumerate(bars):
        y = top + i * row
        x = left + (first - 1) * col
        w = (last - first + 1) * col
        parts.append(
            f'<text x="{left - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(label[:40])}</text>'
            f'<rect x="{x:.1f}" y="{y + 5}" width="{w:.1f}" height="{row - 10}" rx="3" '
            f'fill="{WP_COLOUR}"/>'
        )
    base = top + len(bars) * row
    for j, (label, month, kind) in enumerate(markers):
        y = base + j * row + row / 2
        x = left + (month - 0.5) * col
        if kind == "milestone":
            shape = (
                f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} '
                f'{x - 7:.1f},{y:.1f}" fill="#8a4f00"/>'
            )
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#2e7d32"/>'
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{TEXT_COLOUR}">{escape(label[:42])}</text>{shape}'
        )
    if today is not None:
        from clusterhub.core.grant_money import month_number

        m = month_number(start, today)
        if 1 <= m <= months:
            x = left + (m - 1) * col + col * (today.day - 1) / 31
            parts.append(
                f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" '
                f'stroke="{TODAY_COLOUR}" stroke-width="2"><title>today</title></line>'
            )
    parts.append("</svg>")
    return "".join(parts)
