"""Approximate geographic centres of European countries (longitude, latitude), to place on the
map a cluster for which no coordinates are stored at all. Rounded to half a degree and written
by hand for this project; a point placed this way is drawn hollow and says so."""

# fmt: off
CENTRES: dict[str, tuple[float, float]] = {
    "AL": (20.0, 41.0), "AT": (14.5, 47.5), "BA": (17.8, 44.2), "BE": (4.5, 50.6),
    "BG": (25.5, 42.7), "CH": (8.2, 46.8), "CY": (33.2, 35.0), "CZ": (15.5, 49.8),
    "DE": (10.4, 51.1), "DK": (9.3, 56.0), "EE": (25.5, 58.6), "ES": (-3.7, 40.2),
    "FI": (26.0, 62.5), "FR": (2.5, 46.6), "GB": (-1.8, 52.8), "GR": (22.0, 39.3),
    "HR": (16.0, 45.3), "HU": (19.4, 47.2), "IE": (-8.0, 53.2), "IS": (-18.5, 64.9),
    "IT": (12.5, 42.8), "LI": (9.55, 47.15), "LT": (24.0, 55.3), "LU": (6.1, 49.8),
    "LV": (24.8, 56.9), "MD": (28.5, 47.2), "ME": (19.3, 42.8), "MK": (21.7, 41.6),
    "MT": (14.4, 35.9), "NL": (5.5, 52.2), "NO": (9.0, 61.0), "PL": (19.4, 52.1),
    "PT": (-8.0, 39.6), "RO": (25.0, 45.9), "RS": (20.8, 44.0), "SE": (15.5, 61.0),
    "SI": (14.8, 46.1), "SK": (19.5, 48.7), "TR": (32.8, 39.9), "UA": (31.2, 48.9),
}
# fmt: on
