"""The rules of a cluster import that are not about reading rows: which ESCA sector group a
NACE code belongs to, how an acronym is made from a name, and where label awards are recorded
(the assessment area registers its `LabelStore` at start-up)."""

import re
from datetime import date
from typing import Protocol

from django.utils.translation import gettext as _

from clusterhub.common.text import search_key
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.importer.cells import parse_date
from clusterhub.registry.importer.cells import read_nace
from clusterhub.registry.models import Cluster

# NACE 2.1 division -> ESCA sector group, where the division clearly belongs to one; a class
# listed in CLASS_GROUPS overrides its division. Divisions without a group (trade, finance,
# public administration...) leave the group to be written in words.
_DIVISION_RANGES: tuple[tuple[int, int, str], ...] = (
    (1, 3, SectorGroup.FOOD),
    (5, 6, SectorGroup.ENERGY_ENVIRONMENT),
    (7, 9, SectorGroup.MATERIALS),
    (10, 12, SectorGroup.FOOD),
    (13, 17, SectorGroup.PRODUCTION),
    (18, 18, SectorGroup.CREATIVE),
    (19, 20, SectorGroup.MATERIALS),
    (21, 21, SectorGroup.HEALTH),
    (22, 23, SectorGroup.MATERIALS),
    (24, 25, SectorGroup.PRODUCTION),
    (26, 26, SectorGroup.MICRO_NANO),
    (27, 28, SectorGroup.PRODUCTION),
    (29, 30, SectorGroup.TRANSPORT),
    (31, 33, SectorGroup.PRODUCTION),
    (35, 35, SectorGroup.ENERGY_ENVIRONMENT),
    (36, 36, SectorGroup.MARITIME),
    (37, 39, SectorGroup.ENERGY_ENVIRONMENT),
    (41, 43, SectorGroup.CONSTRUCTION),
    (49, 49, SectorGroup.TRANSPORT),
    (50, 50, SectorGroup.MARITIME),
    (51, 51, SectorGroup.AVIATION_SPACE),
    (52, 53, SectorGroup.TRANSPORT),
    (55, 56, SectorGroup.TOURISM),
    (58, 60, SectorGroup.CREATIVE),
    (61, 63, SectorGroup.ICT),
    (73, 74, SectorGroup.CREATIVE),
    (75, 75, SectorGroup.HEALTH),
    (79, 79, SectorGroup.TOURISM),
    (86, 88, SectorGroup.HEALTH),
    (90, 91, SectorGroup.CREATIVE),
    (92, 93, SectorGroup.TOURISM),
)
DIVISION_GROUPS: dict[str, str] = {
    f"{d:02d}": group for low, high, group in _DIVISION_RANGES for d in range(low, high + 1)
}
CLASS_GROUPS: dict[str, str] = {
    "21.10": SectorGroup.BIOTECHNOLOGY,  # basic pharmaceutical products
    "30.11": SectorGroup.MARITIME,  # ships
    "30.12": SectorGroup.MARITIME,  # boats
    "30.30": SectorGroup.AVIATION_SPACE,  # aircraft and spacecraft
    "32.50": SectorGroup.HEALTH,  # medical instruments
    "58.29": SectorGroup.ICT,  # software publishing
    "72.10": SectorGroup.BIOTECHNOLOGY,  # R&D in natural sciences and engineering
}
LABEL_LEVELS = ("bronze", "silver", "gold")

# Words left out of a made acronym ("Cluster of Food and Drinks" -> CFD).
_SMALL_WORDS = {
    "of", "and", "the", "for", "in", "on", "a", "an", "&", "und", "der", "die", "das", "für",
    "och", "för", "i", "av", "un", "ja", "de", "des", "du", "la", "le", "et", "del", "y", "e",
    "di", "per", "van", "het", "en",
}  # fmt: skip
MAX_ACRONYM = 12


class LabelStore(Protocol):
    """Where label awards live (filled by the assessment area at start-up)."""

    def current(self, cluster_ids: list[int]) -> dict[int, set[tuple[str, date]]]:
        """(level, valid_until) of the awards each cluster already holds."""

    def record(self, cluster: Cluster, level: str, valid_until: date) -> None:
        """Record an award valid until that day (with its history)."""


_label_store: list[LabelStore] = []


def register_label_store(store: LabelStore) -> None:
    _label_store[:] = [store]


def label_store() -> LabelStore | None:
    return _label_store[0] if _label_store else None


def group_for_nace(code: str) -> str | None:
    """The ESCA sector group of a NACE class or division, if it clearly has one."""
    return CLASS_GROUPS.get(code) or DIVISION_GROUPS.get(code[:2])


def make_acronym(name: str, taken: set[str], country: str = "") -> str:
    """A readable acronym from the name's initials, not in `taken` (upper-cased acronyms).

    Words in capitals are kept whole ("Latvian IT Cluster" -> LITC); a name of one word gives
    its first letters. A taken acronym gets the country ("LITC-LV"), then a number.
    """
    words = [w for w in re.split(r"[^\w&]+", name) if w]
    parts = []
    for word in words:
        if word.casefold() in _SMALL_WORDS:
            continue
        if word.isupper() and len(word) <= 4:
            parts.append(word)
        else:
            parts.append(word[0])
    base = search_key("".join(parts)).replace(" ", "").upper()
    if len(base) < 2:
        base = search_key(name).replace(" ", "").upper()[:5] or "CL"
    base = base[:MAX_ACRONYM]
    candidates = [base] + ([f"{base}-{country}"] if country else [])
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    return next(c for c in candidates if c.upper() not in taken)


def read_sectors(text: str, nace_codes: dict, problem, note) -> tuple[str | None, list | None]:
    """An ESCA group and/or NACE codes separated by ";" ("ict; 62.10; 63"): the group
    written, else the first code's; the codes (if any) are the cluster's sectors."""
    tokens = []
    for token in (t.strip() for t in text.split(";")):
        if re.fullmatch(r"[\d.,\s]+", token):
            tokens.extend(t.strip() for t in token.split(",") if t.strip())
        elif token:
            tokens.append(token)
    found, group, from_codes = [], None, None
    for token in tokens:
        wanted = " ".join(token.casefold().replace("_", " ").split())
        named = next(
            (
                value
                for value, label in SectorGroup.choices
                if wanted in (value.replace("_", " "), str(label).casefold())
            ),
            None,
        )
        if named:
            group = group or named
            continue
        code = f"{token[:2]}.{token[2:]}" if re.fullmatch(r"\d{4}", token) else token
        if re.fullmatch(r"\d\d\.\d\d?", code):
            # A class: a NACE Rev. 2 code converts with a note, or lists its candidates.
            nace = read_nace(code, nace_codes, "sector_group", problem, note)
            if nace is None:
                return None, None
            code = nace.code
        else:
            nace = nace_codes.get(code)
        if nace is None:
            problem(
                "sector_group",
                _(
                    "Unknown sector group or NACE division: %(value)s. Use one of "
                    "%(groups)s, or NACE divisions such as 62; 63."
                )
                % {"value": token, "groups": ", ".join(SectorGroup.values)},
            )
            return None, None
        found.append(nace)
        from_codes = from_codes or group_for_nace(code)
    group = group or from_codes
    if group is None:
        problem(
            "sector_group",
            _(
                "NACE %(codes)s belongs to no ESCA sector group; add the group (one of "
                "%(groups)s), e.g. ict; %(codes)s."
            )
            % {
                "codes": "; ".join(c.code for c in found),
                "groups": ", ".join(SectorGroup.values),
            },
        )
    return group, (found or None)


def read_label(level_text: str, until_text: str, problem) -> tuple[str, date] | None:
    if not level_text and not until_text:
        return None
    words = set(re.findall(r"\w+", level_text.casefold()))
    level = next((lv for lv in LABEL_LEVELS if lv in words), None)
    if level is None:
        problem(
            "label",
            _("Unknown label: %(value)s. Write Bronze, Silver or Gold.")
            % {"value": level_text or "—"},
        )
    until = parse_date(until_text, "label_valid_until", problem)
    if until is None and not until_text:
        problem("label_valid_until", _("Give the day the label is valid until."))
    if level is None or until is None:
        return None
    return level, until
