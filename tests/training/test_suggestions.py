"""Modules suggested for a cluster's weak assessment indicators, through the framework's
mapping of indicators to training topics (assessment.insights is the contract)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusterhub.assessment.insights import WeakIndicator
from clusterhub.training.suggestions import suggestions_for

pytestmark = pytest.mark.django_db

WEAK = [
    WeakIndicator(
        "F1", "Share of own income", "financing", Decimal("20"), training_topics=["financing"]
    ),
    WeakIndicator(
        "G2",
        "Board practices",
        "governance",
        Decimal("40"),
        training_topics=["governance", "strategy"],
    ),
    WeakIndicator("X9", "Green services", "services", Decimal("45"), training_topics=["green"]),
]


@pytest.fixture
def assessed(monkeypatch):
    monkeypatch.setattr("clusterhub.training.suggestions.latest_assessment", lambda c: object())
    monkeypatch.setattr("clusterhub.training.suggestions.weak_indicators", lambda c: WEAK)


def test_no_assessment_says_so(tw, client_for):
    result = suggestions_for(tw.world.cluster_a, tw["manager_a"])
    assert (result.has_assessment, result.items) == (False, [])
    r = client_for(tw["manager_a"]).get(
        reverse("training:cluster_suggestions", args=[tw.world.cluster_a.pk])
    )
    assert "The cluster has no assessment yet" in r.content.decode()
    body = (
        client_for(tw["manager_a"])
        .get(f"/api/v1/training/clusters/{tw.world.cluster_a.pk}/suggestions")
        .json()
    )
    assert body["has_assessment"] is False
    assert body["message"] == "The cluster has no assessment yet."


def test_modules_matching_the_weak_indicators_topics(tw, assessed):
    result = suggestions_for(tw.world.cluster_a, tw["manager_a"])
    assert result.has_assessment is True
    assert [(s.indicator.code, [m.title for m in s.modules]) for s in result.items] == [
        ("F1", ["Financing"]),
        ("G2", ["Strategy"]),
        ("X9", []),
    ]


def test_suggestions_page_and_api(tw, assessed, client_for):
    c = client_for(tw["staff_a"])
    html = c.get(
        reverse("training:cluster_suggestions", args=[tw.world.cluster_a.pk])
    ).content.decode()
    assert "Share of own income" in html
    assert "Governance and management" in html  # topics in words
    assert "No module you can see covers these topics yet." in html
    body = c.get(f"/api/v1/training/clusters/{tw.world.cluster_a.pk}/suggestions").json()
    assert [s["indicator_code"] for s in body["suggestions"]] == ["F1", "G2", "X9"]
    assert body["suggestions"][0]["modules"][0]["module_title"] == "Financing"


def test_suggestions_denied_outside_the_team(tw, assessed, client_for):
    """The cluster is in everyone's directory, so those outside its team are refused (403);
    a cluster nobody can see is not there (404)."""
    a = tw.world.cluster_a.pk
    for name in ("member_a", "manager_b", "outsider"):
        c = client_for(tw[name])
        assert c.get(reverse("training:cluster_suggestions", args=[a])).status_code == 403, name
        assert c.get(f"/api/v1/training/clusters/{a}/suggestions").status_code == 403, name
    admin = client_for(tw["admin"])
    assert admin.get("/api/v1/training/clusters/999999/suggestions").status_code == 404
    assert admin.get(reverse("training:cluster_suggestions", args=[999999])).status_code == 404


def test_suggestions_api_signed_out_and_permitted(tw, assessed, api_as):
    a = tw.world.cluster_a.pk
    assert api_as().get(f"/training/clusters/{a}/suggestions").status_code == 401
    assert api_as("staff_a").get(f"/training/clusters/{a}/suggestions").status_code == 200
