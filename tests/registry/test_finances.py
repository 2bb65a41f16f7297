"""An organisation's turnover and balance sheet: one rule (registry.view_organisation_finances)
for the page, the API, the change history and the member exports.

The figures are seen by admins, the organisation's representatives and the team (manager, staff,
programme coordinator) of a cluster it is or was a member of; everyone else signed in sees the
public profile without them (the API answers null).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusterhub.registry.exports import export_organisations
from clusterhub.registry.rules import ORGANISATION_FINANCES
from clusterhub.registry.rules import organisation_fields_hidden_from

TURNOVER = Decimal("731.29")
BALANCE = Decimal("468.53")
SEES_A = ("admin", "coordinator", "manager_a", "staff_a", "member_a")
BLIND_A = ("expert_a", "observer_a", "manager_b", "outsider")


@pytest.fixture
def member_a(world):
    org = world.member_a
    org.turnover_eur = TURNOVER
    org.save()
    org.balance_sheet_eur = BALANCE
    org.city = "Cēsis"
    org.save()
    return org


@pytest.mark.parametrize("username", SEES_A + BLIND_A)
def test_the_rule_lists_the_finances_as_hidden_to_those_without_the_right(
    world, member_a, username
):
    hidden = organisation_fields_hidden_from(world[username], member_a)
    assert hidden == (() if username in SEES_A else ORGANISATION_FINANCES)
    assert ORGANISATION_FINANCES == ("turnover_eur", "balance_sheet_eur")


@pytest.mark.parametrize("username", SEES_A + BLIND_A)
def test_the_api_answers_null_finances_to_those_without_the_right(
    world, member_a, username, api_as
):
    api = api_as(username)
    one = api.get(f"/organisations/{member_a.pk}").json()
    listed = next(o for o in api.get("/organisations").json()["items"] if o["id"] == member_a.pk)
    for body in (one, listed):
        if username in SEES_A:
            assert (body["turnover_eur"], body["balance_sheet_eur"]) == ("731.29", "468.53")
        else:
            assert (body["turnover_eur"], body["balance_sheet_eur"]) == (None, None)
    assert one["headcount"] == member_a.headcount


@pytest.mark.parametrize("username", SEES_A + BLIND_A)
def test_the_history_page_hides_changes_of_the_finances(client_for, world, member_a, username):
    response = client_for(world[username]).get(
        reverse("registry:organisation_history", args=[member_a.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    shown = username in SEES_A
    assert ("731.29" in body, "468.53" in body, "nnual turnover" in body) == (shown,) * 3
    assert "Cēsis" in body
    # The save that changed nothing but the turnover is left out altogether.
    assert body.count('class="history-entry"') == (3 if shown else 2)


@pytest.mark.parametrize("username", SEES_A + BLIND_A)
def test_the_page_shows_the_finances_to_those_with_the_right(client_for, world, member_a, username):
    response = client_for(world[username]).get(
        reverse("registry:organisation_detail", args=[member_a.pk])
    )
    body = response.content.decode()
    assert ("731.29" in body, "468.53" in body) == (username in SEES_A,) * 2


def test_an_export_leaves_the_finances_blank_for_a_user_without_the_right(world, member_a):
    """The export page is for the cluster's team, who see them; the exporter still asks the
    rule for each row, so a wider export permission later cannot leak them."""
    for user, expected in ((world["manager_a"], "731.29"), (world["outsider"], "")):
        content = export_organisations(cluster=world.cluster_a, fmt="csv", user=user).content
        lines = content.decode("utf-8-sig").splitlines()
        row = next(line for line in lines if line.startswith("Member A Ltd"))
        assert row.split(",")[9:11] == ([expected, "468.53"] if expected else ["", ""])


def test_an_etag_cannot_be_recomputed_from_a_guess_of_the_finances(
    world, member_a, settings, api_as
):
    """The ETag is a hash of the stored row, turnover included, and everything else in that row
    is public: unkeyed, anyone could hash guesses until one matched. Keyed by the server's
    secret, the same row gives another ETag under another key."""
    path = f"/organisations/{member_a.pk}"
    first = api_as("outsider").get(path)["ETag"]
    settings.SECRET_KEY = "another-key-for-this-test"
    assert api_as("outsider").get(path)["ETag"] != first
