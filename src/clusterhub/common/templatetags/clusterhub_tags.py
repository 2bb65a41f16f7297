"""Template helpers shared by every app's pages: sortable column headers, names for codes,
and the localised `money`, `percent` and `number` filters (see common/numbers.py)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from clusterhub.common.numbers import format_money
from clusterhub.common.numbers import format_number
from clusterhub.common.numbers import format_percent

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A table header cell whose link sorts by `key`, and sorts descending when clicked again.

    The current direction is announced with aria-sort, so screen readers say how the table is
    ordered; other query parameters (search, filters) are kept and the page is reset.
    """
    request = context["request"]
    current = request.GET.get("sort") or context.get("default_sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    if current == key:
        params["sort"] = "-" + key
        aria, arrow = "ascending", "▲"
    elif current == "-" + key:
        params["sort"] = key
        aria, arrow = "descending", "▼"
    else:
        params["sort"] = key
        aria, arrow = "none", ""
    hint = _("sort by %(column)s") % {"column": label}
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}" title="{}">{}</a>'
        '<span class="sort-arrow" aria-hidden="true">{}</span></th>',
        aria,
        params.urlencode(),
        hint,
        label,
        arrow,
    )


@register.filter
def country_name(code: str) -> str:
    """The English short name of an ISO country code ('LV' -> 'Latvia')."""
    # Imported here: common sits below registry and must not import it at module level.
    import pycountry

    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country is not None else code


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or '' when the key is missing."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return ""


@register.filter
def money(value, currency: str = "EUR") -> str:
    """An amount with two decimals, grouping and the currency placed as the language writes it:
    "€1,264.20" in English, "1 264,20 €" in Latvian, Estonian and Swedish; "–" when empty."""
    return format_money(value, currency)


@register.filter
def percent(value, decimals: int | str = -1) -> str:
    """Percentage points as the language writes them: "12.5%" in English, "12,5 %" elsewhere.

    The argument is floatformat's: 1 always shows one decimal, -1 only when it is not zero."""
    return format_percent(value, decimals)


@register.filter
def number(value, decimals: int | None = None) -> str:
    """A number with the language's decimal mark and grouping ("1 264,5" in Latvian)."""
    return format_number(value, None if decimals in (None, "") else int(decimals))
