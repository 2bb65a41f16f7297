"""Countries from pycountry (ISO 3166-1), as choices and for validation."""

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda c: c[1])


@cache
def _codes() -> frozenset[str]:
    return frozenset(code for code, _ in country_choices())


def is_country_code(code: str) -> bool:
    return code in _codes()


def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)


def country_code_for(text: str) -> str | None:
    """An ISO code for a code or a name as people write it ('LV', 'Latvia', 'Sweden')."""
    text = text.strip()
    if not text:
        return None
    if text.upper() in _codes():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
