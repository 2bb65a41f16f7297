"""A cluster manager signs in through the browser and reads their cluster's dashboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def kpi_value(page, label: str):
    """The number shown on the dashboard's key-figure card with the given label."""
    return page.get_by_role("listitem").filter(has_text=label).locator(".kpi-value")


def test_manager_signs_in_and_reads_the_cluster_dashboard(
    page, live_server, world, sign_in, screenshot_path
):
    sign_in("manager_a", PASSWORD)
    # Home sends a signed-in user on to the index of the dashboards they may open.
    expect(page).to_have_url(live_server.url + reverse("registry:dashboard_index"))
    expect(page.get_by_role("link", name="Cluster B")).to_have_count(0)

    page.get_by_role("link", name="Cluster A").click()
    dashboard = reverse("registry:cluster_dashboard", args=[world.cluster_a.pk])
    expect(page).to_have_url(live_server.url + dashboard)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard of Cluster A")
    # Cluster A has one current member, and it is committed (tests/conftest.py).
    expect(kpi_value(page, "Current members")).to_have_text("1")
    expect(kpi_value(page, "Committed members")).to_have_text("1")
    page.screenshot(path=screenshot_path("manager-a-dashboard"), full_page=True)


def test_manager_of_another_cluster_cannot_open_the_dashboard(page, live_server, world, sign_in):
    sign_in("manager_b", PASSWORD)
    expect(page).to_have_url(live_server.url + reverse("registry:dashboard_index"))
    expect(page.get_by_role("link", name="Cluster A")).to_have_count(0)

    # Cluster A is in the directory everyone sees, so its dashboard is forbidden, not missing.
    response = page.goto(reverse("registry:cluster_dashboard", args=[world.cluster_a.pk]))
    assert response.status == 403
    expect(page.get_by_text("Member A Ltd")).to_have_count(0)
    expect(page.get_by_text("Current members")).to_have_count(0)
