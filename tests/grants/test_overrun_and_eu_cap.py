"""Costs above the budget: the EU share stops at the grant (the rest is own funding) in the
table, the page, the report PDF/XLSX and the API; a confirmed overrun no longer warns."""

import io
import re
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from clusterhub.core import grant_money
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.finance import budget_table
from clusterhub.grants.reports import build_report
from tests.grants.test_api import V1
from tests.grants.test_pages import _post_expenditure
from tests.grants.test_reports import pdf_text
from tests.grants.test_reports import spend

D = Decimal


def overrun(grant):
    """120,000.00 EUR of staff costs on a 100,000.00 EUR budget with a 95,000.00 EUR grant: with
    7 % flat-rate indirect costs 128,400.00 EUR of costs, 121,980.00 EUR at the funding rate."""
    spend(grant.lead, date(2016, 2, 1), "staff", "120000.00")


def test_eu_share_within_grant_is_capped_by_what_is_left():
    assert grant_money.eu_share_within_grant(D("121980.00"), grant=D("95000.00")) == D("95000.00")
    assert grant_money.eu_share_within_grant(D("1016.50"), grant=D("95000.00")) == D("1016.50")
    assert grant_money.eu_share_within_grant(
        D("50000.00"), grant=D("95000.00"), already=D("60000.00")
    ) == D("35000.00")
    assert grant_money.eu_share_within_grant(
        D("10.00"), grant=D("95000.00"), already=D("95000.00")
    ) == D("0.00")


def test_table_caps_the_eu_share_at_the_grant_and_shows_own_funding(grant):
    overrun(grant)
    table = budget_table(grant.project)
    assert table.total.spent == D("128400.00")
    assert table.total.eu_share == D("121980.00")
    assert table.eu_funded == D("95000.00")
    assert table.above_grant == D("26980.00")
    assert table.own_funded == D("33400.00")


def test_period_report_caps_at_what_the_earlier_periods_left(grant):
    spend(grant.lead, date(2016, 2, 1), "staff", "90000.00")
    spend(grant.lead, date(2017, 2, 1), "staff", "30000.00")
    table = budget_table(grant.project, since=date(2017, 1, 1), until=date(2017, 6, 30))
    # Before: 90,000 + 6,300 indirect = 96,300 at 95 % = 91,485.00; 3,515.00 of the grant left.
    assert table.total.spent == D("32100.00")
    assert table.total.eu_share == D("30495.00")
    assert table.eu_funded == D("3515.00")
    assert table.own_funded == D("28585.00")


def test_costs_within_budget_are_not_capped(grant):
    spend(grant.lead, date(2016, 2, 1), "staff", "1000.00")
    table = budget_table(grant.project)
    assert (table.eu_funded, table.above_grant, table.own_funded) == (
        D("1016.50"),
        D("0.00"),
        D("53.50"),
    )


def test_page_report_and_api_show_the_capped_share(grant, world, client_for, api_as):
    overrun(grant)
    page = client_for(world["manager_a"]).get(
        reverse("grants:project_detail", args=[grant.project.pk])
    )
    text = page.content.decode()
    kpis = dict(re.findall(r'kpi-value">([^<]+)</span><span class="kpi-label">([^<(]+)', text))
    assert {v.strip(): k for k, v in kpis.items()}["EU share of the costs"] == "€95,000.00"
    assert "33,400.00</span>" in text
    assert "Own funding of the costs (EUR), of which €26,980.00 above the grant" in text
    report = build_report(grant.project)
    pdf = pdf_text(report)
    assert "EU share of these costs €95,000.00" in pdf
    assert "Own funding of these costs €33,400.00 (of which €26,980.00 above the grant)" in (pdf)
    wb = load_workbook(io.BytesIO(report_xlsx(report)))
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert D(str(summary["EU share of the costs (EUR)"])) == D("95000")
    assert D(str(summary["Own funding of the costs (EUR)"])) == D("33400")
    assert D(str(summary["Of which above the grant (EUR)"])) == D("26980")
    body = api_as("coordinator", prefix=V1).get(f"/projects/{grant.project.pk}/budget").json()
    assert (body["eu_funded"], body["own_funded"], body["above_grant"]) == (
        "95000.00",
        "33400.00",
        "26980.00",
    )


def test_confirmed_overrun_no_longer_warns(grant, world, client_for):
    c = client_for(world["manager_a"])
    # The travel line is 1,000.00 EUR.
    _post_expenditure(c, grant.project, partner=grant.lead.pk, amount="1000.00")
    confirmed = _post_expenditure(
        c, grant.project, partner=grant.lead.pk, amount="50.00", confirm_overrun="on"
    )
    assert confirmed.status_code == 302
    messages = [str(m) for m in confirmed.wsgi_request._messages]
    assert not any("Confirm the overrun" in m for m in messages)
    page = c.get(reverse("grants:project_detail", args=[grant.project.pk])).content.decode()
    assert "over budget" not in page
    assert "Budget lines to watch" not in page


def test_an_unconfirmed_line_over_budget_still_warns(grant, world, client_for):
    # A budget cut after the costs were recorded leaves a line over budget that nobody confirmed.
    c = client_for(world["manager_a"])
    _post_expenditure(c, grant.project, partner=grant.lead.pk, amount="900.00")
    grant.lead.budget_lines.filter(category="travel").update(amount=D("800.00"))
    page = c.get(reverse("grants:project_detail", args=[grant.project.pk])).content.decode()
    assert "over budget" in page
