from decimal import Decimal

from django import template
from django.utils.formats import number_format

from clusterhub.grants.enums import CostCategory

register = template.Library()


@register.filter
def money(value) -> str:
    """A Decimal amount with two decimals and the language's grouping (no float on the way)."""
    if value is None or value == "":
        return "–"
    return number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


@register.filter
def category_label(_table, category: str) -> str:
    return CostCategory(category).label
