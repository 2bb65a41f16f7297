"""The facts and word lists the demo is made from.

Real facts (DOMAIN.md §1 and the compiled cluster list in ../shared/data, copied here so the demo
runs on a fresh machine): the 5FOREXCELLENCE programme, its five partner organisations, the
clusters they run, and the NUTS 2024 region and coordinates of each city. Everything else (member
companies, people, figures) is invented, and every invented name ends in " (demo)".
"""

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

DEMO_SUFFIX = " (demo)"
DEMO_PASSWORD = "clusterhub-demo"

PROGRAMME_ACRONYM = "5FOREXCELLENCE"
PROGRAMME_NAME = "Five for Cross-industry Value Chain Excellence"
PROGRAMME_DESCRIPTION = (
    "Funded by the EU's COSME programme (2014-2020, SME competitiveness). Started on 2016-01-01 "
    "for 18 months (to 2017-06-30); grant EUR 236,944.25 of a total budget of EUR 249,415.52. "
    "Lead partner: Latvian IT Cluster. Five partners from Latvia, Estonia and Sweden raise the "
    "management of their clusters to excellence: evaluation of cluster management and training of "
    "cluster coordinators led by foreign experts, new services for members, experience-sharing "
    "workshops and an international conference, a cluster management excellence strategy, and "
    "new cross-industry value chains among food, logistics and IT companies.\n\n"
    "Demo data: the programme and its partners are real; members, people and figures are invented."
)


@dataclass(frozen=True)
class Place:
    country: str
    nuts: str  # NUTS 2024 level 3
    lat: Decimal
    lon: Decimal


def _p(country: str, nuts: str, lat: str, lon: str) -> Place:
    return Place(country, nuts, Decimal(lat), Decimal(lon))


# City centres (WGS84, 4 decimals) and the NUTS 2024 level-3 region each lies in.
PLACES: dict[str, Place] = {
    "Rīga": _p("LV", "LV00A", "56.9496", "24.1052"),
    "Cēsis": _p("LV", "LV00C", "57.3119", "25.2706"),
    "Valmiera": _p("LV", "LV00C", "57.5411", "25.4275"),
    "Smiltene": _p("LV", "LV00C", "57.4242", "25.9016"),
    "Gulbene": _p("LV", "LV00C", "57.1775", "26.7527"),
    "Madona": _p("LV", "LV00C", "56.8536", "26.2176"),
    "Alūksne": _p("LV", "LV00C", "57.4242", "27.0467"),
    "Valka": _p("LV", "LV00C", "57.7752", "26.0213"),
    "Ventspils": _p("LV", "LV00B", "57.3894", "21.5606"),
    "Liepāja": _p("LV", "LV00B", "56.5047", "21.0108"),
    "Kuldīga": _p("LV", "LV00B", "56.9677", "21.9681"),
    "Talsi": _p("LV", "LV00B", "57.2446", "22.5878"),
    "Jelgava": _p("LV", "LV009", "56.6511", "23.7214"),
    "Bauska": _p("LV", "LV009", "56.4079", "24.1939"),
    "Dobele": _p("LV", "LV009", "56.6258", "23.2809"),
    "Daugavpils": _p("LV", "LV005", "55.8749", "26.5362"),
    "Rēzekne": _p("LV", "LV005", "56.5099", "27.3332"),
    "Ludza": _p("LV", "LV005", "56.5460", "27.7190"),
    "Tallinn": _p("EE", "EE001", "59.4370", "24.7536"),
    "Tartu": _p("EE", "EE008", "58.3780", "26.7290"),
    "Viljandi": _p("EE", "EE008", "58.3639", "25.5900"),
    "Võru": _p("EE", "EE008", "57.8339", "27.0194"),
    "Pärnu": _p("EE", "EE004", "58.3859", "24.4971"),
    "Haapsalu": _p("EE", "EE004", "58.9431", "23.5414"),
    "Narva": _p("EE", "EE00A", "59.3772", "28.1903"),
    "Rakvere": _p("EE", "EE009", "59.3464", "26.3558"),
    "Karlshamn": _p("SE", "SE221", "56.1706", "14.8619"),
    "Karlskrona": _p("SE", "SE221", "56.1612", "15.5869"),
    "Ronneby": _p("SE", "SE221", "56.2094", "15.2760"),
    "Sölvesborg": _p("SE", "SE221", "56.0505", "14.5752"),
    "Kristianstad": _p("SE", "SE224", "56.0294", "14.1567"),
    "Malmö": _p("SE", "SE224", "55.6050", "13.0038"),
    "Lund": _p("SE", "SE224", "55.7047", "13.1910"),
    "Växjö": _p("SE", "SE212", "56.8777", "14.8091"),
    "Kalmar": _p("SE", "SE213", "56.6634", "16.3568"),
    "Stockholm": _p("SE", "SE110", "59.3293", "18.0686"),
}


@dataclass(frozen=True)
class Partner:
    """A real partner organisation of the programme."""

    key: str
    name: str
    city: str
    org_type: str
    nace: str
    description: str
    short_name: str = ""  # for its (example) web domain when the name is too long


PARTNERS: tuple[Partner, ...] = (
    Partner(
        "litc",
        "Latvian IT Cluster",
        "Rīga",
        "association",
        "94.11",
        "Lead partner of 5FOREXCELLENCE; cluster organisation of Latvian ICT companies "
        "(source: itbaltic.com). Contacts in this demo are invented.",
    ),
    Partner(
        "netport",
        "NetPort Science Park",
        "Karlshamn",
        "other",
        "82.99",
        "Science park in Karlshamn (Blekinge), owned by Karlshamn municipality, Blekinge Institute "
        "of Technology and member companies; digital media, energy and intelligent transport. "
        "Partner of 5FOREXCELLENCE. Contacts in this demo are invented.",
    ),
    Partner(
        "itl",
        "Estonian Association of Information Technology and Telecommunications",
        "Tallinn",
        "association",
        "94.11",
        "ITL (Eesti Infotehnoloogia ja Telekommunikatsiooni Liit); partner of 5FOREXCELLENCE. "
        "Contacts in this demo are invented.",
        short_name="ITL Estonia",
    ),
    Partner(
        "vpr",
        "Vidzeme Planning Region",
        "Cēsis",
        "public",
        "84.13",
        "Vidzemes plānošanas reģions, a public body (NUTS 2024 LV00C, was LV008); member and "
        "international cooperation coordinator of the Latvian high added value and healthy food "
        "cluster; partner of 5FOREXCELLENCE. Contacts in this demo are invented.",
    ),
    Partner(
        "lla",
        "Latvian Logistics Association",
        "Rīga",
        "association",
        "94.11",
        "Industry association of Latvian logistics companies; partner of 5FOREXCELLENCE. "
        "Contacts in this demo are invented.",
    ),
)


@dataclass(frozen=True)
class Trade:
    """A line of business members of a cluster are in: NACE class and words for invented names."""

    nace: str
    words: tuple[str, ...]
    secondary: tuple[str, ...] = ()


IT_TRADES = (
    Trade("62.10", ("Software", "Code Works", "Apps", "Dev Studio"), ("62.20",)),
    Trade("62.20", ("IT Consulting", "Systems", "Cloud Partners"), ("62.90", "63.10")),
    Trade("63.10", ("Data Centre", "Hosting", "Data Services"), ("62.20",)),
    Trade("58.29", ("Software Products", "SaaS"), ("62.10",)),
    Trade("62.90", ("IT Services", "Tech Support"), ()),
)
TELECOM_TRADES = IT_TRADES + (Trade("61.10", ("Telecom", "Networks", "Connect"), ("61.90",)),)
MEDIA_TRADES = IT_TRADES + (
    Trade("59.11", ("Film", "Video Production"), ("59.12",)),
    Trade("73.11", ("Digital Agency", "Media"), ("74.12",)),
    Trade("52.25", ("Smart Transport", "ITS Solutions"), ("62.10",)),
)
FOOD_TRADES = (
    Trade("10.51", ("Dairy", "Cheese", "Milk"), ("46.33",)),
    Trade("10.71", ("Bakery", "Bread", "Rye Bakery"), ("47.24",)),
    Trade("10.11", ("Meat", "Smokehouse"), ("10.13",)),
    Trade("10.39", ("Berries", "Preserves", "Juices"), ("10.32",)),
    Trade("11.07", ("Drinks", "Spring Water", "Birch Sap"), ()),
    Trade("11.05", ("Brewery",), ()),
    Trade("10.82", ("Chocolate", "Sweets"), ()),
    Trade("01.41", ("Farm", "Dairy Farm"), ("10.51",)),
    Trade("01.25", ("Berry Farm", "Orchard"), ("10.39",)),
    Trade("46.33", ("Food Wholesale",), ("46.38",)),
)
LOGISTICS_TRADES = (
    Trade("49.41", ("Trucking", "Freight", "Haulage"), ("52.10",)),
    Trade("52.10", ("Warehousing", "Cold Store", "Storage"), ("52.24",)),
    Trade("52.24", ("Terminal", "Cargo Handling"), ("52.10",)),
    Trade("52.25", ("Logistics", "Supply Chain"), ("52.31",)),
    Trade("52.31", ("Forwarding", "Freight Brokers"), ("52.25",)),
    Trade("53.20", ("Courier", "Parcel"), ()),
    Trade("50.20", ("Shipping", "Sea Lines"), ("52.22",)),
    Trade("49.20", ("Rail Cargo",), ()),
)


@dataclass(frozen=True)
class Special:
    """A member that is not a company: university, research, public body and the like."""

    name: str
    org_type: str
    nace: str
    city: str
    headcount: int | None


@dataclass(frozen=True)
class ClusterSpec:
    key: str
    acronym: str
    name: str
    city: str
    sector_group: str
    sectors: tuple[str, ...]
    founded: int
    legal_form: str
    management_fte: Decimal
    partner: str  # key of the managing partner organisation
    description: str
    trades: tuple[Trade, ...]
    cities: tuple[str, ...]  # where its member companies are, the home city first
    companies: int  # generated member companies
    committed_share: float
    specials: tuple[Special, ...] = field(default=())


_DEMO_NOTE = " Demo data: members, staff figures and the founding year are invented."

CLUSTERS: tuple[ClusterSpec, ...] = (
    ClusterSpec(
        key="it",
        acronym="LITC",
        name="Latvian IT Cluster",
        city="Rīga",
        sector_group="ict",
        sectors=("62.10", "62.20", "63.10", "58.29"),
        founded=2009,
        legal_form="association",
        management_fte=Decimal("3.50"),
        partner="litc",
        description="Cluster of Latvian ICT companies, lead partner of 5FOREXCELLENCE and "
        "signatory of the Latvian Clusters Network memorandum (2019)." + _DEMO_NOTE,
        trades=IT_TRADES,
        cities=("Rīga", "Rīga", "Rīga", "Rīga", "Jelgava", "Valmiera", "Ventspils", "Liepāja"),
        companies=38,
        committed_share=0.8,
        specials=(
            Special("Rīga Institute of Applied Computing", "research", "72.10", "Rīga", 45),
            Special(
                "Baltic University of Digital Technologies", "university", "85.40", "Rīga", 620
            ),
            Special("Rīga Digital Skills School", "education", "85.59", "Rīga", 12),
            Special("Amber Venture Fund", "finance", "64.99", "Rīga", 8),
            Special("Digital Strategy Partners", "consultant", "70.20", "Rīga", 4),
        ),
    ),
    ClusterSpec(
        key="ee_ict",
        acronym="EE-ICT",
        name="Estonian ICT Cluster",
        city="Tallinn",
        sector_group="ict",
        sectors=("62.10", "62.20", "61.10", "63.10"),
        founded=2012,
        legal_form="association",
        management_fte=Decimal("2.00"),
        partner="itl",
        description="ICT cluster run by ITL, the Estonian Association of Information Technology "
        "and Telecommunications; supported by Enterprise Estonia's cluster development "
        "programme." + _DEMO_NOTE,
        trades=TELECOM_TRADES,
        cities=("Tallinn", "Tallinn", "Tallinn", "Tartu", "Tartu", "Pärnu", "Narva"),
        companies=29,
        committed_share=0.75,
        specials=(
            Special(
                "Tallinn Institute of Software Engineering", "university", "85.40", "Tallinn", 480
            ),
            Special("Harju Digital Development Agency", "public", "84.13", "Tallinn", None),
            Special("Estonian e-Skills Academy", "education", "85.59", "Tartu", 15),
        ),
    ),
    ClusterSpec(
        key="netport",
        acronym="NETPORT",
        name="NetPort Science Park Cluster",
        city="Karlshamn",
        sector_group="ict",
        sectors=("62.10", "59.11", "52.25"),
        founded=2004,
        legal_form="company",
        management_fte=Decimal("1.50"),
        partner="netport",
        description="Companies around NetPort Science Park in Karlshamn: digital media, energy "
        "and intelligent transport systems; close to 90 members in reality, a subset here."
        + _DEMO_NOTE,
        trades=MEDIA_TRADES,
        cities=("Karlshamn", "Karlshamn", "Karlskrona", "Ronneby", "Sölvesborg", "Kristianstad"),
        companies=25,
        committed_share=0.7,
        specials=(
            Special("Blekinge Digital Media Lab", "research", "72.10", "Karlshamn", 22),
            Special("Karlshamn Business Office", "public", "84.13", "Karlshamn", None),
            Special("Blekinge Innovation Capital", "finance", "64.99", "Karlskrona", 6),
        ),
    ),
    ClusterSpec(
        key="food",
        acronym="HAV-FOOD",
        name="Latvian high added value and healthy food cluster",
        city="Cēsis",
        sector_group="food",
        sectors=("10.51", "10.71", "10.39", "11.07", "01.41"),
        founded=2010,
        legal_form="association",
        management_fte=Decimal("1.00"),
        partner="vpr",
        description="Network of innovative, export-oriented food and drinks SMEs in Vidzeme, "
        "initiated in 2010 by Vidzeme Planning Region and two R&D institutions; ECEI Bronze label "
        "(em.gov.lv). Demo data: members and staff figures are invented.",
        trades=FOOD_TRADES,
        cities=("Valmiera", "Cēsis", "Smiltene", "Gulbene", "Madona", "Alūksne", "Valka", "Rīga"),
        companies=31,
        committed_share=0.75,
        specials=(
            Special("Vidzeme Institute of Food Technology", "research", "72.10", "Valmiera", 30),
            Special("Cēsis Food Science Laboratory", "research", "71.20", "Cēsis", 9),
            Special("Smiltene Agricultural College", "education", "85.32", "Smiltene", 70),
            Special("Vidzeme Food Consulting", "consultant", "70.20", "Valmiera", 3),
        ),
    ),
    ClusterSpec(
        key="logistics",
        acronym="LLA-LOG",
        name="Latvian Logistics Association Cluster",
        city="Rīga",
        sector_group="transport",
        sectors=("49.41", "52.10", "52.24", "52.25", "53.20"),
        founded=2011,
        legal_form="association",
        # Below the ECCP minimum of 0.5 FTE on purpose: the demo shows a failed criterion.
        management_fte=Decimal("0.40"),
        partner="lla",
        description="Logistics cluster run by the Latvian Logistics Association: road, rail and "
        "sea freight, warehousing and courier companies around the ports of Rīga, Ventspils and "
        "Liepāja." + _DEMO_NOTE,
        trades=LOGISTICS_TRADES,
        cities=("Rīga", "Rīga", "Rīga", "Ventspils", "Liepāja", "Daugavpils", "Jelgava", "Rēzekne"),
        companies=25,
        committed_share=0.7,
        specials=(
            Special("Rīga Transport Academy", "university", "85.40", "Rīga", 310),
            Special("Baltic Freight Leasing", "finance", "64.91", "Rīga", 35),
            Special("Port Logistics Consulting", "consultant", "70.20", "Ventspils", 5),
        ),
    ),
)

# Which members also join another cluster: the cross-industry value chain (from, to, how many).
CROSS_MEMBERSHIPS: tuple[tuple[str, str, int], ...] = (
    ("it", "logistics", 5),
    ("it", "food", 3),
    ("food", "logistics", 4),
    ("logistics", "food", 4),
    ("netport", "logistics", 2),
    ("ee_ict", "it", 2),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Invented brand words for company names, per country (one word each, split on spaces).
BRANDS: dict[str, tuple[str, ...]] = {
    "LV": _words(
        """Gauja Daugava Venta Dzintarkrasts Zīle Ķirsis Ozols Saule Rasa Mēness Vējš Liepa
        Bērzs Aka Zvaigzne Kalns Upe Ezers Lauva Strazds Dzērve Ābele Medus Sēta Tilts Ostas
        Baltā Zaļā Kurzemes Vidzemes Latgales Zemgales Sprīdītis Māra Pērkons Rota"""
    ),
    "EE": _words(
        """Toome Emajõe Pirita Harju Viru Peipsi Kõrve Sõõru Rebase Kuusiku Põhjala Läänemere
        Vikerkaar Tähe Metsa Järve Kaseke Õunapuu Sinilille"""
    ),
    "SE": _words(
        """Hanö Östersjö Listerlandet Möckeln Blekinge Skärgård Ekhaga Björkö Tärnö Sölve Ronne
        Åby Kustlinje Mörrum Vågbrytare Fyrtorn"""
    ),
}
LEGAL_SUFFIX = {"LV": "SIA", "EE": "OÜ", "SE": "AB"}
LARGE_SUFFIX = {"LV": "AS", "EE": "AS", "SE": "AB"}

# Invented people: (male first names, female first names) per country.
FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "LV": (
        _words("Jānis Andris Mārtiņš Edgars Kārlis Raimonds Uldis Aivars Artūrs"),
        _words("Ilze Dace Līga Inese Kristīne Anda Ieva Sandra Zane Baiba"),
    ),
    "EE": (
        _words("Jüri Mart Tõnu Priit Rein Andres Märt Tiit"),
        _words("Kadri Triin Külli Mari Liis Kärt Ülle Piret"),
    ),
    "SE": (
        _words("Anders Björn Lars Göran Per Måns Jörgen Olof"),
        _words("Åsa Karin Märta Ingrid Sofie Linnéa Ebba Elin"),
    ),
}


def _surnames(text: str) -> tuple[tuple[str, str], ...]:
    """'Bērziņš/Bērziņa Tamm' -> (('Bērziņš', 'Bērziņa'), ('Tamm', 'Tamm')): male/female forms."""
    return tuple((w.split("/")[0], w.split("/")[-1]) for w in text.split())


SURNAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "LV": _surnames(
        """Bērziņš/Bērziņa Kalniņš/Kalniņa Ozoliņš/Ozoliņa Liepiņš/Liepiņa Krūmiņš/Krūmiņa
        Zariņš/Zariņa Vītols/Vītola Jansons/Jansone Eglītis/Eglīte Pētersons/Pētersone
        Grīnbergs/Grīnberga Lūsis/Lūse"""
    ),
    "EE": _surnames("Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Kõiv Lepik Õunapuu Järv Müür"),
    "SE": _surnames(
        """Andersson Johansson Karlsson Nilsson Eriksson Lindqvist Åberg Sjöström Öberg Lundström
        Håkansson Bäckström"""
    ),
}
JOB_TITLES = (
    "Chief Executive Officer",
    "Managing Director",
    "Business Development Manager",
    "Head of Operations",
    "Export Manager",
    "Project Manager",
    "Chief Technology Officer",
    "Quality Manager",
)
PHONE_PREFIX = {"LV": "+371 2", "EE": "+372 5", "SE": "+46 70"}
