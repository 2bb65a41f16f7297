"""Latvian: day.month.year. with the closing point of the Latvian standard ("05.12.2026.")."""

DATE_FORMAT = "d.m.Y."
SHORT_DATE_FORMAT = "d.m.Y."
DATETIME_FORMAT = "d.m.Y. H:i"
SHORT_DATETIME_FORMAT = "d.m.Y. H:i"
YEAR_MONTH_FORMAT = "m.Y."

# Numbers: "1 264,20" with a NO-BREAK SPACE (U+00A0) between groups, set here rather than
# inherited so that every language groups with the same character (Django's own modules
# differ, and Estonian's does not group at all); amounts "1 264,20 €" and shares "12,5 %",
# the sign set apart by a no-break space (common/numbers.py reads the two patterns).
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
CURRENCY_FORMAT = "{amount}\xa0{currency}"
PERCENT_FORMAT = "{number}\xa0%"
