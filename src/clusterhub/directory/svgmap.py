"""The directory map: an inline SVG drawn on the server from stored coordinates.

An equirectangular projection with longitudes shrunk by the cosine of 54°N (the middle of the
frame), which keeps the Baltic and Iberia in recognisable shape over 25°W-45°E, 34°N-72°N.
The land is the hand-traced outline in directory/outline.py; each cluster is a point that links
to its page, with a <title> (tooltip, read by screen readers) and an aria-label. The page lists
the same clusters as text under the map, for those who cannot use it.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from clusterhub.directory.outline import CONTEXT
from clusterhub.directory.outline import EUROPE
from clusterhub.directory.outline import Ring

WEST, EAST, SOUTH, NORTH = -25.0, 45.0, 34.0, 72.0
SHRINK = math.cos(math.radians(54.0))
WIDTH = 800.0
SCALE = WIDTH / ((EAST - WEST) * SHRINK)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)
HOLLOW = SafeString(' fill="#ffffff" stroke="#b3261e"')
# Least distance between two points' centres (a point is 12 px wide with its outline).
SPACING = 15.0
PUSH_ROUNDS = 30


@dataclass(frozen=True)
class Point:
    url: str
    name: str
    latitude: Decimal | float
    longitude: Decimal | float
    # Placed at the country's centre for want of coordinates: drawn hollow.
    approximate: bool = False


def project(longitude: float, latitude: float) -> tuple[float, float]:
    x = (longitude - WEST) * SHRINK * SCALE
    y = (NORTH - latitude) * SCALE
    return round(x, 1), round(y, 1)


def in_frame(longitude: float, latitude: float) -> bool:
    return WEST <= longitude <= EAST and SOUTH <= latitude <= NORTH


def _path(ring: Ring) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    head, *rest = points
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


def _spread(placed: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points moved apart until no two overlap, so each stays visible and clickable.

    Points on (almost) the same spot first go onto a small ring around it; then any two still
    closer than SPACING are pushed apart along the line between them, a few rounds at most.
    """
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(placed):
        for group in groups:
            gx, gy = placed[group[0]]
            if abs(gx - x) < 1 and abs(gy - y) < 1:
                group.append(i)
                break
        else:
            groups.append([i])
    points = [list(p) for p in placed]
    for group in groups:
        if len(group) < 2:
            continue
        cx, cy = placed[group[0]]
        radius = max(SPACING / 2, SPACING * len(group) / (2 * math.pi))
        for n, i in enumerate(group):
            angle = 2 * math.pi * n / len(group)
            points[i] = [cx + radius * math.cos(angle), cy + radius * math.sin(angle)]
    for _round in range(PUSH_ROUNDS):
        cells: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(points):
            cells.setdefault((int(x // SPACING), int(y // SPACING)), []).append(i)
        moved = False
        for i, (x, y) in enumerate(points):
            cx, cy = int(x // SPACING), int(y // SPACING)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in cells.get((cx + dx, cy + dy), ()):
                        if j <= i:
                            continue
                        vx, vy = points[j][0] - points[i][0], points[j][1] - points[i][1]
                        dist = math.hypot(vx, vy)
                        if dist >= SPACING:
                            continue
                        if dist == 0:
                            vx, vy, dist = 1.0, 0.0, 1.0
                        push = (SPACING - dist) / 2 / dist
                        points[i][0] -= vx * push
                        points[i][1] -= vy * push
                        points[j][0] += vx * push
                        points[j][1] += vy * push
                        moved = True
        if not moved:
            break
    return [(round(x, 1), round(y, 1)) for x, y in points]


def render_map(points: list[Point], *, title: str, description: str) -> SafeString:
    """The SVG element; points outside the frame are left out (the list below still has them)."""
    shown = [p for p in points if in_frame(float(p.longitude), float(p.latitude))]
    placed = _spread([project(float(p.longitude), float(p.latitude)) for p in shown])
    parts = [
        format_html(
            '<svg class="directory-map" viewBox="0 0 {} {}" role="group" '
            'aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="map-title">{}</title><desc id="map-desc">{}</desc>'
            '<rect x="0" y="0" width="{}" height="{}" fill="#e8f1f8"/>',
            int(WIDTH),
            HEIGHT,
            title,
            description,
            int(WIDTH),
            HEIGHT,
        ),
        SafeString('<g fill="#eeebe4" stroke="#c9c2b3" stroke-width="0.8" aria-hidden="true">'),
        *(format_html('<path d="{}"/>', _path(ring)) for ring in CONTEXT),
        SafeString('</g><g fill="#dcd6c8" stroke="#9d937c" stroke-width="0.8" aria-hidden="true">'),
        *(format_html('<path d="{}"/>', _path(ring)) for ring in EUROPE),
        SafeString('</g><g fill="#b3261e" stroke="#ffffff" stroke-width="2">'),
    ]
    for point, (x, y) in zip(shown, placed, strict=True):
        parts.append(
            format_html(
                '<a href="{}" aria-label="{}"><title>{}</title>'
                '<circle cx="{}" cy="{}" r="6"{}/></a>',
                point.url,
                point.name,
                point.name,
                x,
                y,
                HOLLOW if point.approximate else "",
            )
        )
    parts.append(SafeString("</g></svg>"))
    # Every part is already safe: the join keeps it so without escaping it again.
    return format_html_join("", "{}", ((part,) for part in parts))
