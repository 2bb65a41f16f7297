"""SVG charts of the training area: competences before and after, and the gain.

Same conventions as common/charts.py: pure functions, escaped labels, role="img" with a title;
pages show the numbers in a table beside each chart.
"""

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from clusterhub.common.charts import GRID_COLOUR
from clusterhub.common.charts import TEXT_COLOUR
from clusterhub.common.numbers import format_number

BEFORE_COLOUR = "#8a9bab"  # 3:1 against white, for bars
AFTER_COLOUR = "#1f5f8b"
SCALE_MAX = 5


def _label(value: Decimal | None) -> str:
    if value is None:
        return "–"
    # In the active language: "3,5" in Latvian; whole scores without a decimal.
    return format_number(value, 0 if value == value.to_integral() else 1)


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def before_after_chart(
    rows: Sequence[tuple[str, Decimal | None, Decimal | None]],
    *,
    title: str,
    before_label: str,
    after_label: str,
    width: int = 620,
    label_width: int = 230,
) -> str:
    """Paired horizontal bars per competence on the 1-5 scale: before (grey), after (blue)."""
    bar, pair_gap, legend = 12, 12, 26
    plot = width - label_width - 40
    height = legend + max(len(rows), 1) * (2 * bar + pair_gap) + 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
        f'<rect x="{label_width}" y="4" width="12" height="12" fill="{BEFORE_COLOUR}"/>'
        f'<text x="{label_width + 16}" y="14" font-size="12" fill="{TEXT_COLOUR}">'
        f"{escape(before_label)}</text>",
        f'<rect x="{label_width + 170}" y="4" width="12" height="12" fill="{AFTER_COLOUR}"/>'
        f'<text x="{label_width + 186}" y="14" font-size="12" fill="{TEXT_COLOUR}">'
        f"{escape(after_label)}</text>",
    ]
    bottom = height - 20
    for tick in range(SCALE_MAX + 1):
        x = label_width + plot * tick / SCALE_MAX
        parts.append(
            f'<line x1="{x:.1f}" y1="{legend}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{x:.1f}" y="{bottom + 14}" font-size="11" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{tick}</text>'
        )
    for index, (label, before, after) in enumerate(rows):
        y = legend + index * (2 * bar + pair_gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar + 4}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(_short(label))}</text>'
        )
        for offset, value, colour in ((0, before, BEFORE_COLOUR), (bar, after, AFTER_COLOUR)):
            length = 0.0 if value is None else plot * float(value) / SCALE_MAX
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" '
                f'height="{bar - 1}" fill="{colour}"/>'
                f'<text x="{label_width + length + 4:.1f}" y="{y + offset + bar - 2}" '
                f'font-size="10" fill="{TEXT_COLOUR}">{escape(_label(value))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
