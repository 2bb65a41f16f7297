"""Great-circle distances against values known independently of the formula."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterhub.core.geo import EARTH_RADIUS_KM
from clusterhub.core.geo import distance_km
from clusterhub.core.types import Point

RIGA = Point(56.9496, 24.1052)
TALLINN = Point(59.4370, 24.7536)
STOCKHOLM = Point(59.3293, 18.0686)


def test_same_point_is_zero_km_apart():
    assert distance_km(RIGA, RIGA) == 0.0


def test_one_degree_of_latitude_is_a_360th_of_the_meridian():
    expected = 2 * math.pi * EARTH_RADIUS_KM / 360
    assert distance_km(Point(0, 0), Point(1, 0)) == pytest.approx(expected, rel=1e-12)
    assert round(expected, 3) == 111.195


def test_a_quarter_of_the_equator():
    expected = math.pi * EARTH_RADIUS_KM / 2
    assert distance_km(Point(0, 0), Point(0, 90)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Point(0, 0), Point(0, 180)),
        (Point(90, 0), Point(-90, 0)),
        (Point(45, 10), Point(-45, -170)),
    ],
)
def test_antipodes_are_half_the_circumference_apart(a, b):
    # Rounding can push the haversine term a hair above 1; the formula clamps it.
    assert distance_km(a, b) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-12)


def test_baltic_capitals_by_air():
    assert round(distance_km(RIGA, TALLINN)) == 279
    assert round(distance_km(RIGA, STOCKHOLM)) == 442


coordinates = st.builds(
    Point,
    lat=st.floats(min_value=-90, max_value=90, allow_nan=False),
    lon=st.floats(min_value=-180, max_value=180, allow_nan=False),
)


@given(a=coordinates, b=coordinates)
def test_distance_is_symmetric_and_bounded(a, b):
    d = distance_km(a, b)
    assert d == pytest.approx(distance_km(b, a), abs=1e-6)
    assert 0.0 <= d <= math.pi * EARTH_RADIUS_KM + 1e-9
