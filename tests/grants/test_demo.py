"""The 5FOREXCELLENCE project demo: real figures, shares to the cent, idempotent."""

from decimal import Decimal

import pytest
from django.apps import apps

from clusterhub.grants import demo as grants_demo
from clusterhub.grants.finance import budget_table
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Project
from clusterhub.registry.demo import load_demo as load_registry_demo
from tests.conftest import kept_for_the_module


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_registry_demo()
        grants_demo.load_demo()
        yield Project.objects.get(acronym="5FOREXCELLENCE")


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_loading_twice_adds_nothing(demo, db):
    before = counts()
    load_registry_demo()
    grants_demo.load_demo()
    assert counts() == before


def test_real_grant_figures(demo, db):
    assert demo.title == "Five for Cross-industry Value Chain Excellence"
    assert demo.funding_programme == "COSME 2014-2020"
    assert demo.total_budget == Decimal("249415.52")
    assert demo.grant_amount == Decimal("236944.25")
    assert demo.funding_rate == Decimal("94.9998")
    assert demo.own_contribution == Decimal("12471.27")
    assert str(demo.start_date) == "2016-01-01"
    assert str(demo.end_date) == "2017-06-30"
    assert demo.lead_partner().organisation.name == "Latvian IT Cluster"


def test_partner_shares_and_budget_lines_add_up_to_the_total_exactly(demo, db):
    partners = list(demo.partners.all())
    assert len(partners) == 5
    assert sum(p.budget_share for p in partners) == Decimal("249415.52")
    table = budget_table(demo)
    assert table.total.planned == Decimal("249415.52")
    for row in table.rows:
        assert row.total.planned == row.partner.budget_share


def test_expenditure_spans_2016_and_2017_with_lines_near_their_limit(demo, db):
    years = {d.year for d in Expenditure.objects.values_list("date", flat=True)}
    assert years == {2016, 2017}
    table = budget_table(demo)
    states = {
        (r.partner.organisation.name, c): cell.state
        for r in table.rows
        for c, cell in r.cells.items()
    }
    assert states[("Latvian IT Cluster", "travel")] == "warn"
    assert states[("NetPort Science Park", "subcontracting")] == "warn"
    assert table.total.spent < table.total.planned
    assert Expenditure.objects.filter(currency="SEK").count() == 1


def test_work_plan_and_news(demo, db):
    assert demo.work_packages.count() == 6
    assert demo.milestones.count() == 4
    assert demo.periods.count() == 2
    assert demo.news.count() == 1


def test_demo_pages_show_budget_against_spending_timeline_reports_and_public_page(demo, db, client):
    from clusterhub.accounts.models import User

    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    detail = client.get(f"/grants/projects/{demo.pk}/").content.decode()
    table = budget_table(demo)
    assert "249,415.52" in detail and "236,944.25" in detail and "94.9998" in detail
    assert f"{table.total.spent:,.2f}" in detail
    timeline = client.get(f"/grants/projects/{demo.pk}/timeline/").content.decode()
    assert timeline.count('rx="3"') == 6 and "D5.1" in timeline
    pdf = client.get(f"/grants/projects/{demo.pk}/report.pdf?period=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    client.logout()
    public = client.get("/grants/p/5FOREXCELLENCE/").content.decode()
    assert "Latvian Logistics Association" in public and "249,415.52" not in public


def test_partner_users_of_the_demo(demo, db, client):
    from clusterhub.accounts.models import User

    for username, status in (
        ("manager", 200),
        ("foodmanager", 200),
        ("staff", 200),
        ("member", 404),
        ("observer", 404),
        ("expert", 404),
    ):
        client.force_login(User.objects.get(username=username))
        assert client.get(f"/grants/projects/{demo.pk}/").status_code == status, username


def test_demo_reports_balance_to_the_cent(demo, db):
    from clusterhub.grants.reports import build_report

    for period in [None, *demo.periods.all()]:
        finance = build_report(demo, period).finance
        assert finance.total.spent == sum(r.total.spent for r in finance.rows)
        assert finance.total.eu_share == sum(
            c.eu_share for r in finance.rows for c in r.cells.values()
        )
        assert finance.total.planned == Decimal("249415.52")
