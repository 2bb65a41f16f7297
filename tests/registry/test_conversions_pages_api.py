"""Old codes and country names in the registry's forms and API (issue 17.2): converted with the
conversion shown, ambiguous ones refused naming the field and the candidates, rights unchanged."""

import pytest
from django.urls import reverse

from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from tests.registry.test_api import CLUSTER_IN
from tests.registry.test_api import ORGANISATION_IN
from tests.registry.test_api import errors


def url(name, *args):
    return reverse(f"registry:{name}", args=args)


def _org_data(**changes):
    data = {"name": "Fresh Foods SIA", "country": "LV", "org_type": "sme"}
    data.update(changes)
    return data


def _cluster_data(**changes):
    data = {
        "name": "Baltic Food Cluster",
        "acronym": "BFC",
        "country": "LV",
        "nuts_region": "LV00C",
        "sector_group": "food",
        "management_fte": "1.5",
        "sectors": "10.1",
    }
    data.update(changes)
    return data


# Forms


def test_organisation_form_converts_old_codes_and_says_so_after_saving(world, client_for):
    client = client_for(world["staff_a"])
    response = client.post(
        url("organisation_create"),
        _org_data(primary_nace="62.01", secondary_nace="70.22, 46.33", nuts_region="LV006"),
        follow=True,
    )
    assert response.status_code == 200
    org = Organisation.objects.get(name="Fresh Foods SIA")
    assert org.primary_nace_id == "62.10"
    assert sorted(org.secondary_nace.values_list("code", flat=True)) == ["46.33", "70.20"]
    assert org.nuts_region_id == "LV00A"
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        "Organisation Fresh Foods SIA was created.",
        "Converted: LV006 (NUTS 2021) → LV00A (NUTS 2024; the region's borders moved)",
        "Converted: 62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)",
        "Converted: 70.22 (NACE Rev. 2) → 70.20 (NACE 2.1)",
    ]


def test_current_codes_bring_no_conversion_message(world, client_for):
    response = client_for(world["staff_a"]).post(
        url("organisation_create"), _org_data(primary_nace="62.10"), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Organisation Fresh Foods SIA was created."
    ]


def test_an_ambiguous_nace_code_is_a_field_error_listing_the_candidates(world, client_for):
    response = client_for(world["staff_a"]).post(
        url("organisation_create"),
        _org_data(primary_nace="62.02", description="We give management consulting."),
    )
    assert response.status_code == 400
    errors_shown = response.context["form"].errors
    [message] = errors_shown["primary_nace"]
    ranked = convert_nace("62.02", description="We give management consulting.")
    assert message == ranked.error
    assert message.index("70.20") < message.index("62.10")  # the description ranks them
    assert not Organisation.objects.filter(name="Fresh Foods SIA").exists()


def test_ambiguous_and_unknown_sectors_are_both_reported(world, client_for):
    response = client_for(world["admin"]).post(
        url("cluster_create"), _cluster_data(sectors="62.02, 99.99, 62.01")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["sectors"] == [
        "Not NACE Rev. 2.1 codes: 99.99.",
        convert_nace("62.02").error,
    ]
    assert not Cluster.objects.filter(acronym="BFC").exists()


@pytest.mark.parametrize("region", ["LV007", "PT17"])
def test_a_split_or_merged_region_is_a_field_error_listing_the_successors(
    world, client_for, region
):
    response = client_for(world["admin"]).post(
        url("cluster_create"), _cluster_data(nuts_region=region)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["nuts_region"] == [convert_nuts(region).error]


def test_cluster_form_converts_sectors_and_merges_duplicates(world, client_for):
    client = client_for(world["manager_a"])
    response = client.post(
        url("cluster_edit", world.cluster_a.pk),
        _cluster_data(acronym="CLA", sectors="62.01, 62.10", nuts_region="LV00C"),
        follow=True,
    )
    assert response.status_code == 200
    assert list(world.cluster_a.sectors.values_list("code", flat=True)) == ["62.10"]
    assert [str(m) for m in response.context["messages"]] == [
        "Your changes were saved.",
        "Converted: 62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)",
    ]


def test_old_codes_do_not_open_a_form_to_someone_without_the_right(world, client_for):
    response = client_for(world["outsider"]).post(
        url("cluster_create"), _cluster_data(sectors="62.01")
    )
    assert response.status_code == 403
    assert not Cluster.objects.filter(acronym="BFC").exists()


# API


def test_api_converts_old_codes_and_lists_the_conversions(world, api_as):
    body = {
        **ORGANISATION_IN,
        "primary_nace": "62.01",
        "secondary_nace": ["6201", "46.33"],
        "nuts_region": "LV006",
    }
    response = api_as("staff_a").post("/organisations", body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["primary_nace"] == "62.10"
    assert answer["secondary_nace"] == ["46.33", "62.10"]
    assert answer["nuts_region"] == "LV00A"
    note = "62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)"
    assert answer["conversions"] == [
        {
            "field": "nuts_region",
            "old": "LV006",
            "new": "LV00A",
            "note": "LV006 (NUTS 2021) → LV00A (NUTS 2024; the region's borders moved)",
        },
        {"field": "primary_nace", "old": "62.01", "new": "62.10", "note": note},
        {"field": "secondary_nace", "old": "62.01", "new": "62.10", "note": note},
    ]
    organisation = Organisation.objects.get(pk=answer["id"])
    assert organisation.primary_nace_id == "62.10"
    # Reading it back converts nothing.
    again = api_as("staff_a").get(f"/organisations/{organisation.pk}").json()
    assert again["conversions"] == []


def test_api_without_old_codes_answers_an_empty_conversions_list(world, api_as):  # noqa: F811
    response = api_as("staff_a").post("/organisations", ORGANISATION_IN)
    assert response.status_code == 201, response.content
    assert response.json()["conversions"] == []


def test_api_patch_converts_a_cluster_region_and_sectors(world, api_as):  # noqa: F811
    response = api_as("manager_a").patch(
        f"/clusters/{world.cluster_a.pk}", {"nuts_region": "LV008", "sectors": ["62.09"]}
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["nuts_region"], answer["sectors"]) == ("LV00C", ["62.90"])
    assert [c["note"] for c in answer["conversions"]] == [
        "LV008 (NUTS 2021) → LV00C (NUTS 2024; the region's borders moved)",
        "62.09 (NACE Rev. 2) → 62.90 (NACE 2.1)",
    ]


def test_api_ambiguous_codes_are_422_on_their_fields_with_the_candidates(world, api_as):  # noqa: F811
    body = {**ORGANISATION_IN, "primary_nace": "62.02", "nuts_region": "LV007"}
    assert errors(api_as("staff_a").post("/organisations", body)) == {
        "primary_nace": [convert_nace("62.02").error],
        "nuts_region": [convert_nuts("LV007").error],
    }
    assert not Organisation.objects.filter(registration_number="40003000001").exists()


def test_api_ambiguous_sector_is_422_on_its_list_item(world, api_as):  # noqa: F811
    body = {**CLUSTER_IN, "sectors": ["62.10", "96.04"]}
    assert errors(api_as("manager_a").post("/clusters", body)) == {
        "sectors.1": [convert_nace("96.04").error]
    }


def test_api_unknown_codes_keep_their_messages(world, api_as):  # noqa: F811
    body = {**ORGANISATION_IN, "primary_nace": "99.99", "nuts_region": "XX999"}
    assert errors(api_as("staff_a").post("/organisations", body)) == {
        "nuts_region": ["XX999 is not a NUTS 2024 region code."],
        "primary_nace": ["99.99 is not a NACE Rev. 2.1 code."],
    }


@pytest.mark.parametrize(("country", "code"), [("Latvija", "LV"), ("latvia", "LV"), ("lv", "LV")])
def test_api_takes_a_country_by_name(world, api_as, country, code):  # noqa: F811
    response = api_as("staff_a").post("/organisations", {**ORGANISATION_IN, "country": country})
    assert response.status_code == 201, response.content
    assert response.json()["country"] == code


def test_api_unknown_country_name_is_422_on_country(world, api_as):  # noqa: F811
    body = {**ORGANISATION_IN, "country": "Atlantis", "nuts_region": None}
    assert errors(api_as("staff_a").post("/organisations", body)) == {
        "country": ["Unknown country: Atlantis."]
    }


def test_api_old_codes_change_nothing_for_someone_without_the_right(world, api_as):  # noqa: F811
    before = list(world.cluster_a.sectors.values_list("code", flat=True))
    response = api_as("observer_a").patch(f"/clusters/{world.cluster_a.pk}", {"sectors": ["62.01"]})
    assert response.status_code == 403
    assert list(world.cluster_a.sectors.values_list("code", flat=True)) == before
