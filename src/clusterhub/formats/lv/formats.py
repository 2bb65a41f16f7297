"""Latvian: day.month.year. with the closing point of the Latvian standard ("05.12.2026.")."""

DATE_FORMAT = "d.m.Y."
SHORT_DATE_FORMAT = "d.m.Y."
DATETIME_FORMAT = "d.m.Y. H:i"
SHORT_DATETIME_FORMAT = "d.m.Y. H:i"
YEAR_MONTH_FORMAT = "m.Y."
