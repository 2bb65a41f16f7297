"""Setup pages of a funded project: the project, consortium, budget and work plan.

Each form saves exactly what was entered through the domain verbs; refused input answers 400
with the error on the page and saves nothing; only coordinators and admins get the pages.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from clusterhub.core import grant_money
from clusterhub.grants import domain
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import Project
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from tests.factories import OrganisationFactory
from tests.grants.conftest import RATE


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


def _wp(project, **overrides) -> WorkPackage:
    values = {"number": 1, "title": "Management", "start_month": 1, "end_month": 18}
    values.update(overrides)
    return domain.save_work_package(work_package=WorkPackage(project=project, **values))


PROJECT_DATA = {
    "funding_programme": "COSME 2014-2020",
    "call": "COS-CLUSTER-2015-3-03",
    "grant_agreement_number": "654321",
    "acronym": "5FX-2",
    "title": "Five for Excellence, second round",
    "description": "New text.",
    "start_date": "2016-02-01",
    "duration_months": "24",
    "total_budget": "100000.00",
    "grant_amount": "80000.00",
    "indirect_rate": "7.00",
    "public_page": "",
}


def test_coordinator_edits_the_project(grant, world, client_for):
    c = client_for(world["coordinator"])
    assert c.get(url("project_edit", grant.project.pk)).status_code == 200
    response = c.post(url("project_edit", grant.project.pk), PROJECT_DATA)
    assert response.status_code == 302
    assert response["Location"] == url("project_detail", grant.project.pk)
    p = Project.objects.get(pk=grant.project.pk)
    assert (p.funding_programme, p.call, p.grant_agreement_number) == (
        "COSME 2014-2020",
        "COS-CLUSTER-2015-3-03",
        "654321",
    )
    assert (p.acronym, p.title, p.description) == (
        "5FX-2",
        "Five for Excellence, second round",
        "New text.",
    )
    assert (p.start_date, p.duration_months) == (date(2016, 2, 1), 24)
    assert (p.total_budget, p.grant_amount, p.indirect_rate) == (
        Decimal("100000.00"),
        Decimal("80000.00"),
        Decimal("7.00"),
    )
    assert p.public_page is False
    assert p.programme_id == world.programme.pk


def test_project_edit_refuses_a_grant_above_the_budget(grant, world, client_for):
    c = client_for(world["coordinator"])
    response = c.post(
        url("project_edit", grant.project.pk), {**PROJECT_DATA, "grant_amount": "100000.01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["grant_amount"] == [
        "The grant cannot exceed the total eligible budget."
    ]
    assert b"The grant cannot exceed the total eligible budget." in response.content
    p = Project.objects.get(pk=grant.project.pk)
    assert (p.acronym, p.title, p.grant_amount) == (
        "5FX",
        "Five for Excellence",
        Decimal("95000.00"),
    )


def test_project_edit_refuses_a_duration_shorter_than_the_work_plan(grant, world, client_for):
    _wp(grant.project)
    c = client_for(world["coordinator"])
    response = c.post(
        url("project_edit", grant.project.pk), {**PROJECT_DATA, "duration_months": "12"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["duration_months"] == [
        "The work plan runs to month 18; shorten it before the project."
    ]
    assert Project.objects.get(pk=grant.project.pk).duration_months == 18


def _consortium(total, rows, initial=2):
    data = {
        "total_budget": total,
        "partners-TOTAL_FORMS": str(len(rows)),
        "partners-INITIAL_FORMS": str(initial),
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
    }
    for i, (org, role, share) in enumerate(rows):
        data[f"partners-{i}-organisation"] = str(org.pk) if org else ""
        data[f"partners-{i}-role"] = role
        data[f"partners-{i}-budget_share"] = share
    return data


def test_coordinator_sets_the_consortium_and_the_total(grant, world, client_for):
    new = OrganisationFactory(name="Partner D")
    a, c_org = grant.lead.organisation, grant.other.organisation
    c = client_for(world["coordinator"])
    page = c.get(url("consortium_edit", grant.project.pk))
    assert page.status_code == 200
    assert b"Partner C" in page.content
    data = _consortium(
        "120000.00",
        [
            (c_org, "lead", "50000.00"),
            (a, "partner", "60000.00"),
            (new, "partner", "10000.00"),
            (None, "", ""),
        ],
    )
    response = c.post(url("consortium_edit", grant.project.pk), data)
    assert response.status_code == 302
    partners = list(
        grant.project.partners.order_by("number").values_list(
            "organisation__name", "role", "number", "budget_share"
        )
    )
    assert partners == [
        ("Partner C", "lead", 1, Decimal("50000.00")),
        ("Partner A", "partner", 2, Decimal("60000.00")),
        ("Partner D", "partner", 3, Decimal("10000.00")),
    ]
    assert Project.objects.get(pk=grant.project.pk).total_budget == Decimal("120000.00")


def test_consortium_shares_must_add_up(grant, world, client_for):
    a, c_org = grant.lead.organisation, grant.other.organisation
    c = client_for(world["coordinator"])
    data = _consortium("100000.00", [(a, "lead", "60000.00"), (c_org, "partner", "30000.00")])
    response = c.post(url("consortium_edit", grant.project.pk), data)
    assert response.status_code == 400
    message = (
        "The partners&#x27; budget shares add up to €90,000.00, not the total eligible "
        "budget of €100,000.00 (difference €10,000.00)."
    )
    assert message.encode() in response.content
    shares = list(grant.project.partners.order_by("number").values_list("budget_share", flat=True))
    assert shares == [Decimal("60000.00"), Decimal("40000.00")]


def test_consortium_refuses_a_negative_share(grant, world, client_for):
    a, c_org = grant.lead.organisation, grant.other.organisation
    c = client_for(world["coordinator"])
    data = _consortium("100000.00", [(a, "lead", "110000.00"), (c_org, "partner", "-10000.00")])
    response = c.post(url("consortium_edit", grant.project.pk), data)
    assert response.status_code == 400
    assert response.context["formset"][1].errors["budget_share"] == [
        "Ensure this value is greater than or equal to 0.00."
    ]
    assert grant.lead.__class__.objects.get(pk=grant.lead.pk).budget_share == Decimal("60000.00")


def _budget_data(grant, lead_lines):
    data = {}
    for line in BudgetLine.objects.filter(partner=grant.other):
        data[f"p{grant.other.pk}_{line.category}"] = str(line.amount)
    for category, amount in lead_lines.items():
        data[f"p{grant.lead.pk}_{category}"] = amount
    return data


def test_coordinator_sets_the_budget(grant, world, client_for):
    direct = grant_money.direct_for_total(grant.lead.budget_share, rate_percent=RATE).direct
    other_before = dict(
        BudgetLine.objects.filter(partner=grant.other).values_list("category", "amount")
    )
    c = client_for(world["coordinator"])
    assert c.get(url("budget_edit", grant.project.pk)).status_code == 200
    data = _budget_data(grant, {"staff": str(direct - Decimal("2500.00")), "equipment": "2500.00"})
    response = c.post(url("budget_edit", grant.project.pk), data)
    assert response.status_code == 302
    lead = dict(BudgetLine.objects.filter(partner=grant.lead).values_list("category", "amount"))
    assert lead == {"staff": direct - Decimal("2500.00"), "equipment": Decimal("2500.00")}
    other = dict(BudgetLine.objects.filter(partner=grant.other).values_list("category", "amount"))
    assert other == other_before


def test_budget_refuses_a_negative_amount(grant, world, client_for):
    before = list(BudgetLine.objects.order_by("pk").values_list("pk", "amount"))
    c = client_for(world["coordinator"])
    data = _budget_data(grant, {"staff": "60000.00", "travel": "-3925.23"})
    response = c.post(url("budget_edit", grant.project.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"p{grant.lead.pk}_travel"] == [
        "Ensure this value is greater than or equal to 0.00."
    ]
    assert list(BudgetLine.objects.order_by("pk").values_list("pk", "amount")) == before


def test_budget_must_match_the_share(grant, world, client_for):
    before = list(BudgetLine.objects.order_by("pk").values_list("pk", "amount"))
    c = client_for(world["coordinator"])
    response = c.post(
        url("budget_edit", grant.project.pk), _budget_data(grant, {"staff": "100.00"})
    )
    assert response.status_code == 400
    assert "not its budget share of €60,000.00".encode() in response.content
    assert list(BudgetLine.objects.order_by("pk").values_list("pk", "amount")) == before


def test_work_package_create_edit_delete(grant, world, client_for):
    c = client_for(world["coordinator"])
    pk = grant.project.pk
    assert c.get(url("workpackage_create", pk)).status_code == 200
    data = {
        "number": "2",
        "title": "Strategy",
        "description": "Joint strategy.",
        "lead": str(grant.other.pk),
        "start_month": "3",
        "end_month": "12",
    }
    assert c.post(url("workpackage_create", pk), data).status_code == 302
    wp = WorkPackage.objects.get(project=grant.project)
    assert (wp.number, wp.title, wp.description, wp.lead_id, wp.start_month, wp.end_month) == (
        2,
        "Strategy",
        "Joint strategy.",
        grant.other.pk,
        3,
        12,
    )
    timeline = c.get(url("timeline", pk))
    assert url("workpackage_edit", pk, wp.pk).encode() in timeline.content
    response = c.post(
        url("workpackage_edit", pk, wp.pk), {**data, "title": "Strategy 2", "lead": ""}
    )
    assert response.status_code == 302
    wp.refresh_from_db()
    assert (wp.title, wp.lead_id) == ("Strategy 2", None)
    assert c.get(url("workpackage_delete", pk, wp.pk)).status_code == 200
    assert c.post(url("workpackage_delete", pk, wp.pk)).status_code == 302
    assert WorkPackage.objects.filter(project=grant.project).count() == 0


def test_work_package_beyond_the_project_is_refused(grant, world, client_for):
    c = client_for(world["coordinator"])
    data = {"number": "1", "title": "Too long", "start_month": "1", "end_month": "19"}
    response = c.post(url("workpackage_create", grant.project.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors["end_month"] == [
        "Month 19 is after the project's last month, 18."
    ]
    assert WorkPackage.objects.count() == 0


def test_task_create_and_refused(grant, world, client_for):
    wp = _wp(grant.project)
    c = client_for(world["coordinator"])
    data = {
        "work_package": str(wp.pk),
        "number": "1",
        "title": "Kick-off",
        "start_month": "1",
        "end_month": "2",
    }
    assert c.post(url("task_create", grant.project.pk), data).status_code == 302
    task = Task.objects.get()
    assert (task.work_package_id, task.number, task.title, task.start_month, task.end_month) == (
        wp.pk,
        1,
        "Kick-off",
        1,
        2,
    )
    bad = c.post(url("task_edit", grant.project.pk, task.pk), {**data, "end_month": "20"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["end_month"] == [
        "Month 20 is after the project's last month, 18."
    ]
    task.refresh_from_db()
    assert task.end_month == 2
    assert c.post(url("task_delete", grant.project.pk, task.pk)).status_code == 302
    assert Task.objects.count() == 0


def test_deliverable_create_and_refused(grant, world, client_for):
    wp = _wp(grant.project)
    c = client_for(world["coordinator"])
    data = {
        "work_package": str(wp.pk),
        "number": "D1.1",
        "title": "Action plan",
        "description": "",
        "due_month": "6",
        "status": "submitted",
        "actual_date": "2016-06-20",
        "dissemination": "confidential",
    }
    assert c.post(url("deliverable_create", grant.project.pk), data).status_code == 302
    d = Deliverable.objects.get()
    assert (d.work_package_id, d.number, d.title, d.due_month) == (wp.pk, "D1.1", "Action plan", 6)
    assert (d.status, d.actual_date, d.dissemination) == (
        "submitted",
        date(2016, 6, 20),
        "confidential",
    )
    bad = c.post(
        url("deliverable_create", grant.project.pk),
        {**data, "number": "D1.2", "due_month": "19"},
    )
    assert bad.status_code == 400
    assert bad.context["form"].errors["due_month"] == [
        "Month 19 is after the project's last month, 18."
    ]
    assert b"Month 19 is after the project" in bad.content
    assert Deliverable.objects.count() == 1


def test_milestone_create_and_refused(grant, world, client_for):
    wp = _wp(grant.project)
    c = client_for(world["coordinator"])
    data = {
        "work_package": str(wp.pk),
        "number": "M1",
        "title": "Strategy adopted",
        "due_month": "12",
        "actual_date": "",
        "means_of_verification": "Signed strategy",
    }
    assert c.post(url("milestone_create", grant.project.pk), data).status_code == 302
    m = Milestone.objects.get()
    assert (m.project_id, m.work_package_id, m.number, m.title, m.due_month) == (
        grant.project.pk,
        wp.pk,
        "M1",
        "Strategy adopted",
        12,
    )
    assert (m.actual_date, m.means_of_verification) == (None, "Signed strategy")
    bad = c.post(url("milestone_edit", grant.project.pk, m.pk), {**data, "due_month": "19"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["due_month"] == [
        "Month 19 is after the project's last month, 18."
    ]
    m.refresh_from_db()
    assert m.due_month == 12


def test_admin_may_use_the_setup_pages(grant, world, client_for):
    c = client_for(world["admin"])
    for name in ("project_edit", "consortium_edit", "budget_edit", "milestone_create"):
        assert c.get(url(name, grant.project.pk)).status_code == 200, name


def test_project_page_links_setup_only_for_managers(grant, world, client_for):
    pk = grant.project.pk
    links = [url(n, pk).encode() for n in ("project_edit", "consortium_edit", "budget_edit")]
    coordinator = client_for(world["coordinator"]).get(url("project_detail", pk)).content
    assert [link in coordinator for link in links] == [True, True, True]
    partner = client_for(world["manager_a"]).get(url("project_detail", pk)).content
    assert [link in partner for link in links] == [False, False, False]
    timeline = client_for(world["manager_a"]).get(url("timeline", pk)).content
    assert url("workpackage_create", pk).encode() not in timeline


def _setup_urls(grant):
    wp = _wp(grant.project)
    task = domain.save_task(
        task=Task(work_package=wp, number=1, title="T", start_month=1, end_month=2)
    )
    pk = grant.project.pk
    return [
        url("project_edit", pk),
        url("consortium_edit", pk),
        url("budget_edit", pk),
        url("workpackage_create", pk),
        url("workpackage_edit", pk, wp.pk),
        url("workpackage_delete", pk, wp.pk),
        url("task_edit", pk, task.pk),
        url("task_delete", pk, task.pk),
        url("deliverable_create", pk),
        url("milestone_create", pk),
    ]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("manager_a", 403),
        ("staff_a", 403),
        ("member_a", 404),
        ("expert_a", 404),
        ("observer_a", 404),
        ("manager_b", 404),
        ("outsider", 404),
    ],
)
def test_setup_pages_are_denied_to_everyone_else(grant, world, client_for, username, status):
    urls = _setup_urls(grant)
    c = client_for(world[username])
    for address in urls:
        assert c.get(address).status_code == status, address
        assert c.post(address, PROJECT_DATA).status_code == status, address
    project = Project.objects.get(pk=grant.project.pk)
    assert (project.acronym, project.duration_months) == ("5FX", 18)
    assert WorkPackage.objects.count() == 1
    assert Task.objects.count() == 1


def test_an_item_of_another_kind_or_project_is_404(grant, world, client_for):
    wp = _wp(grant.project)
    c = client_for(world["coordinator"])
    # A work package id used as a milestone id, and a missing id.
    assert c.get(url("milestone_edit", grant.project.pk, wp.pk)).status_code == 404
    assert c.post(url("task_delete", grant.project.pk, 999_999)).status_code == 404
    assert WorkPackage.objects.count() == 1
