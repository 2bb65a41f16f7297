"""The matchmaking demo's texts: offers and requests by NACE class (some in Latvian, Estonian
and Swedish, to show that matching crosses languages) and the farm-to-fork value chain."""

from clusterhub.matchmaking.enums import ProfileKind

B_OFFER, B_REQUEST = ProfileKind.BUSINESS_OFFER, ProfileKind.BUSINESS_REQUEST
T_OFFER, T_REQUEST = ProfileKind.TECHNOLOGY_OFFER, ProfileKind.TECHNOLOGY_REQUEST

# (kind, title, description, keywords, NACE codes) by the organisation's primary NACE class.
# Texts in Latvian (lv), Estonian (et) and Swedish (sv) show that the matching crosses languages.
TEMPLATES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "10.51": [
        (
            B_OFFER,
            "Organic dairy products for Nordic retail",
            "We produce organic cheese, kefir and yoghurt from Vidzeme milk and look for retail "
            "chains and HoReCa buyers in Sweden and Finland.",
            "dairy, cheese, organic",
            "10.51",
        ),
        (
            B_REQUEST,
            "Cold-chain transport of dairy products to Scandinavia",
            "We need a refrigerated trucking partner for regular temperature-controlled deliveries "
            "of chilled dairy products from Latvia to Stockholm and Helsinki, with cold storage "
            "near the port.",
            "refrigerated transport, cold chain, logistics",
            "49.41, 52.10",
        ),
        (
            T_REQUEST,
            "Traceability software from farm to shelf",
            "We are looking for a software partner to implement batch traceability from milk "
            "collection to the retail shelf, with temperature logging and recall reports.",
            "traceability, software, food safety",
            "62.10",
        ),
    ],
    "10.71": [
        (
            B_REQUEST,
            "Meklējam loģistikas partneri maizes piegādei",
            "Meklējam loģistikas uzņēmumu, kas katru dienu piegādātu svaigu rudzu maizi veikaliem "
            "Rīgā un Tallinā, ar noliktavu un pasūtījumu izsekošanu.",
            "loģistika, piegāde, noliktava",
            "49.41",
        ),
        (
            B_OFFER,
            "Traditional rye bread for export",
            "Bakery producing traditional Latvian rye bread and sourdough for export markets.",
            "bakery, rye bread",
            "10.71",
        ),
    ],
    "10.11": [
        (
            T_REQUEST,
            "Cold storage and route planning for meat products",
            "Meat processor seeks frozen storage capacity and route planning software for "
            "deliveries to supermarkets in the Baltics.",
            "cold storage, route planning",
            "52.10",
        ),
    ],
    "10.39": [
        (
            T_REQUEST,
            "Meklējam e-komercijas un izsekojamības risinājumu",
            "Ogu pārstrādes uzņēmums meklē programmatūras izstrādātāju e-veikala un partiju "
            "izsekojamības sistēmai eksportam uz Zviedriju.",
            "programmatūra, e-komercija, izsekojamība",
            "62.10",
        ),
        (
            B_OFFER,
            "Berry juices and preserves",
            "Cold-pressed berry juices and preserves from Vidzeme for retail and HoReCa.",
            "juice, berries",
            "10.39",
        ),
    ],
    "11.07": [
        (
            B_REQUEST,
            "Distribution partner for birch sap drinks",
            "Drinks producer looks for warehousing and distribution of bottled birch sap in the "
            "Nordic countries.",
            "distribution, warehousing",
            "52.10, 46.34",
        ),
    ],
    "01.41": [
        (
            B_OFFER,
            "Raw milk from family dairy farm",
            "Family dairy farm offers raw milk to dairy processors in Vidzeme.",
            "milk, farm",
            "01.41",
        ),
    ],
    "49.41": [
        (
            B_OFFER,
            "Refrigerated trucking Baltics–Nordics",
            "Temperature-controlled road freight for chilled and frozen food between the Baltic "
            "states, Sweden and Finland; cold chain monitored in real time.",
            "refrigerated transport, cold chain, food logistics",
            "49.41",
        ),
        (
            T_REQUEST,
            "Fleet telematics and route optimisation",
            "Trucking company looking for fleet telematics, route optimisation and driver apps.",
            "telematics, route optimisation, software",
            "62.10",
        ),
    ],
    "52.10": [
        (
            B_OFFER,
            "Saldētava un noliktava Rīgas ostā",
            "Piedāvājam temperatūras kontrolētu noliktavu un saldētavu pārtikas produktiem Rīgas "
            "ostā, ar krājumu uzskaiti un izsekošanu.",
            "noliktava, saldētava, pārtika",
            "52.10",
        ),
        (
            T_REQUEST,
            "Warehouse management system",
            "Cold store looking for a warehouse management system with temperature sensors.",
            "warehouse management, sensors",
            "62.10",
        ),
    ],
    "52.24": [
        (
            B_OFFER,
            "Cargo handling at the port of Riga",
            "Terminal services: loading and handling of containers and reefer cargo.",
            "terminal, cargo handling",
            "52.24",
        ),
    ],
    "52.25": [
        (
            B_OFFER,
            "Supply chain planning for food exporters",
            "Logistics operator organising end-to-end supply chains for food exporters.",
            "supply chain, logistics",
            "52.25",
        ),
    ],
    "52.31": [
        (
            B_OFFER,
            "Freight forwarding and customs",
            "Freight forwarding, customs clearance and documentation for exports to the Nordics.",
            "forwarding, customs",
            "52.31",
        ),
    ],
    "53.20": [
        (
            B_OFFER,
            "Same-day courier deliveries",
            "Courier and parcel deliveries for e-shops in Riga and Tallinn.",
            "courier, parcels",
            "53.20",
        ),
    ],
    "62.10": [
        (
            T_OFFER,
            "Food traceability software",
            "Software for batch traceability in food production: from farm to shelf, with "
            "temperature logging, recall reports and integration with retailers.",
            "traceability, food safety, software",
            "62.10",
        ),
        (
            B_REQUEST,
            "Pilot customers in the food industry",
            "Software house looking for food producers to pilot a quality and traceability app.",
            "pilot, food industry",
            "10",
        ),
    ],
    "62.20": [
        (
            T_OFFER,
            "Fleet telematics and route optimisation platform",
            "Cloud platform for transport companies: GPS fleet telematics, route optimisation, "
            "driver apps and cold-chain temperature monitoring.",
            "telematics, route optimisation, cloud",
            "62.20",
        ),
    ],
    "63.10": [
        (
            T_OFFER,
            "Hosting and data services for e-commerce",
            "Data centre and hosting for online shops and ERP systems.",
            "hosting, cloud",
            "63.10",
        ),
    ],
    "58.29": [
        (
            T_OFFER,
            "Warehouse management SaaS",
            "Warehouse management system as a service with barcode and sensor integration.",
            "warehouse management, SaaS",
            "58.29",
        ),
    ],
    "62.90": [
        (
            T_OFFER,
            "IT support for small companies",
            "IT support and system administration for SMEs.",
            "IT support",
            "62.90",
        ),
    ],
}
# Estonian members of EE-ICT and Swedish members of NETPORT write their offers in their language.
LOCAL_OFFERS = {
    "EE": (
        T_OFFER,
        "Toiduainete jälgitavuse tarkvara",
        "Pakume toidutootjatele partiide jälgitavuse tarkvara põllult poeletini, koos "
        "temperatuuri logimise ja tagasikutsumise aruannetega.",
        "jälgitavus, tarkvara, toiduohutus",
        "62.10",
    ),
    "SE": (
        T_OFFER,
        "Flotthantering och ruttoptimering",
        "Vi erbjuder transportföretag flotthantering, ruttoptimering och övervakning av "
        "kylkedjan i realtid.",
        "flotthantering, ruttoptimering, kylkedja",
        "62.20",
    ),
}

# Other wordings of the titles above: members of one sector publish the same kind of offer, but
# a list where twenty rows read alike is useless. The n-th member using a template takes the
# n-th wording; when the wordings run out, the title names where the member is.
WORDINGS: dict[str, tuple[str, ...]] = {
    "Organic dairy products for Nordic retail": (
        "Farmhouse cheese for HoReCa buyers",
        "Kefir and yoghurt for private-label retail",
        "Lactose-free dairy range for export",
    ),
    "Cold-chain transport of dairy products to Scandinavia": (
        "Refrigerated deliveries of chilled dairy to Stockholm",
        "Temperature-controlled freight for milk products",
        "Reefer transport partner for weekly dairy exports",
    ),
    "Traceability software from farm to shelf": (
        "Batch tracking from milk collection to the shelf",
        "Recall reporting and temperature logs for a dairy",
        "Digital food-safety records for our production",
    ),
    "Traditional rye bread for export": (
        "Sourdough and rye bread for supermarkets",
        "Frozen bake-off rye bread for HoReCa",
    ),
    "Berry juices and preserves": (
        "Cold-pressed berry juice for retail",
        "Lingonberry and cranberry preserves",
    ),
    "Raw milk from family dairy farm": ("Organic raw milk from a family farm",),
    "Refrigerated trucking Baltics–Nordics": (
        "Chilled and frozen road freight to Finland",
        "Reefer trucks for food exporters",
        "Temperature-controlled groupage Baltics–Sweden",
        "Cold-chain transport with live temperature data",
    ),
    "Fleet telematics and route optimisation": (
        "Route planning software for a trucking fleet",
        "Driver app and GPS tracking for our trucks",
        "Digital tachograph and fleet data integration",
    ),
    "Warehouse management system": (
        "Stock control with temperature sensors",
        "Barcode and WMS for a cold store",
    ),
    "Food traceability software": (
        "Batch traceability as a service for food producers",
        "Recall management software for food",
        "Farm-to-shelf tracking platform",
    ),
    "Pilot customers in the food industry": (
        "Food producers wanted to pilot a quality app",
        "Early adopters for food-safety software",
    ),
    "Fleet telematics and route optimisation platform": (
        "Cloud fleet management for carriers",
        "Cold-chain temperature monitoring platform",
    ),
}

FARM_TO_FORK = [
    ("Primary production", ["01.41", "01.25"]),
    ("Processing", ["10", "11"]),
    ("Packaging", ["17.21", "22.22"]),
    ("Cold logistics", ["49.41", "52.10"]),
    ("Wholesale and retail", ["46.33", "47.24"]),
    ("IT enabler", ["62", "63"]),
]
