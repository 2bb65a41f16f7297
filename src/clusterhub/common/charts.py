"""Small SVG charts made on the server, for pages and PDFs alike.

Each function is pure: data in, an SVG string out. Every label is escaped, every chart carries
role="img" with a <title> (and an optional <desc>), so screen readers announce it; pages show the
same numbers in a table beside the chart as the text alternative.
"""

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from clusterhub.common.numbers import format_number
from clusterhub.common.numbers import format_percent

Number = int | float | Decimal

# Colours chosen for contrast >= 4.5:1 against white (text) and >= 3:1 for the bars.
BAR_COLOUR = "#1f5f8b"
TEXT_COLOUR = "#1b1f24"
GRID_COLOUR = "#c9d1d9"


def _fmt(value: Number) -> str:
    """A number as a short label in the active language: integers without decimals, others
    with one ("12,5" in Latvian); coordinates stay machine numbers, only the text is localised."""
    if isinstance(value, int) or (isinstance(value, float | Decimal) and value == int(value)):
        return format_number(int(value), 0)
    return format_number(round(float(value), 1), 1)


def _id_for(title: str) -> str:
    """A stable element id for a chart's title, so several charts on one page do not clash."""
    return "chart-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def horizontal_bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    description: str = "",
    width: int = 560,
    bar_height: int = 22,
    gap: int = 8,
    label_width: int = 240,
    colour: str = BAR_COLOUR,
    chart_id: str = "",
) -> str:
    """A horizontal bar chart of (label, value) pairs, longest bar = largest value.

    Negative values are drawn as zero-length bars (counts and shares are never negative here);
    an empty chart still renders, with its title, so a page layout does not jump.
    """
    value_width = 48
    plot_width = max(width - label_width - value_width, 40)
    largest = max((float(v) for _, v in items), default=0.0)
    height = max(len(items), 1) * (bar_height + gap) + gap
    title_id = chart_id or _id_for(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{title_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    if description:
        parts.append(f"<desc>{escape(description)}</desc>")
    parts.append(
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        amount = max(float(value), 0.0)
        length = 0.0 if largest <= 0 else plot_width * amount / largest
        text_y = y + bar_height / 2
        parts.append(
            f'<text x="{label_width - 6}" y="{text_y:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(_truncate(str(label), label_width // 8))}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{text_y:.1f}" '
            f'dominant-baseline="middle" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(_fmt(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bar(share: Number | None, *, title: str, width: int = 240, height: int = 16) -> str:
    """A single progress-style bar showing a percentage (0-100); None draws an empty track."""
    value = 0.0 if share is None else min(max(float(share), 0.0), 100.0)
    filled = width * value / 100
    label = "–" if share is None else format_percent(share)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart share" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(title)}: {escape(label)}</title>"
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#e6ebf0"/>'
        f'<rect x="0" y="0" width="{filled:.1f}" height="{height}" fill="{BAR_COLOUR}"/>'
        "</svg>"
    )
