"""A spreadsheet with NACE Rev. 2 and NUTS 2021 codes and country names imports with every
conversion shown; ambiguous codes stop the import naming row, column and candidates."""

from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.models import Organisation

HEADER = "name,country,nuts,nace,secondary_nace,type,description,member_since\n"
OLD_CODES = HEADER + (
    "Baltic Code SIA,Latvija,LV006,62.01,62.09;46.51x,SME,Custom software,2021-01-01\n"
    "Tartu Consult OÜ,Eesti,EE008,70.22,,SME,Management advice,2021-01-01\n"
    "Haag Data BV,Nederland,NL332,6201,,SME,Software for logistics,2021-01-01\n"
    "Forge AB,sverige,SE232,25.40,,SME,Smithy,2021-01-01\n"
)


def run(cluster, text, *, dry_run):
    return import_organisations(
        cluster=cluster, data=text.encode("utf-8"), filename="members.csv", dry_run=dry_run
    )


def test_old_codes_and_country_names_import_with_every_conversion_noted(world):
    text = OLD_CODES.replace("62.09;46.51x", "62.09")
    preview = run(world.cluster_a, text, dry_run=True)
    assert [str(p) for p in preview.problems] == []
    conversions = [str(n) for n in preview.notes if "→" in n.message or "read as" in n.message]
    assert conversions == [
        "row 2, column nuts: LV006 (NUTS 2021) → LV00A (NUTS 2024; the region's borders moved)",
        "row 2, column nace: 62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)",
        "row 2, column secondary_nace: 62.09 (NACE Rev. 2) → 62.90 (NACE 2.1)",
        "row 3, column nace: 70.22 (NACE Rev. 2) → 70.20 (NACE 2.1)",
        "row 4, column nuts: NL332 (NUTS 2021) → NL361 (NUTS 2024)",
        "row 4, column nace: 62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)",
        "row 5, column nace: 25.40 is read as NACE 2.1 (Forging and shaping metal and powder "
        "metallurgy); in NACE Rev. 2 it meant Manufacture of weapons and ammunition, which is "
        "25.30 in NACE 2.1.",
    ]
    assert not Organisation.objects.filter(name="Baltic Code SIA").exists()

    result = run(world.cluster_a, text, dry_run=False)
    assert result.written, [str(p) for p in result.problems]
    baltic = Organisation.objects.get(name="Baltic Code SIA")
    assert (baltic.country, baltic.nuts_region_id, baltic.primary_nace_id) == (
        "LV",
        "LV00A",
        "62.10",
    )
    assert list(baltic.secondary_nace.values_list("code", flat=True)) == ["62.90"]
    haag = Organisation.objects.get(name="Haag Data BV")
    assert (haag.country, haag.nuts_region_id, haag.primary_nace_id) == ("NL", "NL361", "62.10")
    assert Organisation.objects.get(name="Tartu Consult OÜ").primary_nace_id == "70.20"
    assert Organisation.objects.get(name="Forge AB").country == "SE"


def test_ambiguous_and_unknown_old_codes_stop_the_import_by_row_and_column(world):
    text = HEADER + (
        "Riga IT SIA,LV,LV007,62.02,,SME,We give management consulting,2021-01-01\n"
        "Lisboa Lda,Portugal,PT17,96.04,,SME,Spa,2021-01-01\n"
        "Nowhere Ltd,Atlantis,,99.99,62.01;99.98,SME,,2021-01-01\n"
    )
    result = run(world.cluster_a, text, dry_run=False)
    assert [str(p) for p in result.problems] == [
        f"row 2, column nuts: {convert_nuts('LV007').error}",
        "row 2, column nace: "
        + convert_nace("62.02", description="We give management consulting").error,
        f"row 3, column nuts: {convert_nuts('PT17').error}",
        f"row 3, column nace: {convert_nace('96.04').error}",
        "row 4, column country: Unknown country: Atlantis.",
        "row 4, column nace: Unknown NACE code: 99.99.",
        "row 4, column secondary_nace: Unknown NACE code: 99.98.",
    ]
    # The description put the management consultancy class before programming.
    assert result.problems[1].message.index("70.20") < result.problems[1].message.index("62.10")
    assert not Organisation.objects.filter(name__in=["Riga IT SIA", "Lisboa Lda"]).exists()
