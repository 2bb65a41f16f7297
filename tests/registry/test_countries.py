"""Countries given by ISO code or by name, in English or the country's own language (issue 17.2)."""

import pytest

from clusterhub.common.text import search_key
from clusterhub.registry.countries import NAMES
from clusterhub.registry.countries import country_code_for

# EU and EEA members, the United Kingdom, Switzerland and Ukraine.
REQUIRED = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
    "GB",
    "CH",
    "UA",
]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Latvija", "LV"),
        ("Eesti", "EE"),
        ("Sverige", "SE"),
        ("Deutschland", "DE"),
        ("Suomi", "FI"),
        ("Lietuva", "LT"),
        ("Polska", "PL"),
        ("Österreich", "AT"),
        ("osterreich", "AT"),  # accents ignored
        ("LATVIJA", "LV"),  # case ignored
        ("  latvija ", "LV"),
        ("Ελλάδα", "GR"),
        ("Magyarország", "HU"),
        ("magyarorszag", "HU"),
        ("Česká republika", "CZ"),
        ("Czech Republic", "CZ"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Україна", "UA"),
        ("United Kingdom", "GB"),
        ("Great Britain", "GB"),
        ("Vācija", "DE"),  # in Latvian
        ("Saksamaa", "DE"),  # in Estonian
        ("Tyskland", "DE"),  # in Swedish
        ("Latvia", "LV"),
        ("Sweden", "SE"),
        ("LV", "LV"),
        ("lv", "LV"),
        ("LVA", "LV"),
        ("EL", "GR"),  # Eurostat's code for Greece
        ("UK", "GB"),
    ],
)
def test_country_by_code_or_name(text, code):
    assert country_code_for(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "XX", "Latvi", "Europe"])
def test_unknown_countries_are_none(text):
    assert country_code_for(text) is None


def test_every_required_country_has_its_own_names():
    assert set(REQUIRED) <= set(NAMES)
    for code in REQUIRED:
        assert NAMES[code], code
        for name in NAMES[code]:
            assert country_code_for(name) == code, name
            assert country_code_for(name.upper()) == code, name


def test_no_name_means_two_countries():
    owners: dict[str, str] = {}
    for code, names in NAMES.items():
        for name in names:
            assert owners.setdefault(search_key(name), code) == code, name
