"""Derive the two conversion tables of old codes (docs/codes.md):

- data/nace_rev2_to_nace21.csv from Eurostat's NACE Rev. 2 structure
  (nace_rev2_titles_en_lv_et_sv.csv) and the NACE 2.1 structure the registry loads
  (naceconverter). No official Rev. 2 -> 2.1 correspondence ships offline, so each Rev. 2 code
  gets a method: `exact` (the code is unchanged in 2.1 with the same title), `same-title` (one
  other 2.1 code of the same level has that title), `candidates` (2.1 codes of the same level
  ranked by title similarity; never applied without a choice) or `none`.
- data/nuts2021_to_nuts2024.csv from Eurostat's NUTS 2021 -> 2024 change list
  (nuts2021_to_nuts2024_changes.csv): `recode` (same region, new code), `boundary-shift` (the
  region of that name continues under a new code with moved borders), `split` and `merged` (a
  choice among the successors).

The sources stay outside the repository (../shared/data); the derived tables are what ships.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from clusterhub.common.text import is_ascii_number
from clusterhub.common.text import search_words
from clusterhub.registry.conversions import NACE_COLUMNS
from clusterhub.registry.conversions import NACE_TABLE
from clusterhub.registry.conversions import NUTS_COLUMNS
from clusterhub.registry.conversions import NUTS_TABLE
from clusterhub.registry.conversions import SEPARATOR
from clusterhub.registry.conversions import Method
from clusterhub.registry.reference import nace_rows

# Word overlap (Jaccard over folded words) from which two titles count as the same activity;
# the threshold derive_nace_titles uses for the same purpose.
SAME_TITLE = 0.8
# Words that say nothing about the activity when titles are compared for candidates.
FILLER = frozenset(
    ("a", "and", "as", "by", "except", "for", "in", "of", "on", "or", "other", "the", "to")
    + ("with", "activities", "activity", "activitie")
)
# "n.e.c." (not elsewhere classified) is folded to three one-letter words; it names no activity.
NEC = frozenset(("n", "e", "c"))
# A candidate in the same division as the old code gets this much extra similarity: most
# activities stayed in their division.
SAME_DIVISION = 0.05
MIN_SIMILARITY = 0.15
MAX_CANDIDATES = 5

NACE_HEADER = (
    "# Derived by `clusterhub derive_code_conversions` from Eurostat's NACE Rev. 2 structure\n"
    "# (nace_rev2_titles_en_lv_et_sv.csv) and the NACE 2.1 structure of the naceconverter\n"
    "# package. method: exact = same code, same title; same-title = the one 2.1 code of the\n"
    "# same level with that title; candidates = 2.1 codes ranked by title similarity (a choice,\n"
    "# never applied automatically); none = nothing similar. See docs/codes.md.\n"
)
NUTS_HEADER = (
    "# Derived by `clusterhub derive_code_conversions` from Eurostat's NUTS 2021 -> NUTS 2024\n"
    "# change list (NUTS2021-NUTS2024.xlsx). method: recode = same region, new code;\n"
    "# boundary-shift = the region of that name under a new code, borders moved; split and\n"
    "# merged = a choice among nuts2024 (nearest first). See docs/codes.md.\n"
)


def _words(title: str, filler: frozenset[str]) -> set[str]:
    """The folded words of a title, a plural -s dropped ("Museums", "Telecommunications")."""
    words = set()
    for word in search_words(title):
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words - filler - NEC


def similarity(a: str, b: str, *, filler: frozenset[str] = frozenset()) -> float:
    """Jaccard overlap of the folded words of two titles, `filler` words left out."""
    wa, wb = _words(a, filler), _words(b, filler)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _division(code: str) -> str:
    return code[:2] if is_ascii_number(code[:2]) else ""


def derive_nace(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8", newline="") as f:
        old = list(csv.DictReader(f))
    new = [(code, level, title) for code, level, _parent, title in nace_rows()]
    new_titles = {code: title for code, _level, title in new}
    rows = []
    for r in old:
        code, level, title = r["code"].strip(), int(r["level"]), r["title_en"].strip()
        row = {"rev2_code": code, "level": str(level), "rev2_title": title}
        same_level = [(c, t) for c, lv, t in new if lv == level]
        if code in new_titles and similarity(title, new_titles[code]) >= SAME_TITLE:
            row.update(method=Method.EXACT, nace21=code, similarity="1.00")
            rows.append(row)
            continue
        same = [(c, s) for c, t in same_level if (s := similarity(title, t)) >= SAME_TITLE]
        if len(same) == 1:
            row.update(method=Method.SAME_TITLE, nace21=same[0][0], similarity=f"{same[0][1]:.2f}")
            rows.append(row)
            continue
        scored = []
        for c, t in same_level:
            score = similarity(title, t, filler=FILLER)
            if score and _division(c) and _division(c) == _division(code):
                score += SAME_DIVISION
            if score >= MIN_SIMILARITY:
                scored.append((-round(score, 2), c))
        scored.sort()
        best = scored[:MAX_CANDIDATES]
        row.update(
            method=Method.CANDIDATES if best else Method.NONE,
            nace21=SEPARATOR.join(c for _s, c in best),
            similarity=SEPARATOR.join(f"{-s:.2f}" for s, _c in best),
        )
        rows.append(row)
    return rows


def _label(r: dict[str, str]) -> str:
    return r["nuts1_label"] or r["nuts2_label"] or r["nuts3_label"]


def _changed(r: dict[str, str]) -> bool:
    """A row whose code changed (a name change keeps the code)."""
    return bool(r["change"].strip()) and r["code_2021"] != r["code_2024"]


def derive_nuts(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8", newline="") as f:
        changes = list(csv.DictReader(f))
    labels = {r["code_2024"]: _label(r) for r in changes if r["code_2024"]}
    out = []
    for i, r in enumerate(changes):
        old, new, change = r["code_2021"].strip(), r["code_2024"].strip(), r["change"].strip()
        if not old or old == new:
            continue
        row = {
            "code_2021": old,
            "country": r["country_code"],
            "level": r["nuts_level"],
            "name_2021": _label(r),
        }
        if new:
            out.append({**row, "method": Method.RECODE, "nuts2024": new, "names_2024": labels[new]})
            continue
        # The run of changed rows around this one, same country and level: where its
        # successors are listed.
        start = i
        while start > 0 and _changed(changes[start - 1]):
            start -= 1
        end = i
        while end + 1 < len(changes) and _changed(changes[end + 1]):
            end += 1
        block = [
            (j, c)
            for j, c in enumerate(changes[start : end + 1], start)
            if c["country_code"] == r["country_code"]
            and c["nuts_level"] == r["nuts_level"]
            and c["code_2024"]
            and not c["code_2021"]
        ]
        if change == "Boundary shift":
            same = [c["code_2024"] for _j, c in block if _label(c) == _label(r)]
            if len(same) == 1:
                out.append(
                    {
                        **row,
                        "method": Method.BOUNDARY_SHIFT,
                        "nuts2024": same[0],
                        "names_2024": labels[same[0]],
                    }
                )
                continue
        if change == "Split":
            following = []
            for c in changes[i + 1 :]:
                if c["change"] != "New region" or c["code_2021"]:
                    break
                if c["nuts_level"] == r["nuts_level"]:
                    following.append(c["code_2024"])
            method, successors = Method.SPLIT, following
        else:
            nearest = sorted(block, key=lambda jc: (abs(jc[0] - i), jc[0] < i))
            method, successors = Method.MERGED, [c["code_2024"] for _j, c in nearest]
        out.append(
            {
                **row,
                "method": method,
                "nuts2024": SEPARATOR.join(successors),
                "names_2024": SEPARATOR.join(labels[c] for c in successors),
            }
        )
    return out


def _write(path: Path, header: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header)
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _by_method(rows: list[dict], methods: tuple[str, ...]) -> str:
    """How many rows each method derived, in the methods' order: "12 exact, 3 same-title"."""
    return ", ".join(f"{sum(r['method'] == m for r in rows)} {m}" for m in methods)


class Command(BaseCommand):
    help = "Derive the NACE Rev. 2 -> 2.1 and NUTS 2021 -> 2024 conversion tables."

    def add_arguments(self, parser):
        parser.add_argument("data", type=Path, help="the folder with the source files")
        parser.add_argument("--nace-output", type=Path, default=NACE_TABLE)
        parser.add_argument("--nuts-output", type=Path, default=NUTS_TABLE)

    def handle(self, *args, data: Path, nace_output: Path, nuts_output: Path, **options):
        nace_source = data / "nace_rev2_titles_en_lv_et_sv.csv"
        nuts_source = data / "nuts2021_to_nuts2024_changes.csv"
        for source in (nace_source, nuts_source):
            if not source.is_file():
                raise CommandError(f"{source} does not exist.")
        nace = derive_nace(nace_source)
        _write(nace_output, NACE_HEADER, NACE_COLUMNS, nace)
        nuts = derive_nuts(nuts_source)
        _write(nuts_output, NUTS_HEADER, NUTS_COLUMNS, nuts)
        self.stdout.write(
            f"{len(nace)} NACE Rev. 2 codes: {_by_method(nace, Method.NACE)}. "
            f"Written to {nace_output}."
        )
        self.stdout.write(
            f"{len(nuts)} NUTS 2021 codes changed: {_by_method(nuts, Method.NUTS)}. "
            f"Written to {nuts_output}."
        )
