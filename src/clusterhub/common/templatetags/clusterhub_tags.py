"""Template helpers shared by every app's pages: sortable column headers, names for codes."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
