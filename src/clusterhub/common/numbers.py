"""Numbers, percentages and amounts as the active language writes them.

Django's number_format places the decimal and thousand separators per language, but it knows
nothing of where the currency sign or the per cent sign goes: English writes "€1,264.20" and
"12.5%", Latvian, Estonian and Swedish write "1 264,20 €" and "12,5 %" (with a non-breaking
space, so that a line never breaks inside an amount). Those two patterns live in our format
modules (clusterhub/formats/<lang>/formats.py) as CURRENCY_FORMAT and PERCENT_FORMAT; everything
that shows an amount or a share to a person (pages, SVG charts, PDFs) goes through this module.
Machine formats (CSV, JSON, iCal) do not.
"""

from decimal import Decimal
from decimal import InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils import translation
from django.utils.formats import number_format

NBSP = "\xa0"
# Used when a language has no pattern of its own: the international (ISO 31-0) way.
DEFAULT_CURRENCY_FORMAT = "{amount}" + NBSP + "{currency}"
DEFAULT_PERCENT_FORMAT = "{number}" + NBSP + "%"
SYMBOLS = {"EUR": "€"}


def _pattern(name: str, default: str) -> str:
    for module in formats.get_format_modules(lang=translation.get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return default


def to_decimal(value) -> Decimal | None:
    """A Decimal from a Decimal, int, float or numeric text; None when it is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # Through str, so that a float 0.1 becomes 0.1 and not 0.1000000000000000055...
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return result if result.is_finite() else None


def format_number(value, decimals: int | None = None) -> str:
    """A number with the language's separators and grouping; `decimals` None keeps its own."""
    number = to_decimal(value)
    if number is None:
        return "–"
    return number_format(number, decimals, use_l10n=True, force_grouping=True)


def format_money(value, currency: str = "EUR") -> str:
    """An amount with two decimals, grouping and the currency where the language puts it."""
    amount = to_decimal(value)
    if amount is None:
        return "–"
    currency = (currency or "EUR").upper()
    symbol = SYMBOLS.get(currency, currency)
    pattern = _pattern("CURRENCY_FORMAT", DEFAULT_CURRENCY_FORMAT)
    if symbol.isalpha() and "{currency}{amount}" in pattern:
        # "SEK1,264.20" would be unreadable: an ISO code is always set apart from the figure.
        pattern = pattern.replace("{currency}{amount}", "{currency}" + NBSP + "{amount}")
    text = pattern.format(amount=format_number(abs(amount), 2), currency=symbol)
    # The minus goes before the sign in every language: "-€5.00", "-5,00 €".
    return "-" + text if amount < 0 else text


def format_percent(value, decimals: int | str = -1) -> str:
    """Percentage points (12.5 means 12.5 %) as the language writes them.

    `decimals` follows floatformat: 1 always shows one decimal, -1 (the default) shows one only
    when it is not zero ("50 %", "12,5 %").
    """
    number = to_decimal(value)
    if number is None:
        return "–"
    pattern = _pattern("PERCENT_FORMAT", DEFAULT_PERCENT_FORMAT)
    return pattern.format(number=str(floatformat(number, decimals)))
