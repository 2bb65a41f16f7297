"""The permission matrix of grants: every page, export and API operation, for every role.

The project of cluster A's programme (tests/grants/conftest.py) is seen by admin, the
coordinator and the team of cluster A (its managing organisation is the lead partner); the
coordinator (and admin) change it; A's manager and staff book the lead partner's costs but not
the other partner's. Everyone else does not see the project at all (404), only its public page,
which carries none of the private strings planted here.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterhub.accounts.domain import grant_role
from clusterhub.grants import domain
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import ReportingPeriod
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from tests.factories import ProgrammeFactory
from tests.grants.conftest import budget_lines
from tests.grants.conftest import build_grant
from tests.security.matrix import NOBODY
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests
from tests.strategy.conftest import make_strategy

# Who sees the project: admin, its programme's coordinator, the lead partner's cluster team.
VIEW = frozenset({"admin", "coordinator", "manager_a", "staff_a"})
NOT_VIEW = SIGNED_IN - VIEW
CHANGE = frozenset({"admin", "coordinator"})

SECRETS = (
    "secret-expenditure-of-lead",
    "secret-expenditure-of-other",
    "secret-draft-news",
    "secret-confidential-deliverable",
    "secret-receipt-bytes",
    "secret-strategy-of-b",
)


@pytest.fixture(scope="module")
def objects(world) -> dict:
    grant = build_grant(world)
    project = grant.project
    expenditure = Expenditure(
        partner=grant.lead,
        date=date(2016, 2, 1),
        category="travel",
        amount=Decimal("10.00"),
        description="secret-expenditure-of-lead",
    )
    domain.save_expenditure(expenditure=expenditure)
    domain.attach_receipt(
        expenditure=expenditure,
        receipt=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 secret-receipt-bytes"),
    )
    other = Expenditure(
        partner=grant.other,
        date=date(2016, 2, 1),
        category="travel",
        amount=Decimal("20.00"),
        description="secret-expenditure-of-other",
    )
    domain.save_expenditure(expenditure=other)
    work_package = domain.save_work_package(
        work_package=WorkPackage(
            project=project, number=1, title="Management", start_month=1, end_month=18
        )
    )
    task = domain.save_task(
        task=Task(work_package=work_package, number=1, title="Meetings", start_month=1, end_month=6)
    )
    deliverable = domain.save_deliverable(
        deliverable=Deliverable(
            work_package=work_package,
            number="D1.1",
            title="secret-confidential-deliverable",
            due_month=6,
            dissemination="confidential",
        )
    )
    milestone = domain.save_milestone(
        milestone=Milestone(project=project, number="M1", title="Kick-off", due_month=1)
    )
    plan = make_strategy(programme=world.programme, title="Programme plan")
    link = domain.link_deliverable(deliverable=deliverable, target=plan)
    # Another output of the programme, not linked yet: the API row links it.
    other_plan = make_strategy(programme=world.programme, title="Second plan")
    # Cluster B is outside the programme: its strategy must not be linkable, nor its title shown.
    plan_b = make_strategy(cluster=world.cluster_b, title="secret-strategy-of-b")
    published = domain.save_news(
        article=NewsArticle(
            project=project, title="Launched", body="We started.", published_on=date(2016, 1, 5)
        )
    )
    draft = domain.save_news(
        article=NewsArticle(project=project, title="secret-draft-news", body="Not yet.")
    )
    domain.save_period(
        period=ReportingPeriod(
            project=project, number=1, kind="periodic", start_month=1, end_month=9
        )
    )
    # A second programme of the coordinator, still without its funded project.
    spare = ProgrammeFactory(acronym="SPR", name="Spare programme")
    grant_role(user=world["coordinator"], role="programme_coordinator", programme=spare)
    return {
        "project": project.pk,
        "acronym": project.acronym,
        "lead": grant.lead.pk,
        "other": grant.other.pk,
        "lead_organisation": grant.lead.organisation_id,
        "other_organisation": grant.other.organisation_id,
        "expenditure": expenditure.pk,
        "other_expenditure": other.pk,
        "work_package": work_package.pk,
        "task": task.pk,
        "deliverable": deliverable.pk,
        "milestone": milestone.pk,
        "strategy": plan.pk,
        "other_strategy": other_plan.pk,
        "strategy_b": plan_b.pk,
        "link": link.pk,
        "news": published.pk,
        "draft": draft.pk,
        "spare_programme": spare.pk,
    }


def _cost(objects: dict) -> dict:
    return {
        "partner": objects["lead"],
        "date": "2016-03-01",
        "category": "travel",
        "amount": "15.00",
        "description": "Train to Tallinn",
    }


def _consortium(objects: dict) -> dict:
    return {
        "partners": [
            {
                "organisation": objects["lead_organisation"],
                "role": "lead",
                "budget_share": "60000.00",
            },
            {
                "organisation": objects["other_organisation"],
                "role": "partner",
                "budget_share": "40000.00",
            },
        ]
    }


def _new_project(objects: dict) -> dict:
    return {
        "programme": objects["spare_programme"],
        "funding_programme": "COSME 2014-2020",
        "grant_agreement_number": "654321",
        "acronym": "SPR",
        "title": "Spare project",
        "start_date": "2017-01-01",
        "duration_months": 12,
        "total_budget": "1000.00",
        "grant_amount": "900.00",
    }


def _plan_pages(kind: str, item: str) -> tuple[Page, ...]:
    return (
        Page(f"grants:{kind}_create", ("project",), allowed=CHANGE, hidden=NOT_VIEW),
        Page(f"grants:{kind}_edit", ("project", item), allowed=CHANGE, hidden=NOT_VIEW),
        Page(f"grants:{kind}_delete", ("project", item), allowed=CHANGE, hidden=NOT_VIEW),
    )


PAGES = (
    Page("grants:index", allowed=PUBLIC),
    Page("grants:project_detail", ("project",), allowed=VIEW, hidden=NOT_VIEW),
    Page("grants:expenditure_list", ("project",), allowed=VIEW, hidden=NOT_VIEW),
    Page("grants:expenditure_create", ("project",), allowed=VIEW, hidden=NOT_VIEW),
    Page("grants:timeline", ("project",), allowed=VIEW, hidden=NOT_VIEW),
    Page("grants:reports", ("project",), allowed=VIEW, hidden=NOT_VIEW),
    Page("grants:report_download", ("project", "pdf"), allowed=VIEW, hidden=NOT_VIEW),
    Page(
        "grants:report_download",
        ("project", "xlsx"),
        allowed=VIEW,
        hidden=NOT_VIEW,
        query={"period": "1"},
    ),
    Page("grants:project_edit", ("project",), allowed=CHANGE, hidden=NOT_VIEW),
    Page("grants:consortium_edit", ("project",), allowed=CHANGE, hidden=NOT_VIEW),
    Page("grants:budget_edit", ("project",), allowed=CHANGE, hidden=NOT_VIEW),
    Page("grants:news_create", ("project",), allowed=CHANGE, hidden=NOT_VIEW),
    Page(
        "grants:deliverable_link",
        ("deliverable",),
        allowed=CHANGE,
        hidden=NOT_VIEW,
        method="post",
        data=lambda o: {"target": f"strategy.strategy:{o['strategy']}"},
    ),
    Page("grants:deliverable_unlink", ("link",), allowed=CHANGE, hidden=NOT_VIEW, method="post"),
    # The lead partner's cost: its cluster team acts for the lead partner.
    Page(
        "grants:expenditure_delete",
        ("expenditure",),
        allowed=VIEW,
        hidden=NOT_VIEW,
        method="post",
    ),
    # The other partner's cost: cluster A's team sees it but may not delete it.
    Page(
        "grants:expenditure_delete",
        ("other_expenditure",),
        allowed=CHANGE,
        hidden=NOT_VIEW,
        method="post",
    ),
    Page("grants:receipt", ("expenditure",), allowed=VIEW, hidden=NOT_VIEW),
    # The public page and published news: no sign-in, and no private string at all.
    Page("grants:public_project", ("acronym",), allowed=PUBLIC, sees_secrets=NOBODY),
    Page("grants:public_news", ("acronym", "news"), allowed=PUBLIC, sees_secrets=NOBODY),
    # A draft is public to nobody, signed in or not: 404 for all, anonymous too.
    Page(
        "grants:public_news",
        ("acronym", "draft"),
        hidden=SIGNED_IN,
        exact={"anonymous": 404},
    ),
    *_plan_pages("workpackage", "work_package"),
    *_plan_pages("task", "task"),
    *_plan_pages("deliverable", "deliverable"),
    *_plan_pages("milestone", "milestone"),
)


def _op(name: str, *args, **expectations) -> Operation:
    return Operation(f"clusterhub_grants_api_{name}", args, **expectations)


OPERATIONS = (
    _op("list_projects", allowed=SIGNED_IN, sees_secrets=NOBODY),
    _op("create_project", allowed=CHANGE, body=_new_project),
    _op("get_project", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "update_project",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {"title": "Renamed"},
    ),
    _op("set_partners", "project", allowed=CHANGE, hidden=NOT_VIEW, body=_consortium),
    _op("get_budget", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "set_budget",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {
            "lines": [
                {"partner": o["lead"], "category": category, "amount": str(amount)}
                for category, amount in budget_lines(Decimal("60000.00")).items()
            ]
        },
    ),
    _op("list_expenditures", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op("create_expenditure", "project", allowed=VIEW, hidden=NOT_VIEW, body=_cost),
    _op("check_expenditure", "project", allowed=VIEW, hidden=NOT_VIEW, body=_cost),
    # The other partner's cost: cluster A's team sees the project but books only for its own.
    _op(
        "create_expenditure",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {**_cost(o), "partner": o["other"]},
    ),
    _op(
        "check_expenditure",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {**_cost(o), "partner": o["other"]},
    ),
    _op("get_expenditure", "expenditure", allowed=VIEW, hidden=NOT_VIEW),
    _op("delete_expenditure", "expenditure", allowed=VIEW, hidden=NOT_VIEW),
    _op("delete_expenditure", "other_expenditure", allowed=CHANGE, hidden=NOT_VIEW),
    _op(
        "upload_receipt",
        "expenditure",
        allowed=VIEW,
        hidden=NOT_VIEW,
        form=lambda o: {"receipt": SimpleUploadedFile("new.pdf", b"%PDF-1.4 new")},
    ),
    _op(
        "upload_receipt",
        "other_expenditure",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        form=lambda o: {"receipt": SimpleUploadedFile("new.pdf", b"%PDF-1.4 new")},
    ),
    _op("list_work_packages", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "create_work_package",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {"number": 2, "title": "Dissemination", "start_month": 1, "end_month": 18},
    ),
    _op("list_deliverables", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "create_deliverable",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {
            "work_package": o["work_package"],
            "number": "D1.2",
            "title": "Report",
            "due_month": 9,
        },
    ),
    _op(
        "update_deliverable",
        "deliverable",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {"description": "More detail"},
    ),
    _op(
        "link_deliverable",
        "deliverable",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {
            "app_label": "strategy",
            "model": "strategy",
            "object_id": o["other_strategy"],
        },
    ),
    # Linking an object again only updates the note (not a 422 for the unique link).
    _op(
        "link_deliverable",
        "deliverable",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {
            "app_label": "strategy",
            "model": "strategy",
            "object_id": o["strategy"],
            "note": "Adopted",
        },
    ),
    # An object outside the project's programme, its id guessed: refused on object_id, and its
    # title never echoed back.
    _op(
        "link_deliverable",
        "deliverable",
        hidden=NOT_VIEW,
        body=lambda o: {"app_label": "strategy", "model": "strategy", "object_id": o["strategy_b"]},
        exact=dict.fromkeys(CHANGE, 422),
    ),
    _op("list_milestones", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "create_milestone",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {"number": "M2", "title": "Midterm", "due_month": 9},
    ),
    _op("list_news", "project", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "create_news",
        "project",
        allowed=CHANGE,
        hidden=NOT_VIEW,
        body=lambda o: {"title": "News", "body": "Text"},
    ),
    _op("download_report", "project", "pdf", allowed=VIEW, hidden=NOT_VIEW),
    _op(
        "download_report",
        "project",
        "xlsx",
        allowed=VIEW,
        hidden=NOT_VIEW,
        query={"period": 1},
    ),
    _op("public_project", "acronym", allowed=PUBLIC, sees_secrets=NOBODY),
)


# Where an allowed user does see each secret (so the matrix's secret checks can fail).
SHOWN = [
    (_op("list_expenditures", "project"), "manager_a", "secret-expenditure-of-lead"),
    (_op("list_expenditures", "project"), "staff_a", "secret-expenditure-of-other"),
    (_op("list_news", "project"), "coordinator", "secret-draft-news"),
    (_op("list_deliverables", "project"), "manager_a", "secret-confidential-deliverable"),
    (Page("grants:receipt", ("expenditure",)), "staff_a", "secret-receipt-bytes"),
]


globals().update(
    area_tests(
        PAGES, OPERATIONS, SECRETS, namespaces=["grants"], tags_or_prefixes=["grants"], shown=SHOWN
    )
)
