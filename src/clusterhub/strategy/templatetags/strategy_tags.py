from decimal import Decimal

from django import template

register = template.Library()


def figure(value) -> str:
    """A KPI figure without needless decimals: 42.00 -> 42, 56.50 -> 56.5."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


register.filter("figure", figure)
