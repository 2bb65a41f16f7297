"""The column names an import understands, and how one cell's text becomes a value.

Kept apart from the row logic in __init__.py so the vocabulary (header aliases, type keywords,
yes/no words) can be read and extended in one place.
"""

import re
from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.conversions import nace_meaning_changed
from clusterhub.registry.countries import country_code_for
from clusterhub.registry.enums import OrganisationType

# Canonical column -> the header names (normalised) that mean it.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "organisation", "organisation_name", "organization_name", "org_name"),
    "registration_number": (
        "registration_number",
        "reg_no",
        "reg_number",
        "registration_no",
        "company_number",
    ),
    "country": ("country", "country_code"),
    "nuts_region": ("nuts_region", "nuts", "nuts3", "nuts_code", "nuts3_2024_derived"),
    "primary_nace": ("primary_nace", "nace", "nace_code", "main_nace"),
    "secondary_nace": ("secondary_nace", "secondary_nace_codes", "other_nace"),
    "org_type": ("type", "org_type", "organisation_type", "organization_type"),
    "size_class": ("size_class", "size"),
    "headcount": ("headcount", "employees", "staff"),
    "turnover_eur": ("turnover_eur", "turnover"),
    "balance_sheet_eur": ("balance_sheet_eur", "balance_sheet"),
    "website": ("website", "url", "homepage", "source_urls"),
    "city": ("city", "town"),
    "address": ("address",),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
    "description": ("description",),
    "member_since": ("member_since", "since"),
    "member_until": ("member_until", "until"),
    "committed": ("committed",),
    "commitment_ground": ("commitment_ground", "ground"),
}

# Columns without a field of their own, kept as labelled lines in the description.
DESCRIPTION_EXTRAS: dict[str, str] = {
    "name_local": "Local name",
    "sector_focus_as_stated": "Sector focus",
    "sector_focus": "Sector focus",
    "listed_in": "Listed in",
    "evidence_paraphrase": "Evidence",
}

# Model field (organisation or membership) -> canonical column, for validation messages.
FIELD_COLUMNS = {
    "org_type": "org_type",
    "since": "member_since",
    "until": "member_until",
    "organisation": "name",
    "cluster": "name",
}

# Shown when a column is absent from the file: the name a user would write.
DEFAULT_HEADERS = {"org_type": "type"}

# Read in order; the first keyword found decides (word boundaries, case-insensitive).
TYPE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        OrganisationType.PUBLIC,
        ("public", "municipal", "municipality", "government", "ministry", "agency", "authority"),
    ),
    (OrganisationType.PUBLIC, ("planning region",)),
    (OrganisationType.UNIVERSITY, ("university", "universities", "college")),
    (OrganisationType.RESEARCH, ("research", "r&d", "institute", "rto")),
    (OrganisationType.EDUCATION, ("education", "training", "school", "vocational")),
    (OrganisationType.FINANCE, ("finance", "financial", "bank", "investor", "fund")),
    (OrganisationType.CONSULTANT, ("consultant", "consultancy", "consulting", "advisory")),
    (
        OrganisationType.ASSOCIATION,
        ("cluster", "association", "network", "ngo", "chamber", "federation", "society"),
    ),
    (OrganisationType.SME, ("sme", "smes", "micro", "small", "medium", "startup", "start-up")),
    (OrganisationType.LARGE, ("large", "corporation")),
    (OrganisationType.OTHER, ("science park", "technology park", "park", "incubator", "other")),
)

TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}

validate_url = URLValidator(schemes=["http", "https"])


def match_choice(text: str, choices) -> str | None:
    """A choice whose value or label equals the text (case and spacing ignored)."""
    wanted = " ".join(text.lower().replace("_", " ").split())
    for value, label in choices.choices:
        if wanted in (value.replace("_", " "), str(label).lower()):
            return value
    return None


def keyword_choice(text: str, choices) -> str | None:
    """A choice whose value appears as a word in the text ('Small enterprise' -> small)."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    for value, _label in choices.choices:
        if value in words:
            return value
    return None


def type_by_keyword(text: str) -> str | None:
    lowered = text.lower()
    for value, keywords in TYPE_KEYWORDS:
        for keyword in keywords:
            if re.search(rf"(?<![\w&]){re.escape(keyword)}(?![\w&])", lowered):
                return value
    return None


def choice_list(choices) -> str:
    return ", ".join(value for value, _label in choices.choices)


def parse_number(text: str, canonical: str, problem, *, whole: bool) -> Decimal | int | None:
    """A number as people write it: spaces as thousands separators, a comma or point decimal."""
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problem(canonical, _("Not a number: %(value)s.") % {"value": text})
        return None
    if number and number.adjusted() > 15:  # also keeps int() and quantize() cheap and safe
        problem(canonical, _("The number %(value)s is too large.") % {"value": text})
        return None
    if whole:
        if number != number.to_integral_value() or number < 0:
            problem(canonical, _("Not a whole number: %(value)s.") % {"value": text})
            return None
        return int(number)
    return number


def parse_date(text: str, canonical: str, problem) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problem(canonical, _("Not a date: %(value)s. Write it as YYYY-MM-DD.") % {"value": text})
    return None


def parse_bool(text: str, problem) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    problem("committed", _("Write yes or no, not %(value)s.") % {"value": text})
    return False


def compose_description(text: str, row: dict[str, str], sources: list[str]) -> str:
    """The description with the extra columns as labelled lines and further URLs as sources."""
    parts = [text] if text else []
    lines = [
        f"{label}: {row[column]}" for column, label in DESCRIPTION_EXTRAS.items() if row.get(column)
    ]
    if lines:
        parts.append("\n".join(lines))
    if sources:
        parts.append("\n".join(["Sources:", *sources]))
    return "\n\n".join(parts)


# Codes and countries. Each takes the cell's text, the canonical column, and `problem` (and
# `note`) callables of the shape problem(canonical, message): a problem refuses the row, a note
# is shown with it (the conversion of an old code). The lookups (`regions`, `codes`) are the
# importer's prefetched tables, code -> row. Old codes convert as registry/conversions.py says.

Report = Callable[[str, str], None]


def read_country(text: str, canonical: str, problem: Report) -> str:
    """The ISO code of a country given by code or by name in English or its own language
    ('LV', 'Latvia', 'Latvija'); '' for an empty cell or (with a problem) an unknown country."""
    text = text.strip()
    if not text:
        return ""
    code = country_code_for(text)
    if code is None:
        problem(canonical, _("Unknown country: %(value)s.") % {"value": text})
        return ""
    return code


def read_nuts(
    text: str, regions: Mapping[str, object], canonical: str, problem: Report, note: Report
):
    """The NUTS 2024 region of a NUTS 2024 code, or of a NUTS 2021 code that converts (noted);
    None for an empty cell, or with a problem for an unknown code or a split or merged region
    (the problem lists the regions to choose from)."""
    code = "".join(text.split()).upper()
    if not code:
        return None
    if code in regions:
        return regions[code]
    converted = convert_nuts(code)
    if converted.code in regions:
        note(canonical, converted.note)
        return regions[converted.code]
    problem(
        canonical, converted.error or _("Unknown NUTS code: %(value)s.") % {"value": text.strip()}
    )
    return None


def read_nace(
    text: str,
    codes: Mapping[str, object],
    canonical: str,
    problem: Report,
    note: Report,
    *,
    description: str = "",
):
    """The NACE 2.1 code of a NACE 2.1 code, or of a NACE Rev. 2 code that converts (noted);
    None for an empty cell, or with a problem for an unknown code or a Rev. 2 code with several
    counterparts (the problem lists them, those the row's `description` fits best first).

    A code valid in both versions is read as NACE 2.1; when its activity differs from the Rev. 2
    one, a note says so."""
    if not text.strip():
        return None
    converted = convert_nace(text, description=description)
    if converted.code in codes:
        if converted.note:
            note(canonical, converted.note)
        elif changed := nace_meaning_changed(converted.code):
            note(canonical, changed)
        return codes[converted.code]
    problem(
        canonical, converted.error or _("Unknown NACE code: %(value)s.") % {"value": text.strip()}
    )
    return None


def read_nace_list(
    text: str,
    codes: Mapping[str, object],
    canonical: str,
    problem: Report,
    note: Report,
    *,
    description: str = "",
) -> list:
    """Several NACE codes separated by commas or semicolons, each read as read_nace reads one;
    the unknown and ambiguous ones are left out (each with its problem)."""
    found = []
    for part in re.split(r"[;,]", text):
        if part.strip():
            code = read_nace(part, codes, canonical, problem, note, description=description)
            if code is not None:
                found.append(code)
    return found


def read_urls(text: str, problem) -> tuple[str, list[str]]:
    """The first valid URL is the website; the other URLs are sources for the description."""
    parts = [p for p in re.split(r"[\s;]+", text) if p]
    valid = []
    for part in parts:
        try:
            validate_url(part)
        except ValidationError:
            continue
        valid.append(part)
    if parts and not valid:
        problem("website", _("Not a valid web address: %(value)s.") % {"value": text})
        return "", []
    return (valid[0], valid[1:]) if valid else ("", [])
