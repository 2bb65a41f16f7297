"""API schemas of strategies: Create, Update (PATCH, all optional) and Out per object.

Input schemas hold the limits of the columns; the domain rules (one owner, dates in order, target
in the KPI's direction, measurements within the period) stay in the models and run in domain.py.
Figures are Decimal with at most 12 digits before and 2 after the point.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.common.api_helpers import partial_of
from clusterhub.common.schemas import LinkOut
from clusterhub.registry.schemas import MAX_TEXT
from clusterhub.registry.schemas import Id
from clusterhub.registry.schemas import text
from clusterhub.strategy.enums import ActionStatus
from clusterhub.strategy.enums import Direction
from clusterhub.strategy.enums import Frequency
from clusterhub.strategy.enums import Origin

Figure = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]
LongText = text(MAX_TEXT)


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class StrategyCreate(_Input):
    cluster: Id | None = None
    programme: Id | None = None
    output_of: Id | None = None
    title: text(200)
    start: dt.date
    end: dt.date
    vision: LongText = ""
    mission: LongText = ""


StrategyUpdate = partial_of(StrategyCreate, "StrategyUpdate", exclude=("cluster", "programme"))


class StrategyFromTemplate(_Input):
    cluster: Id
    title: text(200)
    start: dt.date
    end: dt.date


class StrategyOut(Schema):
    id: int
    cluster: int | None = Field(None, alias="cluster_id")
    programme: int | None = Field(None, alias="programme_id")
    output_of: int | None = Field(None, alias="output_of_id")
    title: str
    start: dt.date
    end: dt.date
    vision: str
    mission: str
    project_output: bool

    @staticmethod
    def resolve_project_output(obj) -> bool:
        programme = obj.funding_programme
        return bool(programme and programme.eu_funding_programme)


class ObjectiveCreate(_Input):
    title: text(200)
    description: LongText = ""
    position: Annotated[int, Field(ge=0, le=32767)] = 0


ObjectiveUpdate = partial_of(ObjectiveCreate, "ObjectiveUpdate")


class ObjectiveOut(Schema):
    id: int
    strategy: int = Field(alias="strategy_id")
    title: str
    description: str
    position: int
    area_code: str


class ActionCreate(_Input):
    title: text(200)
    description: LongText = ""
    owner_user: Id | None = None
    owner_person: Id | None = None
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED


class _ActionMove(_Input):
    # Only an update may move an action, to another objective of its strategy.
    objective: Id | None = None


ActionUpdate = partial_of(ActionCreate, "ActionUpdate", base=_ActionMove)


class ActionOut(Schema):
    id: int
    objective: int = Field(alias="objective_id")
    title: str
    description: str
    owner_user: int | None = Field(None, alias="owner_user_id")
    owner_person: int | None = Field(None, alias="owner_person_id")
    owner_name: str
    due_date: dt.date | None
    status: ActionStatus
    overdue: bool
    links: list[LinkOut]

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_links(obj) -> list:
        return list(obj.links.all())


class ActionLinkCreate(_Input):
    app_label: text(100)
    model: text(100)
    object_id: Id


class KpiCreate(_Input):
    objective: Id | None = None
    name: text(200)
    unit: text(40) = ""
    baseline: Figure
    target: Figure
    direction: Direction = Direction.UP
    frequency: Frequency = Frequency.QUARTERLY
    source: text(40) = ""


KpiUpdate = partial_of(KpiCreate, "KpiUpdate")


class KpiOut(Schema):
    id: int
    strategy: int = Field(alias="strategy_id")
    objective: int | None = Field(None, alias="objective_id")
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: Direction
    frequency: Frequency
    source: str


class MeasurementCreate(_Input):
    date: dt.date
    value: Figure
    note: text(300) = ""


class MeasurementOut(Schema):
    id: int
    kpi: int = Field(alias="kpi_id")
    date: dt.date
    value: Decimal
    origin: Origin
    note: str


class KpiProgressOut(Schema):
    kpi: KpiOut
    status: str
    achieved_percent: int | None
    latest: MeasurementOut | None
    measurements: list[MeasurementOut]


class ProgressOut(Schema):
    strategy: StrategyOut
    today: dt.date
    kpis: list[KpiProgressOut]
    overdue_actions: list[ActionOut]


class ComputeIn(_Input):
    date: dt.date | None = None


class ComputeOut(Schema):
    date: dt.date
    recorded: list[MeasurementOut]
    skipped: dict[str, str] = Field(description="KPI id -> why it got no value")


class KpiSourceOut(Schema):
    key: str
    label: str
    unit: str
    reads: str
    available: bool
