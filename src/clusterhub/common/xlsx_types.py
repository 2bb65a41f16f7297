"""Typed XLSX cells: real numbers, dates and shares with an Excel number format, not text.

A number format is a code, not text, so Excel shows each value in the locale of the computer
that opens the file ("1 264,20" in Riga, "1,264.20" in Dublin) and can still sum or sort it.
"""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal

from django.utils import timezone

XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_TIME_FORMAT = "hh:mm"
XLSX_FLOAT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Percent:
    """A share in percentage points (12.5 means 12.5 %) that an export writes as a number.

    XLSX gets 0.125 formatted '0.0%', so that Excel shows it in the reader's own locale and can
    still sum it; CSV gets the plain 12.5."""

    value: Decimal | float | int | None
    decimals: int = 1  # shown in the cell; the value itself is kept in full

    @property
    def number_format(self) -> str:
        return "0." + "0" * self.decimals + "%" if self.decimals > 0 else "0%"


def _decimal_format(value: Decimal) -> str:
    """'#,##0.00' for an amount, '#,##0.0' for a score: as many decimals as the value keeps."""
    exponent = value.as_tuple().exponent
    places = min(max(-exponent, 0), 6) if isinstance(exponent, int) else 0
    return "#,##0." + "0" * places if places else "#,##0"


def typed_value(value: object) -> tuple[object, str | None] | None:
    """(cell value, number format) for a number, date, time or Percent; None for text.

    openpyxl refuses time zones, so an aware datetime is turned into the site's local time first
    (the time a reader in the cluster expects) and written without its zone. Integers keep
    Excel's General format: they are counts, years and ids, which grouping would garble.
    """
    if isinstance(value, Percent):
        if value.value is None:
            return (None, None)
        return (Decimal(str(value.value)) / 100, value.number_format)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value, timezone.get_current_timezone())
        return (value, XLSX_DATETIME_FORMAT)
    if isinstance(value, date):
        return (value, XLSX_DATE_FORMAT)
    if isinstance(value, time):
        return (value.replace(tzinfo=None), XLSX_TIME_FORMAT)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return (value, _decimal_format(value)) if value.is_finite() else (str(value), None)
    if isinstance(value, float):
        return (value, XLSX_FLOAT_FORMAT)
    if isinstance(value, int):
        return (value, None)
    return None
