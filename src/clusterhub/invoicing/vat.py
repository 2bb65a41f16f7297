"""VAT on membership fees: which case an invoice falls in, its note, and line rounding.

The cases (docs/invoicing.md):
- a member marked non-taxable (a public body, say) pays no VAT;
- a cluster not registered for VAT charges none to anybody;
- a member in the cluster's own country pays the cluster's VAT rate (domestic);
- a member in another EU country with a valid-looking VAT number is a business: reverse charge,
  no VAT on the invoice, the note says who accounts for it (unless the cluster charges domestic
  VAT to everyone);
- a member in another EU country without a valid-looking VAT number pays domestic VAT;
- a member outside the EU pays no EU VAT.

"Valid-looking" is a per-country format check of the number (prefix and digits), not a VIES
lookup: nothing is asked over the network.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")

EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
# The VAT prefix where it differs from the ISO country code.
VAT_PREFIX = {"GR": "EL"}

# The part after the prefix, per country (the formats the EU's VIES service documents).
VAT_FORMATS = {
    "AT": r"U\d{8}",
    "BE": r"[01]\d{9}",
    "BG": r"\d{9,10}",
    "CY": r"\d{8}[A-Z]",
    "CZ": r"\d{8,10}",
    "DE": r"\d{9}",
    "DK": r"\d{8}",
    "EE": r"\d{9}",
    "EL": r"\d{9}",
    "ES": r"[A-Z0-9]\d{7}[A-Z0-9]",
    "FI": r"\d{8}",
    "FR": r"[A-HJ-NP-Z0-9]{2}\d{9}",
    "HR": r"\d{11}",
    "HU": r"\d{8}",
    "IE": r"\d[A-Z0-9+*]\d{5}[A-W][A-I]?",
    "IT": r"\d{11}",
    "LT": r"\d{9}|\d{12}",
    "LU": r"\d{8}",
    "LV": r"\d{11}",
    "MT": r"\d{8}",
    "NL": r"\d{9}B\d{2}",
    "PL": r"\d{10}",
    "PT": r"\d{9}",
    "RO": r"[1-9]\d{1,9}",
    "SE": r"\d{10}01",
    "SI": r"\d{8}",
    "SK": r"\d{10}",
}
_COMPILED = {prefix: re.compile(rf"(?:{body})") for prefix, body in VAT_FORMATS.items()}
_NOISE = re.compile(r"[\s.\-/]")


def vat_prefix(country: str) -> str:
    country = (country or "").upper()
    return VAT_PREFIX.get(country, country)


def normalise_vat_number(number: str) -> str:
    """Upper case, without spaces, dots, dashes or slashes."""
    return _NOISE.sub("", number or "").upper()


def looks_valid_vat_number(number: str, country: str) -> bool:
    """True when `number` has the format of an EU VAT number of `country` (ISO code), with or
    without its prefix (EL for Greece)."""
    prefix = vat_prefix(country)
    pattern = _COMPILED.get(prefix)
    if pattern is None:
        return False
    number = normalise_vat_number(number)
    if number.startswith(prefix):
        number = number[len(prefix) :]
    return pattern.fullmatch(number) is not None


def printed_vat_number(number: str, country: str) -> str:
    """The number as printed on an invoice: normalised, with the country prefix."""
    number = normalise_vat_number(number)
    prefix = vat_prefix(country)
    if number and prefix in _COMPILED and not number.startswith(prefix):
        return prefix + number
    return number


@dataclass(frozen=True)
class VatCase:
    treatment: str  # VatTreatment value
    rate: Decimal
    note: str


# The note printed on the invoice for each case (the rate is filled in for domestic VAT).
NOTES = {
    "domestic": _("VAT %(rate)s"),
    "reverse_charge": _(
        "Reverse charge: VAT to be accounted for by the recipient "
        "(Article 196, Council Directive 2006/112/EC)."
    ),
    "non_taxable": _("No VAT charged: the member is not taxable."),
    "outside_eu": _("No EU VAT: the service is supplied outside the EU."),
    "not_registered": _("No VAT charged: the supplier is not registered for VAT."),
}


def vat_case(
    *,
    policy: str,
    rate: Decimal,
    seller_country: str,
    buyer_country: str,
    buyer_vat_number: str,
    buyer_non_taxable: bool,
) -> tuple[str, Decimal]:
    """(treatment, rate) for one invoice; see the module's docstring for the cases."""
    zero = Decimal("0.00")
    if policy == "none":
        return "not_registered", zero
    if buyer_non_taxable:
        return "non_taxable", zero
    seller_country = (seller_country or "").upper()
    buyer_country = (buyer_country or "").upper()
    if policy == "domestic" or buyer_country == seller_country:
        return "domestic", rate
    if buyer_country in EU_COUNTRIES:
        if looks_valid_vat_number(buyer_vat_number, buyer_country):
            return "reverse_charge", zero
        return "domestic", rate
    if not buyer_country:
        return "domestic", rate
    return "outside_eu", zero


def vat_note(treatment: str, rate: Decimal) -> str:
    from clusterhub.common.numbers import format_percent

    decimals = 2 if rate % 1 else 0
    return str(NOTES[treatment]) % {"rate": format_percent(rate, decimals)}


def round_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    vat: Decimal
    gross: Decimal


def line_amounts(quantity: Decimal, unit_price: Decimal, rate: Decimal) -> LineAmounts:
    """One line, each amount rounded to the cent half up: net, then VAT on the rounded net."""
    net = round_cent(quantity * unit_price)
    vat = round_cent(net * rate / Decimal(100))
    return LineAmounts(net, vat, net + vat)


ROUNDING_STATEMENT = _(
    "Each line is rounded to the cent (half up); the totals are the sums of the rounded lines."
)
