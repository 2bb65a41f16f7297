"""The member export holds real numbers and dates (issue 14, point 5) and still imports back."""

import io
from datetime import datetime

from openpyxl import load_workbook

from clusterhub.registry.exports import HEADERS
from clusterhub.registry.exports import export_organisations
from tests.registry.test_export import rich_cluster  # noqa: F401 (a fixture)


def test_money_is_a_number_and_membership_dates_are_dates(rich_cluster):  # noqa: F811
    export = export_organisations(cluster=rich_cluster, fmt="xlsx", user=None)
    ws = load_workbook(io.BytesIO(export.content)).active
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Rīgas Datu Centrs SIA")
    turnover = row[HEADERS.index("turnover_eur")]
    assert (turnover.value, turnover.data_type) == (1234567.89, "n")
    assert turnover.number_format == "#,##0.00"
    headcount = row[HEADERS.index("headcount")]
    assert (headcount.value, headcount.number_format) == (40, "General")
    since = row[HEADERS.index("member_since")]
    assert since.value == datetime(2019, 5, 2) and since.is_date
    assert since.number_format == "yyyy-mm-dd"
    assert row[HEADERS.index("member_until")].value == datetime(2099, 12, 31)
