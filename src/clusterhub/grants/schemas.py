"""API schemas of funded projects: Create, Update (PATCH) and Out per object.

Inputs carry the limits of the columns (lengths, digits), so oversized input is a 422 with the
field named; domain rules (dates in the project, categories, shares adding up) run in the models
and domain verbs. Money is Decimal in and out (JSON strings such as "249415.52").
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.common.api_helpers import partial_of
from clusterhub.common.content_languages import LANGUAGE_CODES
from clusterhub.common.content_languages import languages_schema
from clusterhub.common.schemas import LinkOut
from clusterhub.grants.enums import DeliverableStatus
from clusterhub.grants.enums import Dissemination
from clusterhub.grants.enums import PartnerRole
from clusterhub.grants.finance import CATEGORIES
from clusterhub.grants.finance import BudgetTable
from clusterhub.grants.finance import Cell
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.schemas import Id
from clusterhub.registry.schemas import text

Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(max_digits=12, decimal_places=6, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(max_digits=5, decimal_places=2, allow_inf_nan=False)]
MonthNo = Annotated[int, Field(ge=1, le=120)]
SmallNo = Annotated[int, Field(ge=1, le=32767)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


# The public page's texts and news are read and written in the request's language; `title_lv`...
# name one language's text (docs/translation.md, "Content in several languages").
ProjectLanguagesIn = languages_schema(
    "ProjectLanguagesIn", _Input, title=text(300), description=text(20_000)
)
ProjectLanguagesOut = languages_schema(
    "ProjectLanguagesOut", Schema, output=True, title=str, description=str
)
NewsLanguagesIn = languages_schema("NewsLanguagesIn", _Input, title=text(200), body=text(50_000))
NewsLanguagesOut = languages_schema("NewsLanguagesOut", Schema, output=True, title=str, body=str)


class PartnerOut(Schema):
    id: int
    number: int
    organisation: int = Field(alias="organisation_id")
    organisation_name: str
    role: str
    budget_share: Decimal

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name


class ProjectOut(ProjectLanguagesOut):
    id: int
    programme: int = Field(alias="programme_id")
    funding_programme: str
    call: str
    grant_agreement_number: str
    acronym: str
    title: str
    description: str
    start_date: date
    end_date: date
    duration_months: int
    total_budget: Decimal
    grant_amount: Decimal
    funding_rate: Decimal = Field(description="EU share of the budget in per cent (computed)")
    own_contribution: Decimal
    indirect_rate: Decimal
    public_page: bool
    partners: list[PartnerOut]

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())


class ProjectCreate(ProjectLanguagesIn):
    programme: Id
    funding_programme: text(100)
    call: text(100) = ""
    grant_agreement_number: text(40)
    acronym: text(40)
    title: text(300)
    description: text(20_000) = ""
    start_date: Day
    duration_months: MonthNo
    total_budget: Money
    grant_amount: Money
    indirect_rate: Percent = Decimal("7.00")
    public_page: bool = True


ProjectUpdate = partial_of(ProjectCreate, "ProjectUpdate", exclude=("programme", "acronym"))


class PartnerIn(_Input):
    organisation: Id
    role: PartnerRole = PartnerRole.PARTNER
    budget_share: Money


class ConsortiumIn(_Input):
    partners: list[PartnerIn] = Field(max_length=100)


class BudgetLineIn(_Input):
    partner: Id
    category: text(20)
    amount: Money


class BudgetIn(_Input):
    """The planned direct costs of the partners named (their other lines are removed)."""

    lines: list[BudgetLineIn] = Field(max_length=1000)


class CellOut(Schema):
    partner: int | None
    category: str
    planned: Decimal
    spent: Decimal
    remaining: Decimal
    eu_share: Decimal
    use_percent: Decimal | None
    state: str


class BudgetOut(Schema):
    cells: list[CellOut]
    partner_totals: list[CellOut]
    category_totals: list[CellOut]
    total: CellOut
    eu_funded: Decimal = Field(
        description="The EU share of the costs that the grant pays: the cells' shares at the "
        "funding rate, capped at the grant"
    )
    own_funded: Decimal = Field(description="The costs less eu_funded")
    above_grant: Decimal = Field(
        description="The EU share at the funding rate above the grant (part of own_funded)"
    )


class ExpenditureCreate(_Input):
    partner: Id
    date: Day
    category: text(20)
    amount: Money
    currency: text(3) = "EUR"
    exchange_rate: Rate | None = None
    description: text(300)
    confirm_overrun: bool = Field(
        False, description="Needed when the cost takes its budget line above 100 %"
    )


class ExpenditureOut(Schema):
    id: int
    partner: int = Field(alias="partner_id")
    date: date
    category: str
    amount: Decimal
    currency: str
    exchange_rate: Decimal | None
    amount_eur: Decimal
    eu_share: Decimal
    description: str
    has_receipt: bool
    over_budget_confirmed: bool

    @staticmethod
    def resolve_has_receipt(obj) -> bool:
        return bool(obj.receipt)


class ExpenditureResult(Schema):
    expenditure: ExpenditureOut | None
    state: str = Field(description="ok, warn (above 90 %) or over (above 100 %)")
    use_percent: Decimal | None
    warnings: list[str]


class WorkPackageIn(_Input):
    number: SmallNo
    title: text(200)
    description: text(20_000) = ""
    lead: Id | None = None
    start_month: MonthNo
    end_month: MonthNo


class WorkPackageOut(Schema):
    id: int
    number: int
    title: str
    description: str
    lead: int | None = Field(alias="lead_id")
    start_month: int
    end_month: int


class DeliverableIn(_Input):
    work_package: Id
    number: text(10)
    title: text(200)
    description: text(20_000) = ""
    due_month: MonthNo
    actual_date: Day | None = None
    status: DeliverableStatus = DeliverableStatus.PLANNED
    dissemination: Dissemination = Dissemination.PUBLIC


DeliverableUpdate = partial_of(
    DeliverableIn, "DeliverableUpdate", exclude=("work_package", "number")
)


# A deliverable's link, with its note; the label names the linked object.
class DeliverableLinkOut(LinkOut):
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.target) if obj.target is not None else ""


class DeliverableOut(Schema):
    id: int
    work_package: int = Field(alias="work_package_id")
    number: str
    title: str
    description: str
    due_month: int
    due_date: date
    actual_date: date | None
    status: str
    dissemination: str
    links: list[DeliverableLinkOut]

    @staticmethod
    def resolve_links(obj):
        return list(obj.links.all())


class LinkIn(_Input):
    app_label: text(100)
    model: text(100)
    object_id: Id
    note: text(200) = ""


class MilestoneIn(_Input):
    number: text(10)
    title: text(200)
    due_month: MonthNo
    actual_date: Day | None = None
    work_package: Id | None = None
    means_of_verification: text(300) = ""


class MilestoneOut(Schema):
    id: int
    number: str
    title: str
    due_month: int
    actual_date: date | None
    work_package: int | None = Field(alias="work_package_id")
    means_of_verification: str


class NewsIn(NewsLanguagesIn):
    title: text(200)
    body: text(50_000)
    published_on: Day | None = None


class NewsOut(NewsLanguagesOut):
    id: int
    title: str
    body: str
    published_on: date | None
    acknowledgement: str = Field(description="The EU funding acknowledgement, always appended")
    disclaimer: str
    text: str = Field(description="body, acknowledgement and disclaimer, as published")


class PublicPartnerOut(Schema):
    name: str
    country: str
    role: str


class PublicResultOut(Schema):
    number: str
    title: str
    delivered_on: date | None


class PublicProjectOut(Schema):
    """What the public page shows: no financial data."""

    acronym: str
    title: str
    description: str
    funding_programme: str
    start_date: date
    end_date: date
    partners: list[PublicPartnerOut]
    results: list[PublicResultOut]
    news: list[NewsOut]
    acknowledgement: str
    disclaimer: str


# Output shapes the handlers fill in (plain dicts for the Out schemas above).


def cell_out(partner: int | None, category: str, cell: Cell) -> dict:
    return {
        "partner": partner,
        "category": category,
        "planned": cell.planned,
        "spent": cell.spent,
        "remaining": cell.remaining,
        "eu_share": cell.eu_share,
        "use_percent": cell.use_percent,
        "state": cell.state.value,
    }


def budget_out(table: BudgetTable) -> dict:
    """The budget table as BudgetOut shows it."""
    return {
        "cells": [cell_out(r.partner.pk, c, r.cells[c]) for r in table.rows for c in CATEGORIES],
        "partner_totals": [cell_out(r.partner.pk, "total", r.total) for r in table.rows],
        "category_totals": [cell_out(None, c, cell) for c, cell in table.by_category.items()],
        "total": cell_out(None, "total", table.total),
        "eu_funded": table.eu_funded,
        "own_funded": table.own_funded,
        "above_grant": table.above_grant,
    }


def expenditure_result(expenditure, check) -> dict:
    return {
        "expenditure": expenditure,
        "state": check.state.value,
        "use_percent": check.use_percent,
        "warnings": check.warnings,
    }


def news_out(article: NewsArticle, project: Project) -> dict:
    notice = funding_notice(project.programme)
    ack, disclaimer = (notice.acknowledgement, notice.disclaimer) if notice else ("", "")
    return {
        "id": article.pk,
        "title": article.title,
        "body": article.body,
        "published_on": article.published_on,
        "acknowledgement": ack,
        "disclaimer": disclaimer,
        "text": "\n\n".join(part for part in (article.body, ack, disclaimer) if part),
        # Each language's own text (null where none was written), as the other content APIs.
        **{
            f"{field}_{code}": getattr(article, f"{field}_{code}")
            for field in ("title", "body")
            for code in LANGUAGE_CODES
        },
    }
