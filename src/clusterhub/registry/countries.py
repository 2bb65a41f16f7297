"""Countries from pycountry (ISO 3166-1), as choices and for validation, and the names people
write for them.

A country may be given by its ISO code, by its English name (pycountry's, plus common ones such
as "Czech Republic" or "Holland"), or by its name in its own language(s) ("Latvija", "Eesti",
"Sverige", "Deutschland", "Suomi", "Polska") or in the registry's languages (Latvian, Estonian,
Swedish: "Vācija", "Saksamaa", "Tyskland"), for every EU and EEA country and the United Kingdom,
Switzerland and Ukraine. Names are compared folded (case and accents ignored: "LATVIJA",
"osterreich"). Eurostat's EL (Greece) and UK are read as GR and GB.
"""

from functools import cache

import pycountry

from clusterhub.common.text import search_key

# ISO code -> names beyond pycountry's English ones: the national name(s), then the Latvian,
# Estonian and Swedish names, then other names in use. Folded before comparing.
NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Österreich", "Austrija", "Austria", "Österrike"),
    "BE": ("België", "Belgique", "Belgien", "Beļģija", "Belgia"),
    "BG": ("България", "Bulgaria", "Bălgarija", "Bulgārija", "Bulgaaria", "Bulgarien"),
    "HR": ("Hrvatska", "Horvātija", "Horvaatia", "Kroatien"),
    "CY": ("Κύπρος", "Kypros", "Kıbrıs", "Kipra", "Küpros", "Cypern"),
    "CZ": ("Česko", "Česká republika", "Čehija", "Tšehhi", "Tjeckien", "Czech Republic"),
    "DK": ("Danmark", "Dānija", "Taani"),
    "EE": ("Eesti", "Igaunija", "Estland"),
    "FI": ("Suomi", "Finland", "Somija", "Soome"),
    "FR": ("France", "Francija", "Prantsusmaa", "Frankrike"),
    "DE": ("Deutschland", "Vācija", "Saksamaa", "Tyskland"),
    "GR": ("Ελλάδα", "Ελλάς", "Ellada", "Hellas", "Grieķija", "Kreeka", "Grekland"),
    "HU": ("Magyarország", "Ungārija", "Ungari", "Ungern"),
    "IE": ("Éire", "Īrija", "Iirimaa", "Irland", "Republic of Ireland"),
    "IT": ("Italia", "Itālija", "Itaalia", "Italien"),
    "LV": ("Latvija", "Läti", "Lettland"),
    "LT": ("Lietuva", "Leedu", "Litauen"),
    "LU": ("Lëtzebuerg", "Luxemburg", "Luxembourg", "Luksemburga", "Luksemburg"),
    "MT": ("Malta",),
    "NL": ("Nederland", "Nīderlande", "Madalmaad", "Holland", "Nederländerna", "The Netherlands"),
    "PL": ("Polska", "Polija", "Poola", "Polen"),
    "PT": ("Portugal", "Portugāle"),
    "RO": ("România", "Rumānija", "Rumeenia", "Rumänien"),
    "SK": ("Slovensko", "Slovenská republika", "Slovākija", "Slovakkia", "Slovakien"),
    "SI": ("Slovenija", "Slovēnija", "Sloveenia", "Slovenien"),
    "ES": ("España", "Spānija", "Hispaania", "Spanien"),
    "SE": ("Sverige", "Zviedrija", "Rootsi"),
    "IS": ("Ísland", "Islande"),
    "LI": ("Liechtenstein", "Lihtenšteina"),
    "NO": ("Norge", "Noreg", "Norvēģija", "Norra"),
    "GB": (
        "United Kingdom",
        "Great Britain",
        "Britain",
        "Apvienotā Karaliste",
        "Lielbritānija",
        "Ühendkuningriik",
        "Suurbritannia",
        "Storbritannien",
        "Förenade kungariket",
    ),
    "CH": ("Schweiz", "Suisse", "Svizzera", "Svizra", "Šveice", "Šveits"),
    "UA": ("Україна", "Ukraina", "Ukrajina"),
}
# Codes people use that ISO 3166 does not: Eurostat's and the EU's own.
CODE_ALIASES = {"EL": "GR", "UK": "GB"}


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


@cache
def _by_name() -> dict[str, str]:
    """Folded name -> ISO code, for the names in NAMES and pycountry's English names."""
    names = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names[search_key(value)] = country.alpha_2
    for code, written in NAMES.items():
        for name in written:
            names[search_key(name)] = code
    return names


def country_code_for(text: str) -> str | None:
    """An ISO code for a code or a name as people write it ('LV', 'Latvia', 'Latvija', 'lettland',
    'EL'), or None when nothing matches."""
    text = text.strip()
    if not text:
        return None
    upper = text.upper()
    if upper in _codes():
        return upper
    if upper in CODE_ALIASES:
        return CODE_ALIASES[upper]
    if found := _by_name().get(search_key(text)):
        return found
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
