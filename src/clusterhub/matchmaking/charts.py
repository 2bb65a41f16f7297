"""The value-chain network map as SVG: one column per stage, members as nodes coloured by
NACE section, collaborations as solid edges and strong recommendations as dashed ones.

The layout is deterministic (columns in stage order, nodes by name), so the same data always
draws the same map and tests can compare it.
"""

from html import escape

from django.utils.translation import gettext as _

from clusterhub.matchmaking.chains import Graph

COLUMN_WIDTH = 190
ROW_HEIGHT = 26
TOP = 56
NODE_R = 6
# NACE Rev. 2.1 section colours with at least 3:1 contrast on white (K holds IT services).
SECTION_COLOURS = {
    "A": "#2e7d32",
    "C": "#8d5a00",
    "G": "#6a1b9a",
    "H": "#1565c0",
    "J": "#ad1457",
    "K": "#c62828",
}
OTHER_COLOUR = "#455a64"
COLLAB_COLOUR = "#1b1f24"
REC_COLOUR = "#7a8591"


def _section(code: str | None) -> str:
    from clusterhub.matchmaking.recommend import section_of

    return section_of(code[:2]) if code else ""


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_svg(graph: Graph, *, title: str) -> str:
    rows = max([len(c) for _name, c in graph.columns] + [1])
    width = COLUMN_WIDTH * max(len(graph.columns), 1) + 20
    height = TOP + rows * ROW_HEIGHT + 40
    pos: dict[int, tuple[int, int]] = {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="vc-map-title" '
        f'class="network-map"><title id="vc-map-title">{escape(title)}</title>'
    ]
    for i, (name, nodes) in enumerate(graph.columns):
        x = 20 + i * COLUMN_WIDTH
        parts.append(
            f'<text x="{x}" y="24" font-size="13" font-weight="bold" fill="#1b1f24">'
            f"{escape(_short(name, 26))}</text>"
        )
        if not nodes:
            parts.append(
                f'<rect x="{x - 4}" y="{TOP - 16}" width="{COLUMN_WIDTH - 20}" height="24" '
                f'fill="#fdecea" stroke="#c62828" stroke-dasharray="4 2"/>'
                f'<text x="{x}" y="{TOP}" font-size="12" fill="#8e1b1b">'
                f"{escape(_('Gap: no member'))}</text>"
            )
        for j, org in enumerate(nodes):
            pos[org.pk] = (x + NODE_R, TOP + j * ROW_HEIGHT)
    for edges, colour, dash in (
        (graph.recommendations, REC_COLOUR, ' stroke-dasharray="4 3"'),
        (graph.collaborations, COLLAB_COLOUR, ""),
    ):
        for a, b in edges:
            if a in pos and b in pos:
                (x1, y1), (x2, y2) = pos[a], pos[b]
                parts.append(
                    f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
                    f'stroke-width="{2 if not dash else 1}"{dash} opacity="0.7"/>'
                )
    for _name, nodes in graph.columns:
        for org in nodes:
            x, y = pos[org.pk]
            colour = SECTION_COLOURS.get(_section(org.primary_nace_id), OTHER_COLOUR)
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{NODE_R}" fill="{colour}">'
                f"<title>{escape(org.name)} ({escape(org.primary_nace_id or '')})</title></circle>"
                f'<text x="{x + 10}" y="{y + 4}" font-size="11" fill="#1b1f24">'
                f"{escape(_short(org.name))}</text>"
            )
    ly = height - 14
    parts.append(
        f'<line x1="20" y1="{ly - 4}" x2="50" y2="{ly - 4}" stroke="{COLLAB_COLOUR}" '
        f'stroke-width="2"/><text x="56" y="{ly}" font-size="11">{escape(_("collaboration"))}'
        f'</text><line x1="180" y1="{ly - 4}" x2="210" y2="{ly - 4}" stroke="{REC_COLOUR}" '
        f'stroke-dasharray="4 3"/><text x="216" y="{ly}" font-size="11">'
        f"{escape(_('strong recommendation'))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
