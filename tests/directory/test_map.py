"""The server-drawn map: projection, frame, crowded points, escaping."""

from clusterhub.directory.svgmap import HEIGHT
from clusterhub.directory.svgmap import WIDTH
from clusterhub.directory.svgmap import Point
from clusterhub.directory.svgmap import in_frame
from clusterhub.directory.svgmap import project
from clusterhub.directory.svgmap import render_map


def test_projection_puts_places_where_they_belong():
    riga = project(24.105, 56.950)
    lisbon = project(-9.14, 38.72)
    helsinki = project(24.94, 60.17)
    assert 0 < riga[0] < WIDTH and 0 < riga[1] < HEIGHT
    assert lisbon[0] < riga[0] and lisbon[1] > riga[1]  # west and south of Riga
    assert helsinki[1] < riga[1] and abs(helsinki[0] - riga[0]) < 15  # straight north
    assert project(-25, 72) == (0.0, 0.0)
    assert project(45, 34) == (WIDTH, HEIGHT)


def test_points_outside_the_frame_are_left_out():
    assert not in_frame(-60.0, 45.0) and not in_frame(20.0, 80.0) and in_frame(24.1, 56.9)
    svg = str(
        render_map(
            [
                Point("/clusters/1/", "Riga", 56.95, 24.1),
                Point("/clusters/2/", "Quebec", 46.8, -71.2),
            ],
            title="Map",
            description="d",
        )
    )
    assert 'href="/clusters/1/"' in svg
    assert 'href="/clusters/2/"' not in svg


def test_points_on_one_spot_are_spread_so_each_can_be_clicked():
    points = [Point(f"/clusters/{i}/", f"C{i}", 56.95, 24.1) for i in range(3)]
    svg = str(render_map(points, title="Map", description="d"))
    import re

    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert len(centres) == 3 and len(set(centres)) == 3


def test_names_are_escaped():
    svg = str(
        render_map(
            [Point("/clusters/1/", '<script>alert(1)</script> "A&B"', 56.95, 24.1)],
            title="<b>Map</b>",
            description="d",
        )
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;A&amp;B&quot;" in svg


def test_a_point_placed_by_country_only_is_hollow():
    svg = str(
        render_map(
            [
                Point("/clusters/1/", "Exact", 56.95, 24.1),
                Point("/clusters/2/", "Country", 61.0, 15.5, approximate=True),
            ],
            title="Map",
            description="d",
        )
    )
    assert svg.count('fill="#ffffff" stroke="#b3261e"') == 1
    assert svg.index('fill="#ffffff"') > svg.index('href="/clusters/2/"')


def test_a_crowd_of_points_ends_with_no_two_overlapping():
    import math
    import re

    from clusterhub.directory.svgmap import SPACING

    # Ten clusters in and around Riga, three of them at the very same address.
    spots = [(56.95, 24.1)] * 3 + [(56.95 + i * 0.03, 24.1 + i * 0.05) for i in range(1, 8)]
    points = [Point(f"/clusters/{i}/", f"C{i}", lat, lon) for i, (lat, lon) in enumerate(spots)]
    svg = str(render_map(points, title="Map", description="d"))
    centres = [(float(x), float(y)) for x, y in re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert len(centres) == 10
    closest = min(math.dist(a, b) for n, a in enumerate(centres) for b in centres[n + 1 :])
    assert closest >= SPACING - 0.2
