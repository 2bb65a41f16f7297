"""Reports balance to the cent; the PDF and XLSX open and carry the totals and funding notice."""

import io
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.test import Client
from openpyxl import load_workbook
from weasyprint import CSS
from weasyprint import HTML

from clusterhub.common.pdf import PRINT_CSS
from clusterhub.grants import domain
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.finance import CATEGORIES
from clusterhub.grants.finance import budget_table
from clusterhub.grants.finance import monthly_spending
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import ReportingPeriod
from clusterhub.grants.reports import build_report
from clusterhub.grants.reports import report_context
from clusterhub.grants.reports import report_pdf

D = Decimal


def spend(partner, day, category, amount, description="Cost", **kw):
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=partner,
            date=day,
            category=category,
            amount=D(amount),
            description=description,
            **kw,
        ),
        confirm_overrun=True,
    )


def awkward_costs(grant):
    """Amounts whose EU shares and flat rates all round, some half up."""
    amounts = ["0.10", "0.30", "33.33", "66.67", "1234.57", "0.01", "999.99", "12.35"]
    for i, amount in enumerate(amounts):
        for partner in (grant.lead, grant.other):
            category = ("staff", "travel", "other", "subcontracting")[i % 4]
            spend(partner, date(2016, 1 + i, 10), category, amount)
    spend(
        grant.other,
        date(2016, 6, 1),
        "equipment",
        "1000.00",
        currency="SEK",
        exchange_rate=D("9.4537"),
    )


def test_every_total_is_the_exact_sum_of_its_lines(grant):
    awkward_costs(grant)
    table = budget_table(grant.project)
    for row in table.rows:
        for attr in ("planned", "spent", "eu_share"):
            assert getattr(row.total, attr) == sum(getattr(row.cells[c], attr) for c in CATEGORIES)
    for c in CATEGORIES:
        for attr in ("planned", "spent", "eu_share"):
            assert getattr(table.by_category[c], attr) == sum(
                getattr(r.cells[c], attr) for r in table.rows
            )
    for attr in ("planned", "spent", "eu_share"):
        assert getattr(table.total, attr) == sum(getattr(r.total, attr) for r in table.rows)
        assert getattr(table.total, attr) == sum(
            getattr(table.by_category[c], attr) for c in CATEGORIES
        )
    assert table.total.planned == D("100000.00")
    direct = sum(Expenditure.objects.values_list("amount_eur", flat=True))
    assert table.total.spent == direct + table.by_category["indirect"].spent
    eu_lines = sum(grant.project.eu_share(e.amount_eur) for e in Expenditure.objects.all())
    assert table.total.eu_share == eu_lines + table.by_category["indirect"].eu_share
    assert all(
        v.as_tuple().exponent == -2
        for r in table.rows
        for c in r.cells.values()
        for v in (c.planned, c.spent, c.eu_share)
    )


def test_known_figures_to_the_cent(grant):
    spend(grant.lead, date(2016, 2, 1), "staff", "1000.00")
    spend(grant.lead, date(2016, 3, 1), "travel", "0.10")
    table = budget_table(grant.project)
    lead = table.rows[0]
    assert lead.cells["staff"].eu_share == D("950.00")
    assert lead.cells["travel"].eu_share == D("0.10")  # 0.095 rounds half up
    assert lead.cells["indirect"].spent == D("70.01")  # 7 % of 1000.10 = 70.007
    assert lead.cells["indirect"].eu_share == D("66.51")  # 66.5095
    assert lead.total.spent == D("1070.11")
    assert lead.total.eu_share == D("1016.61")


def test_periodic_report_counts_only_its_period(grant):
    spend(grant.lead, date(2016, 9, 30), "staff", "100.00")
    spend(grant.lead, date(2016, 10, 1), "staff", "200.00")
    period = domain.save_period(
        period=ReportingPeriod(
            project=grant.project, number=1, kind="periodic", start_month=1, end_month=9
        )
    )
    second = domain.save_period(
        period=ReportingPeriod(
            project=grant.project, number=2, kind="periodic", start_month=10, end_month=18
        )
    )
    assert build_report(grant.project, period).finance.by_category["staff"].spent == D("100.00")
    report = build_report(grant.project, second)
    assert (report.since, report.until) == (date(2016, 10, 1), date(2017, 6, 30))
    assert report.finance.by_category["staff"].spent == D("200.00")
    assert build_report(grant.project).finance.by_category["staff"].spent == D("300.00")


def test_monthly_spending_is_cumulative_with_flat_rate(grant):
    spend(grant.lead, date(2016, 1, 5), "staff", "100.00")
    spend(grant.lead, date(2016, 3, 5), "staff", "100.00")
    points = monthly_spending(grant.project)
    assert len(points) == 18
    assert points[0] == (1, D("5555.56"), D("107.00"))
    assert points[1][2] == D("107.00")
    assert points[2][2] == D("214.00")
    assert points[-1][1] == D("100000.00")


def pdf_text(report) -> str:
    """The text WeasyPrint lays out on the PDF's pages (no PDF text extractor is installed)."""
    html = render_to_string("grants/report_pdf.html", report_context(report))
    document = HTML(string=html).render(stylesheets=[CSS(string=PRINT_CSS)])

    def texts(box):
        if hasattr(box, "text"):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return " ".join(t for page in document.pages for t in texts(page._page_box))


def test_pdf_opens_and_carries_totals_and_funding_notice(grant):
    spend(grant.lead, date(2016, 2, 1), "staff", "1000.00")
    report = build_report(grant.project)
    data = report_pdf(report)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"startxref" in data
    text = pdf_text(report)
    for expected in (
        "100,000.00",
        "1,070.00",
        "1,016.50",
        "95,000.00",
        "The 5FX project has received funding from the European Union's COSME",
        "EASME",
    ):
        assert expected in text, expected


def test_xlsx_opens_with_sheets_totals_notice_and_no_formulas(grant):
    spend(grant.lead, date(2016, 2, 1), "staff", "1000.00", description='=HYPERLINK("x")')
    data = report_xlsx(build_report(grant.project))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Summary", "Costs", "Expenditure", "Deliverables", "KPIs"]
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Total eligible budget (EUR)"] == 100000
    assert D(str(summary["Costs in the period (EUR)"])) == D("1070")
    assert D(str(summary["EU share of the costs (EUR)"])) == D("1016.5")
    assert "received funding from the European Union" in summary["Acknowledgement"]
    assert "EASME" in summary["Disclaimer"]
    costs = list(wb["Costs"].iter_rows(min_row=2, values_only=True))
    assert costs[-1][:2] == ("All partners", "Total")
    assert D(str(costs[-1][2])) == D("100000") and D(str(costs[-1][3])) == D("1070")
    lines = [r for r in costs if r[1] != "Total"]
    assert sum(D(str(r[3])) for r in lines) == D("1070.00")
    assert sum(D(str(r[5])) for r in lines) == D("1016.50")
    expenditure = list(wb["Expenditure"].iter_rows(min_row=2, values_only=True))
    assert expenditure[0][-1] == '\'=HYPERLINK("x")'


def test_cli_writes_both_files(grant, tmp_path):
    out = io.StringIO()
    call_command(
        "grants",
        "report",
        "5FX",
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--xlsx",
        str(tmp_path / "r.xlsx"),
        stdout=out,
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Summary"
    assert "costs €0.00 of €100,000.00" in out.getvalue()


def test_cli_progress_stays_off_a_pipe_and_reaches_the_total(grant, tmp_path, monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "grants", "report", "5FX", "--pdf", str(tmp_path / "r.pdf"), stdout=out, stderr=err
    )
    assert err.getvalue() == ""
    assert out.getvalue().startswith(f"Wrote {tmp_path / 'r.pdf'}\n")
    seen = []

    @contextmanager
    def recording(description, *, stream):
        yield lambda done, total: seen.append((done, total))

    monkeypatch.setattr("clusterhub.grants.management.commands.grants.progress", recording)
    targets = ("--pdf", str(tmp_path / "r.pdf"), "--xlsx", str(tmp_path / "r.xlsx"))
    call_command("grants", "report", "5FX", *targets, stdout=io.StringIO())
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_cli_refuses_unknown_project_and_period(grant, tmp_path):
    with pytest.raises(CommandError, match="no funded project NOPE"):
        call_command("grants", "report", "NOPE", "--pdf", str(tmp_path / "r.pdf"))
    with pytest.raises(CommandError, match="no reporting period 7"):
        call_command("grants", "report", "5FX", "--pdf", str(tmp_path / "r.pdf"), "--period", "7")
    with pytest.raises(CommandError, match="--pdf OUT"):
        call_command("grants", "report", "5FX")


def test_activities_of_the_installed_areas_are_counted(grant):
    labels = [name for name, _items, _people in build_report(grant.project).activities]
    assert labels == ["Training programmes", "Events"]


def test_xlsx_report_with_control_characters_in_stored_text_downloads(grant, world):
    """Found by the stateful fuzzer: a partner renamed through the registry API with a vertical
    tab, and an expenditure described with an escape, made the report's workbook raise (XML 1.0
    has no such characters) and the download answer 500. The cells drop them instead."""
    from clusterhub.accounts.domain import create_token

    token = create_token(user=world["admin"], name="t")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    renamed = client.patch(
        f"/api/v1/organisations/{grant.lead.organisation.pk}",
        '{"name": "Partner\\u000bA"}',
        content_type="application/json",
    )
    assert renamed.status_code == 200
    spend(grant.lead, date(2016, 2, 1), "staff", "10.00", description="Taxi\x1b[31m")
    response = client.get(f"/api/v1/grants/projects/{grant.project.pk}/report.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    expenditure = list(wb["Expenditure"].iter_rows(min_row=2, values_only=True))
    assert (expenditure[0][1], expenditure[0][-1]) == ("PartnerA", "Taxi[31m")
