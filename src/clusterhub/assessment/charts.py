"""SVG charts the assessment needs that common/charts.py lacks: a radar of the areas and a
percentile strip per area/indicator. Pure functions, escaped labels, role="img" with a title;
pages show the same numbers in a table beside each chart."""

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from math import cos
from math import pi
from math import sin

from clusterhub.common.numbers import format_number

OWN = "#1f5f8b"
PEER = "#b45309"
GRID = "#c9d1d9"
TEXT = "#1b1f24"


def _id(title: str) -> str:
    return "chart-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def radar_chart(
    axes: Sequence[tuple[str, Decimal]],
    *,
    title: str,
    compare: Sequence[Decimal | None] | None = None,
    own_label: str = "",
    compare_label: str = "",
    size: int = 420,
) -> str:
    """A radar (spider) chart of percentages 0-100, one axis per area; `compare` draws a second
    polygon (a peer median or an earlier assessment) dashed."""
    n = max(len(axes), 3)
    # Labels sit outside the circle left and right, so the canvas is wider than it is tall.
    width = size + 380
    cx, cy = width / 2, size / 2
    radius = size / 2 - 50
    tid = _id(title)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -pi / 2 + 2 * pi * i / n
        r = radius * max(0.0, min(value, 100.0)) / 100
        return cx + r * cos(angle), cy + r * sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{tid}" viewBox="0 0 {width} {size + 30}" width="{width}" '
        f'height="{size + 30}" font-family="sans-serif" font-size="11">',
        f'<title id="{tid}">{escape(title)}</title>',
    ]
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(
            f'<text x="{x + 3:.1f}" y="{y + 10:.1f}" fill="#555" font-size="9">{ring}</text>'
        )
    for i, (label, _value) in enumerate(axes):
        x, y = point(i, 100)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        lx, ly = point(i, 112)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" fill="{TEXT}">'
            f"{escape(_short(label, 34))}</text>"
        )
    if compare is not None and any(v is not None for v in compare):
        pts = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, float(v or 0)) for i, v in enumerate(compare))
        )
        parts.append(
            f'<polygon points="{pts}" fill="{PEER}" fill-opacity="0.08" stroke="{PEER}" '
            f'stroke-width="2" stroke-dasharray="5 3"/>'
        )
    pts = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (point(i, float(v)) for i, (_l, v) in enumerate(axes))
    )
    parts.append(
        f'<polygon points="{pts}" fill="{OWN}" fill-opacity="0.18" stroke="{OWN}" stroke-width="2"/>'
    )
    legend_y = size + 18
    if own_label:
        parts.append(f'<rect x="190" y="{legend_y - 9}" width="14" height="4" fill="{OWN}"/>')
        parts.append(f'<text x="210" y="{legend_y}" fill="{TEXT}">{escape(own_label)}</text>')
    if compare_label and compare is not None:
        parts.append(
            f'<rect x="{width / 2 + 20}" y="{legend_y - 9}" width="14" height="4" fill="{PEER}"/>'
        )
        parts.append(
            f'<text x="{width / 2 + 40}" y="{legend_y}" fill="{TEXT}">{escape(compare_label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def percentile_chart(
    rows: Sequence[tuple[str, Decimal | None]],
    *,
    title: str,
    width: int = 560,
    label_width: int = 220,
    row_height: int = 22,
) -> str:
    """One strip per row from 0 to 100 with a dot at the percentile; quartile lines marked."""
    plot = width - label_width - 50
    height = len(rows) * row_height + 24
    tid = _id(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{tid}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="sans-serif" font-size="11">',
        f'<title id="{tid}">{escape(title)}</title>',
    ]
    for q in (0, 25, 50, 75, 100):
        x = label_width + plot * q / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#555">{q}</text>'
        )
    for i, (label, pct) in enumerate(rows):
        y = 4 + i * row_height + row_height / 2
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_short(label, 34))}</text>"
        )
        parts.append(
            f'<line x1="{label_width}" y1="{y:.1f}" x2="{label_width + plot}" y2="{y:.1f}" '
            f'stroke="#e5e9ee" stroke-width="6"/>'
        )
        if pct is not None:
            x = label_width + plot * float(pct) / 100
            parts.append(
                f'<line x1="{label_width}" y1="{y:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                f'stroke="{OWN}" stroke-width="6"/>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{OWN}"/>'
                f'<text x="{label_width + plot + 8}" y="{y + 4:.1f}" fill="{TEXT}">{format_number(pct)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
