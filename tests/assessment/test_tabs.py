"""An assessment's pages share one row of tabs ({% tabs %}): each tab is shown only to those
who may open it, and the page shown is marked current."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from clusterhub.assessment import domain

TABS = ("Overview", "Peer comparison", "Report", "PDF")


def _tabs(html: str) -> list[tuple[str, str, bool]]:
    """The (label, url, current) of each link in the assessment's tab row."""
    row = re.search(r'<nav class="tabs" aria-label="Assessment">(.*?)</nav>', html, re.S)
    assert row is not None, "no tab row"
    return [
        (label, url, bool(current))
        for url, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', row.group(1)
        )
    ]


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("", "Overview"),
        ("areas/governance/", "Overview"),
        ("peers/", "Peer comparison"),
        ("report/", "Report"),
    ],
)
@pytest.mark.parametrize("user", ["manager_a", "observer_a"])
def test_each_page_draws_the_tabs_and_every_tab_opens(
    submitted, client_for, world, page, current, user
):
    client = client_for(world[user])
    html = client.get(f"/assessment/{submitted.pk}/{page}").content.decode()
    tabs = _tabs(html)
    assert [label for label, _url, _current in tabs] == list(TABS)
    assert [label for label, _url, is_current in tabs if is_current] == [current]
    for label, url, _current in tabs:
        assert client.get(url).status_code == 200, label


def test_the_review_page_draws_the_tabs_too(submitted, client_for, world):
    domain.assign_expert(assessment=submitted, expert=world["expert_a"])
    review = client_for(world["expert_a"]).get(f"/assessment/{submitted.pk}/review/")
    tabs = _tabs(review.content.decode())
    assert [label for label, _url, _current in tabs] == list(TABS)
    assert not any(current for _label, _url, current in tabs)


@pytest.mark.parametrize("user", ["member_a", "expert_a", "manager_b", "outsider"])
def test_no_tab_for_those_who_may_not_open_it(draft, world, user):
    # A draft is the team's: a member, an unassigned expert or another cluster's manager holds
    # no assessment.view_assessment on it, so none of its tabs is drawn for them.
    request = RequestFactory().get("/")
    request.user = world[user]
    assert not request.user.has_perm("assessment.view_assessment", draft)
    html = render_to_string("assessment/_head.html", {"assessment": draft}, request=request)
    assert 'aria-label="Assessment"' not in html
    assert f"/assessment/{draft.pk}/peers/" not in html


def test_the_team_sees_a_drafts_tabs(draft, world):
    request = RequestFactory().get("/")
    request.user = world["staff_a"]
    html = render_to_string("assessment/_head.html", {"assessment": draft}, request=request)
    assert [label for label, _url, _current in _tabs(html)] == list(TABS)
