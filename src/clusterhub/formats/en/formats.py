"""English: the month as a word, never a day/month order to guess ("5 Dec 2026")."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
# 24-hour, as in the date-times above (Django's English default is "10 a.m.").
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "M Y"

# Numbers: "1,264.20"; amounts "€1,264.20"; shares "12.5%" (common/numbers.py reads the two
# patterns, which are ours: Django has no setting for the place of the currency sign).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
CURRENCY_FORMAT = "{currency}{amount}"
PERCENT_FORMAT = "{number}%"
