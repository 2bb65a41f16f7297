"""Old codes converted, not refused: NACE Rev. 2 -> NACE 2.1 and NUTS 2021 -> NUTS 2024.

Two derived tables (`clusterhub derive_code_conversions`; method in docs/codes.md) say what each
old code becomes. A code that is current is always taken as it is: the registry speaks NACE 2.1
and NUTS 2024. An old code converts when its table row names one successor (same title, a new
code for the same region, the region of the same name with moved borders), and the conversion
is shown ("62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)"). When it names several, the caller gets the
choices and must refuse with them: an ambiguous code is never applied silently.

Imports, forms and the API all come here; only the way the result is shown differs.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterhub.common.text import is_ascii_number

DATA = Path(__file__).resolve().parent / "data"
NACE_TABLE = DATA / "nace_rev2_to_nace21.csv"
NUTS_TABLE = DATA / "nuts2021_to_nuts2024.csv"
NACE_COLUMNS = ["rev2_code", "level", "rev2_title", "method", "nace21", "similarity"]
NUTS_COLUMNS = ["code_2021", "country", "level", "name_2021", "method", "nuts2024", "names_2024"]
SEPARATOR = ";"  # Between the codes of one cell: codes hold no semicolons.


class Method:
    EXACT = "exact"
    SAME_TITLE = "same-title"
    CANDIDATES = "candidates"
    NONE = "none"
    NACE = (EXACT, SAME_TITLE, CANDIDATES, NONE)
    RECODE = "recode"
    BOUNDARY_SHIFT = "boundary-shift"
    SPLIT = "split"
    MERGED = "merged"
    NUTS = (RECODE, BOUNDARY_SHIFT, SPLIT, MERGED)
    # One successor: applied, with the conversion shown.
    APPLIED = (EXACT, SAME_TITLE, RECODE, BOUNDARY_SHIFT)


@dataclass(frozen=True)
class Choice:
    code: str
    title: str

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass(frozen=True)
class Converted:
    """What a typed code stands for now.

    `code` is the current code to use, or None (unknown, or an old code with a choice to make).
    `note` says what was converted; `error` says why there is no code (empty for an unknown code,
    whose message is the caller's own); `choices` are the candidates when a choice is needed.
    """

    code: str | None
    note: str = ""
    error: str = ""
    choices: tuple[Choice, ...] = ()
    old: str = ""  # The old code, as normalised, when converted or ambiguous.

    @property
    def unknown(self) -> bool:
        return self.code is None and not self.error


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _split(cell: str) -> list[str]:
    return [part for part in (cell or "").split(SEPARATOR) if part]


# NACE


@cache
def _nace_rev2() -> dict[str, dict[str, str]]:
    return {row["rev2_code"]: row for row in _read(NACE_TABLE)}


@cache
def _nace21_titles() -> dict[str, dict[str, str]]:
    """code -> language -> title of every NACE 2.1 code ('' where a language has none)."""
    from clusterhub.registry.reference import nace_rows
    from clusterhub.registry.reference import nace_titles

    translated = nace_titles()
    return {
        code: {"en": title, **translated.get(code, {})} for code, _lv, _parent, title in nace_rows()
    }


def nace21_codes() -> frozenset[str]:
    return frozenset(_nace21_titles())


def nace21_title(code: str, lang: str | None = None) -> str:
    titles = _nace21_titles().get(code, {})
    lang = (lang or get_language() or "en")[:2]
    return titles.get(lang) or titles.get("en", "")


def normalise_nace(text: str) -> str:
    """A NACE code as people type it: '6201' and '62.01 ' -> '62.01', 'k' -> 'K'."""
    code = text.strip().upper()
    if is_ascii_number(code) and len(code) in (3, 4):
        code = f"{code[:2]}.{code[2:]}"
    return code


def _ranked_by_description(codes: list[str], description: str) -> list[str]:
    """The candidates, those the description's words fit best first (stable otherwise)."""
    if not description.strip() or len(codes) < 2:
        return codes
    from clusterhub.core.nace_text import lexical_scores
    from clusterhub.registry import nace_suggest

    classes = nace_suggest.classes()
    scores, _matched = lexical_scores(nace_suggest.lexical_index(), description)
    if not np.any(scores):
        return codes

    def fit(code: str) -> float:
        # A class scores its own; a group or division its best class.
        return max(
            (float(scores[i]) for i, c in enumerate(classes) if c.code.startswith(code)),
            default=0.0,
        )

    return sorted(codes, key=lambda c: -fit(c))


def convert_nace(text: str, *, description: str = "") -> Converted:
    """A NACE 2.1 code for a typed NACE 2.1 or Rev. 2 code.

    A code valid in NACE 2.1 is taken as such. A Rev. 2 code with one counterpart converts; one
    with several gets them as choices, those fitting `description` (the organisation's own
    words) first.
    """
    code = normalise_nace(text)
    if code in nace21_codes():
        return Converted(code)
    row = _nace_rev2().get(code)
    if row is None:
        return Converted(None)
    targets = _split(row["nace21"])
    if row["method"] in Method.APPLIED and len(targets) == 1:
        return Converted(
            targets[0],
            note=_("%(old)s (NACE Rev. 2) → %(new)s (NACE 2.1)") % {"old": code, "new": targets[0]},
            old=code,
        )
    if not targets:
        return Converted(
            None,
            error=_(
                "%(code)s is a NACE Rev. 2 code (%(title)s) with no NACE 2.1 counterpart found; "
                "give a NACE 2.1 code."
            )
            % {"code": code, "title": row["rev2_title"]},
            old=code,
        )
    choices = tuple(
        Choice(c, nace21_title(c)) for c in _ranked_by_description(targets, description)
    )
    return Converted(
        None,
        error=_(
            "%(code)s is a NACE Rev. 2 code (%(title)s) with no single NACE 2.1 counterpart; "
            "choose one of: %(choices)s."
        )
        % {
            "code": code,
            "title": row["rev2_title"],
            "choices": "; ".join(str(c) for c in choices),
        },
        choices=choices,
        old=code,
    )


def nace_meaning_changed(code: str) -> str:
    """For a code valid in both NACE Rev. 2 and 2.1 whose Rev. 2 activity is now another code's
    (its Rev. 2 title belongs to that code in 2.1): a note that it was read as NACE 2.1, since a
    file of Rev. 2 codes means the old activity. Codes whose titles were only reworded
    ("Operation of dairies" / "Manufacture of dairy products") get no note."""
    row = _nace_rev2().get(code)
    if row is None or code not in nace21_codes() or row["method"] != Method.SAME_TITLE:
        return ""
    return _(
        "%(code)s is read as NACE 2.1 (%(new_title)s); in NACE Rev. 2 it meant %(old_title)s, "
        "which is %(new)s in NACE 2.1."
    ) % {
        "code": code,
        "new_title": nace21_title(code),
        "old_title": row["rev2_title"],
        "new": _split(row["nace21"])[0],
    }


# NUTS


@cache
def _nuts2021() -> dict[str, dict[str, str]]:
    return {row["code_2021"]: row for row in _read(NUTS_TABLE)}


def convert_nuts(text: str) -> Converted:
    """A NUTS 2024 code for a NUTS 2021 code that changed: Converted(None) when the code is not
    in the change list (a current code, or an unknown one: the caller looks it up)."""
    code = "".join(text.split()).upper()
    row = _nuts2021().get(code)
    if row is None:
        return Converted(None)
    targets = _split(row["nuts2024"])
    names = _split(row["names_2024"])
    values = {"old": code, "name": row["name_2021"]}
    if row["method"] in Method.APPLIED and len(targets) == 1:
        values["new"] = targets[0]
        if row["method"] == Method.BOUNDARY_SHIFT:
            note = _("%(old)s (NUTS 2021) → %(new)s (NUTS 2024; the region's borders moved)")
        else:
            note = _("%(old)s (NUTS 2021) → %(new)s (NUTS 2024)")
        return Converted(targets[0], note=note % values, old=code)
    choices = tuple(Choice(c, n) for c, n in zip(targets, names, strict=False))
    values["choices"] = "; ".join(str(c) for c in choices)
    if row["method"] == Method.SPLIT:
        error = _(
            "%(old)s (NUTS 2021, %(name)s) was split in NUTS 2024; choose one of: %(choices)s."
        )
    else:
        error = _(
            "%(old)s (NUTS 2021, %(name)s) was merged into other regions in NUTS 2024; choose "
            "one of: %(choices)s."
        )
    return Converted(None, error=error % values, choices=choices, old=code)
