"""Checks the grants models' clean() methods share: a direct cost category, a currency code,
and project months within the project's duration (kept here so models.py stays a list of
tables)."""

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterhub.grants.enums import DIRECT_CATEGORIES


def check_direct_category(category: str) -> None:
    if category not in DIRECT_CATEGORIES:
        raise ValidationError(
            {
                "category": _(
                    "Unknown cost category %(value)s; use one of: %(choices)s "
                    "(indirect costs are a flat rate of the direct costs)."
                )
                % {"value": category, "choices": ", ".join(DIRECT_CATEGORIES)}
            }
        )


def is_currency_code(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def check_months(obj, project, *fields: str) -> None:
    if project is None:
        return
    errors = {}
    for name in fields:
        value = getattr(obj, name)
        if value is not None and value > project.duration_months:
            errors[name] = _("Month %(m)s is after the project's last month, %(last)s.") % {
                "m": value,
                "last": project.duration_months,
            }
    start, end = getattr(obj, "start_month", None), getattr(obj, "end_month", None)
    if start is not None and end is not None and end < start:
        errors["end_month"] = _("The end month is before the start month.")
    if errors:
        raise ValidationError(errors)
