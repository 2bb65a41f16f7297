from decimal import Decimal

from django import template

from clusterhub.common.numbers import format_number

register = template.Library()


def figure(value) -> str:
    """A KPI figure without needless decimals, in the reader's language: 42.00 -> 42,
    56.50 -> 56.5 ("56,5" in Latvian), 12000 -> 12,000 ("12 000")."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    if value == value.to_integral_value():
        return format_number(value, 0)
    exponent = value.normalize().as_tuple().exponent
    return format_number(value, -exponent if isinstance(exponent, int) else None)


register.filter("figure", figure)
