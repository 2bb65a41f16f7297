"""Derive data/nace21_notes.csv: a short digest of Eurostat's NACE Rev. 2 explanatory notes for
each NACE 2.1 class, so the suggestion index knows the words behind a title ("haulage",
"web pages"). The source file stays outside the repository; the derived table is what ships.
"""

import csv
import re
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from clusterhub.core.nace_text import fold
from clusterhub.core.nace_text import words
from clusterhub.registry.nace_suggest import CLASS_CODE
from clusterhub.registry.nace_suggest import DATA
from clusterhub.registry.reference import nace_rows

DIGEST_CHARS = 400
HEADER = (
    "# Derived by `clusterhub build_nace_notes` from Eurostat's NACE Rev. 2 explanatory notes\n"
    "# (RAMON export 2018-09-10, file nace_rev2_eurostat_en.csv; reusable with acknowledgement\n"
    "# under Commission Decision 2011/833/EU). notes_en: the 'includes' items of the Rev. 2 class\n"
    "# source_code, matched to the NACE 2.1 class by the same code and a similar title, else by\n"
    "# the most similar title (word overlap >= 0.6). Classes new in 2.1 have no row.\n"
)


def _items(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip(" -.\t")
        if not line or re.match(r"^This (class|group|division) (also )?includes?:?$", line):
            continue
        out.append(re.sub(r"^This (class|group|division) (also )?includes?:?\s*", "", line))
    return out


def _similarity(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


class Command(BaseCommand):
    help = "Derive the NACE 2.1 explanatory-notes digest from Eurostat's NACE Rev. 2 notes."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="nace_rev2_eurostat_en.csv")

    def handle(self, *args, source: Path, **options):
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        with source.open(encoding="utf-8", newline="") as f:
            old = {r["code"]: r for r in csv.DictReader(f) if CLASS_CODE.match(r["code"] or "")}
        rows = []
        for code, level, _parent, title in nace_rows():
            if level != 4:
                continue
            match = None
            if code in old and _similarity(title, old[code]["description"]) >= 0.5:
                match = code
            else:
                best = max(old, key=lambda c: _similarity(title, old[c]["description"]))
                if _similarity(title, old[best]["description"]) >= 0.6:
                    match = best
            if match is None:
                continue
            r = old[match]
            items = _items(r["includes"]) + _items(r["also_includes"])
            digest = "; ".join(dict.fromkeys(i for i in items if fold(i) != fold(title)))
            if digest:
                rows.append((code, digest[:DIGEST_CHARS].rsplit(" ", 1)[0], match))
        DATA.mkdir(exist_ok=True)
        with (DATA / "nace21_notes.csv").open("w", encoding="utf-8", newline="") as f:
            f.write(HEADER)
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["code", "notes_en", "source_code"])
            writer.writerows(rows)
        self.stdout.write(f"{len(rows)} NACE 2.1 classes have a notes digest.")
