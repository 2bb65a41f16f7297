"""The grant report workbook holds real numbers, dates and shares, and the project page writes
amounts the Latvian way (issue 14, point 5)."""

import io
from datetime import date
from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from clusterhub.grants import domain
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.models import Expenditure
from clusterhub.grants.reports import build_report

NBSP = "\xa0"


def _spend(grant, amount: str) -> None:
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=grant.lead,
            date=date(2016, 2, 1),
            category="staff",
            amount=Decimal(amount),
            description="Salary",
        )
    )


def _rows(ws) -> dict[object, tuple]:
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def test_report_cells_are_numbers_dates_and_a_share_with_number_formats(grant):
    _spend(grant, "1264.20")
    wb = load_workbook(io.BytesIO(report_xlsx(build_report(grant.project))))

    summary = {row[0].value: row[1] for row in wb["Summary"].iter_rows(min_row=2)}
    budget = summary["Total eligible budget (EUR)"]
    assert budget.value == 100000 and budget.data_type == "n"
    assert budget.number_format == "#,##0.00"
    rate = summary["Funding rate (%)"]
    assert rate.value == 0.95 and rate.number_format == "0.0000%"
    generated = summary["Generated"]
    assert isinstance(generated.value, datetime) and generated.is_date
    assert generated.number_format == "yyyy-mm-dd"

    spent = next(wb["Expenditure"].iter_rows(min_row=2))
    assert spent[0].value == datetime(2016, 2, 1) and spent[0].is_date
    assert spent[0].number_format == "yyyy-mm-dd"
    assert spent[3].value == 1264.2 and spent[3].data_type == "n"
    assert spent[3].number_format == "#,##0.00"
    assert spent[8].value == "Salary" and spent[8].data_type == "s"


def test_text_that_looks_like_a_formula_stays_neutralised(grant):
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=grant.lead,
            date=date(2016, 2, 1),
            category="staff",
            amount=Decimal("1.00"),
            description="=1+1",
        )
    )
    wb = load_workbook(io.BytesIO(report_xlsx(build_report(grant.project))))
    row = next(wb["Expenditure"].iter_rows(min_row=2))
    assert row[8].value == "'=1+1" and row[8].data_type == "s"


def test_a_latvian_project_page_writes_1_264_20_euro(grant, world, client_for):
    _spend(grant, "1264.20")
    page = client_for(world["manager_a"]).get(
        reverse("grants:project_detail", args=[grant.project.pk]),
        headers={"accept-language": "lv"},
    )
    html = page.content.decode()
    assert f"1{NBSP}264,20{NBSP}€" in html
    assert f"100{NBSP}000,00{NBSP}€" in html
    assert "1,264.20" not in html and "€1" not in html


def test_an_english_project_page_writes_the_euro_first(grant, world, client_for):
    _spend(grant, "1264.20")
    page = client_for(world["manager_a"]).get(
        reverse("grants:project_detail", args=[grant.project.pk]),
        headers={"accept-language": "en"},
    )
    html = page.content.decode()
    assert "€1,264.20" in html and "€100,000.00" in html
    assert "94.9998" not in html  # the demo's rate is not this project's: 95 % exactly
    assert "funding rate 95%" in html
