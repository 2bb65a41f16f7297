"""An organisation's type read from its name, where the name says it, in en/lv/et/sv.

Only words that settle the type are read: "Tartu Ülikool" is a university, "Biedrība ..." and
"MTÜ ..." are associations, "Rae vald" and "Malmö kommun" are public bodies. A company's legal
form (SIA, OÜ, AB) says nothing about its size, so it is not read; such a row gets a question.

Words are matched on the NFC, case-folded name at word starts; the patterns that end in `\\w*`
also match inflected forms and compounds ("universitātes", "Tehnikaülikool", "föreningen").
"""

import re
import unicodedata

from clusterhub.registry.enums import OrganisationType

# Read in order; the first pattern found decides.
_NAME_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        OrganisationType.UNIVERSITY,
        r"\buniversit\w*|\w*ülikool\w*|\bhögskola\w*|\w+högskolan\b|\baugstskola\w*"
        r"|\bkoledža\w*|\buniversity\b|\bcollege\b",
    ),
    (
        OrganisationType.RESEARCH,
        r"\binstit(?:ute|uut|ūts|ut|utet)\b|\bresearch centre\b|\bresearch center\b"
        r"|\bpētniecības centrs\b|\bteaduskeskus\b|\bforskningsinstitut\w*",
    ),
    (
        OrganisationType.PUBLIC,
        r"\bmunicipality\b|\bcity council\b|\bministry\b|\bministrija\b|\bministeerium\b"
        r"|\bpašvaldība\w*|\bnovada dome\b|\bdome\b|\bvald\b|\blinnavalitsus\b"
        r"|\bvallavalitsus\b|\bkommun(?:en)?\b|\blänsstyrelse\w*|^region \w+"
        r"|\bagentūra\b|\bdepartement\w*",
    ),
    (
        OrganisationType.ASSOCIATION,
        r"\bassociation\b|\bbiedrība\w*|\bmtü\b|\bmittetulundusühing\w*|(?<!ekonomisk )\bförening\w*"
        r"|\bförbund\w*|\basociācija\w*|\bliit\b|\bühing\b|\bcluster\b|\bklasteris\b"
        r"|\bklaster\b|\bkluster\w*|\bchamber of\b|\bfederation\b",
    ),
    (
        OrganisationType.EDUCATION,
        r"\bschool\b|\bskola\b|\btehnikums\b|\bkutsekool\w*|\w+kool\b|\bgymnasium\b",
    ),
)
_COMPILED = tuple((value, re.compile(pattern)) for value, pattern in _NAME_PATTERNS)


def type_from_name(name: str) -> str | None:
    """The organisation type the name states, or None when it does not say."""
    folded = unicodedata.normalize("NFC", name).casefold()
    for value, pattern in _COMPILED:
        if pattern.search(folded):
            return value
    return None
