"""Budget against spending, by partner and cost category, to the cent.

Every cell is rounded once (an expenditure's EUR amount and its EU share when it is entered, the
flat-rate indirect costs of a partner here); every total is the exact sum of the cells above it,
so tables, pages, PDF and XLSX balance to the cent.
"""

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from decimal import Decimal

from clusterhub.core import grant_money
from clusterhub.core.grant_money import LineState
from clusterhub.grants.enums import DIRECT_CATEGORIES
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Partner
from clusterhub.grants.models import Project

ZERO = Decimal("0.00")
CATEGORIES = (*DIRECT_CATEGORIES, CostCategory.INDIRECT)


@dataclass
class Cell:
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    eu_share: Decimal = ZERO
    # Whether an expenditure that took this line over budget was confirmed as an overrun.
    overrun_confirmed: bool = False

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def use_percent(self) -> Decimal | None:
        return grant_money.use_percent(spent=self.spent, planned=self.planned)

    @property
    def state(self) -> LineState:
        return grant_money.line_state(spent=self.spent, planned=self.planned)

    @property
    def needs_attention(self) -> bool:
        """Above 90 %, unless the line is over budget by an overrun someone confirmed."""
        if self.state == LineState.OVER:
            return not self.overrun_confirmed
        return self.state == LineState.WARN

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(
            self.planned + other.planned,
            self.spent + other.spent,
            self.eu_share + other.eu_share,
            self.overrun_confirmed or other.overrun_confirmed,
        )


@dataclass
class PartnerRow:
    partner: Partner
    cells: dict[str, Cell]

    @property
    def total(self) -> Cell:
        return sum(self.cells.values(), Cell())


@dataclass
class BudgetTable:
    project: Project
    rows: list[PartnerRow]
    categories: tuple[str, ...] = CATEGORIES
    since: date | None = None
    until: date | None = None
    by_category: dict[str, Cell] = field(default_factory=dict)
    # The EU share of the costs that the grant pays (the cells' shares are at the funding rate
    # and may add up to more when costs go over the budget); the rest of the costs is own funding.
    eu_funded: Decimal = ZERO

    @property
    def total(self) -> Cell:
        return sum((r.total for r in self.rows), Cell())

    @property
    def above_grant(self) -> Decimal:
        """The EU share at the funding rate that the grant does not cover (paid from own funds)."""
        return self.total.eu_share - self.eu_funded

    @property
    def own_funded(self) -> Decimal:
        return self.total.spent - self.eu_funded

    def category_label(self, category: str) -> str:
        return CostCategory(category).label


def budget_table(
    project: Project, *, since: date | None = None, until: date | None = None
) -> BudgetTable:
    """Plan and spending (within since..until when given) per partner and category.

    Plans are the whole project's; spending and EU shares only count expenditure in the window.
    """
    partners = list(
        project.partners.select_related("organisation").prefetch_related("budget_lines")
    )
    spent: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    eu: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    confirmed: set[tuple[int, str]] = set()
    for exp in expenditures_in(project, since=since, until=until):
        key = (exp.partner_id, exp.category)
        spent[key] += exp.amount_eur
        eu[key] += project.eu_share(exp.amount_eur)
        if exp.over_budget_confirmed:
            confirmed.add(key)
    rows = []
    for partner in partners:
        plan = {line.category: line.amount for line in partner.budget_lines.all()}
        cells = {
            c: Cell(
                plan.get(c, ZERO),
                spent[(partner.pk, c)],
                eu[(partner.pk, c)],
                (partner.pk, c) in confirmed,
            )
            for c in DIRECT_CATEGORIES
        }
        direct = sum(cells.values(), Cell())
        indirect_spent = grant_money.flat_rate(direct.spent, rate_percent=project.indirect_rate)
        cells[CostCategory.INDIRECT] = Cell(
            grant_money.flat_rate(direct.planned, rate_percent=project.indirect_rate),
            indirect_spent,
            project.eu_share(indirect_spent),
            # Flat-rate costs go over budget only through the direct costs' overruns.
            direct.overrun_confirmed,
        )
        rows.append(PartnerRow(partner, cells))
    table = BudgetTable(project, rows, since=since, until=until)
    table.by_category = {c: sum((r.cells[c] for r in rows), Cell()) for c in CATEGORIES}
    # What the grant already paid for the costs before the window limits what it pays in it.
    already = budget_table(project, until=since - timedelta(days=1)).eu_funded if since else ZERO
    table.eu_funded = grant_money.eu_share_within_grant(
        table.total.eu_share, grant=project.grant_amount, already=already
    )
    return table


def expenditures_in(project: Project, *, since: date | None = None, until: date | None = None):
    qs = Expenditure.objects.filter(partner__project=project)
    if since is not None:
        qs = qs.filter(date__gte=since)
    if until is not None:
        qs = qs.filter(date__lte=until)
    return qs.select_related("partner__organisation").order_by("date", "pk")


def monthly_spending(project: Project) -> list[tuple[int, Decimal, Decimal]]:
    """(month, planned cumulative, actual cumulative) in EUR, costs including flat-rate indirect.

    The plan spreads the total budget evenly over the months (a baseline, not a forecast).
    """
    by_month: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for exp in Expenditure.objects.filter(partner__project=project).only("date", "amount_eur"):
        by_month[project.month_of(exp.date)] += exp.amount_eur
    rate = project.indirect_rate
    result, direct = [], ZERO
    for month in range(1, project.duration_months + 1):
        direct += by_month[month]
        plan = grant_money.cents(project.total_budget * month / project.duration_months)
        result.append((month, plan, direct + grant_money.flat_rate(direct, rate_percent=rate)))
    return result
