"""Tables of a funded project: the report as a workbook (summary, costs by partner and
category, expenditure, deliverables, KPIs). The PDF of the same report is in reports.py.

Numbers are written as numbers (no formulas), text through the shared XLSX writer (formula
injection neutralised, control characters dropped).
"""

from django.utils.translation import gettext as _

from clusterhub.common.spreadsheets import Percent
from clusterhub.common.spreadsheets import Sheet
from clusterhub.common.spreadsheets import write_xlsx_sheets
from clusterhub.grants.finance import expenditures_in
from clusterhub.grants.reports import Report
from clusterhub.registry.funding import funding_notice


def _sheet(title: str, headers: list, rows: list[list], widths: list[float] | None = None):
    return Sheet(title, headers, rows, widths or [22] * len(headers))


def _summary(report: Report) -> Sheet:
    project, finance = report.project, report.finance
    rows = [
        [_("Project"), f"{project.acronym}: {project.title}"],
        [_("Report"), report.title],
        [_("Funding programme"), project.funding_programme],
        [_("Grant agreement"), project.grant_agreement_number],
        [_("Period"), f"{report.since} - {report.until}"],
        [_("Total eligible budget (EUR)"), project.total_budget],
        [_("Grant (EUR)"), project.grant_amount],
        [_("Funding rate (%)"), Percent(project.funding_rate, decimals=4)],
        [_("Costs in the period (EUR)"), finance.total.spent],
        [_("EU share of the costs (EUR)"), finance.eu_funded],
        [_("Own funding of the costs (EUR)"), finance.own_funded],
        [_("Of which above the grant (EUR)"), finance.above_grant],
        [_("Generated"), report.generated],
    ]
    notice = funding_notice(project.programme)
    if notice:
        rows += [
            [_("Acknowledgement"), notice.acknowledgement],
            [_("Disclaimer"), notice.disclaimer],
        ]
    return _sheet(_("Summary"), [_("Item"), _("Value")], rows, widths=[22, 90])


def _costs(report: Report) -> Sheet:
    finance = report.finance
    rows = []
    for row in finance.rows:
        partner = str(row.partner.organisation)
        for c in finance.categories:
            cell = row.cells[c]
            label = finance.category_label(c)
            rows.append([partner, label, cell.planned, cell.spent, cell.remaining, cell.eu_share])
        t = row.total
        rows.append([partner, _("Total"), t.planned, t.spent, t.remaining, t.eu_share])
    t = finance.total
    rows.append([_("All partners"), _("Total"), t.planned, t.spent, t.remaining, t.eu_share])
    headers = [
        _("Partner"),
        _("Category"),
        _("Budget (EUR)"),
        _("Costs (EUR)"),
        _("Remaining (EUR)"),
        _("EU share (EUR)"),
    ]
    return _sheet(_("Costs"), headers, rows)


def _expenditure(report: Report) -> Sheet:
    project = report.project
    headers = [
        _("Date"),
        _("Partner"),
        _("Category"),
        _("Amount"),
        _("Currency"),
        _("Rate"),
        _("Amount (EUR)"),
        _("EU share (EUR)"),
        _("Description"),
    ]
    rows = [
        [
            e.date,
            str(e.partner.organisation),
            e.get_category_display(),
            e.amount,
            e.currency,
            e.exchange_rate,
            e.amount_eur,
            project.eu_share(e.amount_eur),
            e.description,
        ]
        for e in expenditures_in(project, since=report.since, until=report.until)
    ]
    return _sheet(_("Expenditure"), headers, rows)


def _deliverables(report: Report) -> Sheet:
    headers = [
        _("Number"),
        _("Title"),
        _("Due month"),
        _("Due date"),
        _("Delivered on"),
        _("Status"),
        _("Dissemination"),
    ]
    rows = [
        [
            d.number,
            d.title,
            d.due_month,
            d.due_date,
            d.actual_date or "",
            d.get_status_display(),
            d.get_dissemination_display(),
        ]
        for d in report.deliverables
    ]
    return _sheet(_("Deliverables"), headers, rows)


def _kpis(report: Report) -> Sheet:
    headers = [
        _("Strategy"),
        _("KPI"),
        _("Unit"),
        _("Baseline"),
        _("Target"),
        _("Latest"),
        _("Measured on"),
    ]
    rows = [
        [k.strategy, k.name, k.unit, k.baseline, k.target, k.latest, k.latest_date or ""]
        for k in report.kpis
    ]
    return _sheet(_("KPIs"), headers, rows)


def report_xlsx(report: Report) -> bytes:
    """The report as a workbook: summary, costs by partner and category, expenditure, work plan
    and KPIs, one sheet each."""
    sheets = [_summary(report), _costs(report), _expenditure(report)]
    sheets += [_deliverables(report), _kpis(report)]
    return write_xlsx_sheets(sheets)
