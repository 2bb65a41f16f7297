"""Distances on the earth's surface."""

from math import asin
from math import cos
from math import radians
from math import sin
from math import sqrt

from clusterhub.core.types import Point

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance by the haversine formula (error below 0.5 % against WGS84)."""
    dlat = radians(b.lat - a.lat)
    dlon = radians(b.lon - a.lon)
    h = sin(dlat / 2) ** 2 + cos(radians(a.lat)) * cos(radians(b.lat)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
