"""Derive data/nace21_titles.csv: the NACE Rev. 2.1 titles in English, Latvian, Estonian and
Swedish. The Latvian, Estonian and Swedish titles exist only for NACE Rev. 2 (Eurostat); a 2.1
code takes them when the same code exists in Rev. 2 with the same or nearly the same English
title, otherwise it keeps its English title alone (docs/translation.md, "NACE titles").

The source file stays outside the repository (../shared/data); the derived table is what ships.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from clusterhub.common.text import search_words
from clusterhub.registry.reference import NACE_TITLE_LANGUAGES
from clusterhub.registry.reference import NACE_TITLES_FILE
from clusterhub.registry.reference import SAME_CODE
from clusterhub.registry.reference import nace_rows

ENGLISH_FALLBACK = "english-fallback"
# Word overlap (Jaccard over folded words) from which two English titles count as the same
# activity: 0.8 keeps "Repair of X" / "Repair and maintenance of X" and punctuation or plural
# changes, and drops titles whose scope moved ("Production of electricity" became "... from
# non-renewable sources", 0.43; "Manufacture of explosives" became "... liquid biofuels").
NEAR_SAME = 0.8
COLUMNS = ["code", "title_en", "title_lv", "title_et", "title_sv", "source"]
HEADER = (
    "# Derived by `clusterhub derive_nace_titles` from nace_rev2_titles_en_lv_et_sv.csv: Eurostat's\n"
    "# NACE Rev. 2 titles in EN/LV/ET/SV (RAMON exports; reusable with acknowledgement under\n"
    "# Commission Decision 2011/833/EU) and the NACE Rev. 2.1 codes and English titles of the\n"
    "# naceconverter package (Statistics Norway SN2025, MIT). source=rev2-same-code: the code is\n"
    f"# unchanged in Rev. 2 with an English title of word overlap >= {NEAR_SAME}, so the Rev. 2\n"
    "# LV/ET/SV titles are used; english-fallback: no such code, LV/ET/SV left empty.\n"
)


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the folded words of two titles (1.0 for the same words)."""
    wa, wb = set(search_words(a)), set(search_words(b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def sentence_case(title: str) -> str:
    """Rev. 2 writes section titles in capitals ("JORDBRUK, SKOGSBRUK OCH FISKE"); NACE 2.1 and
    every other title here are in sentence case, so capitals become "Jordbruk, skogsbruk ..."."""
    title = title.strip()
    return title[:1] + title[1:].lower() if title.isupper() else title


def derive(source: Path) -> list[dict[str, str]]:
    """One row per NACE 2.1 code, in the package's order (parents before children)."""
    with source.open(encoding="utf-8", newline="") as f:
        old = {row["code"].strip(): row for row in csv.DictReader(f)}
    rows = []
    for code, _level, _parent, title in nace_rows():
        rev2 = old.get(code)
        row = {"code": code, "title_en": title, "source": ENGLISH_FALLBACK}
        row.update({f"title_{lang}": "" for lang in NACE_TITLE_LANGUAGES})
        if rev2 is not None and similarity(title, rev2["title_en"]) >= NEAR_SAME:
            row["source"] = SAME_CODE
            row.update(
                {
                    f"title_{lang}": sentence_case(rev2[f"title_{lang}"])
                    for lang in NACE_TITLE_LANGUAGES
                }
            )
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Derive the NACE 2.1 titles in LV/ET/SV from Eurostat's NACE Rev. 2 titles."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="nace_rev2_titles_en_lv_et_sv.csv")
        parser.add_argument("--output", type=Path, default=NACE_TITLES_FILE)

    def handle(self, *args, source: Path, output: Path, **options):
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        rows = derive(source)
        with output.open("w", encoding="utf-8", newline="") as f:
            f.write(HEADER)
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        mapped = sum(r["source"] == SAME_CODE for r in rows)
        self.stdout.write(
            f"{len(rows)} NACE 2.1 codes: {mapped} with LV/ET/SV titles from Rev. 2, "
            f"{len(rows) - mapped} in English only. Written to {output}."
        )
