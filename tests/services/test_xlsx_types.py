"""The uptake export holds a real date and a number (issue 14, point 5)."""

import io
from datetime import date
from datetime import datetime

from openpyxl import load_workbook

from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx
from clusterhub.services import domain
from clusterhub.services.exports import uptake_table


def test_uptake_date_is_a_date_and_satisfaction_a_number(world, active_a):
    domain.record_uptake(
        service=active_a,
        organisation=world.member_a,
        used_on=date(2026, 3, 4),
        satisfaction=4,
    )
    headers, rows = uptake_table(world.cluster_a, [active_a])
    ws = load_workbook(io.BytesIO(write_xlsx(headers, rows, title="uptake"))).active
    used_on, satisfaction = ws.cell(row=2, column=3), ws.cell(row=2, column=4)
    assert used_on.value == datetime(2026, 3, 4) and used_on.is_date
    assert used_on.number_format == "yyyy-mm-dd"
    assert (satisfaction.value, satisfaction.data_type) == (4, "n")
    assert "2026-03-04,4" in write_csv(headers, rows).decode("utf-8-sig")
