"""Domain verbs: consortium shares, budget lines, expenditure validation and currency, links."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from clusterhub.grants import domain
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Partner
from clusterhub.grants.models import WorkPackage
from tests.factories import OrganisationFactory

D = Decimal


def spec(org, role="partner", share="0.00"):
    return domain.PartnerSpec(organisation=org, role=role, budget_share=D(share))


def test_funding_rate_is_computed(grant):
    assert grant.project.funding_rate == D("95.0000")
    assert grant.project.own_contribution == D("5000.00")


def test_grant_above_total_is_refused(grant):
    grant.project.grant_amount = D("100000.01")
    with pytest.raises(ValidationError) as exc:
        domain.save_project(project=grant.project)
    assert "cannot exceed" in exc.value.message_dict["grant_amount"][0]


def test_shares_that_do_not_add_up_are_refused_and_nothing_changes(grant):
    with pytest.raises(ValidationError) as exc:
        domain.set_consortium(
            project=grant.project,
            partners=[
                spec(grant.lead.organisation, "lead", "60000.00"),
                spec(grant.other.organisation, "partner", "39999.99"),
            ],
        )
    assert exc.value.message_dict["partners"] == [
        "The partners' budget shares add up to €99,999.99, not the total eligible budget of "
        "€100,000.00 (difference €0.01)."
    ]
    assert sorted(Partner.objects.values_list("budget_share", flat=True)) == [
        D("40000.00"),
        D("60000.00"),
    ]


def test_exactly_one_lead_and_no_organisation_twice(grant):
    with pytest.raises(ValidationError) as exc:
        domain.set_consortium(
            project=grant.project,
            partners=[
                spec(grant.lead.organisation, "partner", "60000.00"),
                spec(grant.lead.organisation, "partner", "40000.00"),
            ],
        )
    messages = exc.value.message_dict["partners"]
    assert "Name exactly one lead partner (0 given)." in messages
    assert "Partner A is named twice." in messages


def test_consortium_can_change_lead_and_add_a_partner(grant):
    new = OrganisationFactory(name="Partner D")
    partners = domain.set_consortium(
        project=grant.project,
        partners=[
            spec(grant.other.organisation, "lead", "40000.00"),
            spec(grant.lead.organisation, "partner", "50000.00"),
            spec(new, "partner", "10000.00"),
        ],
    )
    assert [(p.number, p.organisation.name, p.role) for p in partners] == [
        (1, "Partner C", "lead"),
        (2, "Partner A", "partner"),
        (3, "Partner D", "partner"),
    ]


def test_a_partner_with_expenditure_cannot_leave(grant):
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=grant.other,
            date=date(2016, 5, 1),
            category="staff",
            amount=D("1.00"),
            description="x",
        )
    )
    with pytest.raises(ValidationError) as exc:
        domain.set_consortium(
            project=grant.project, partners=[spec(grant.lead.organisation, "lead", "100000.00")]
        )
    assert "has expenditure" in exc.value.message_dict["partners"][0]
    assert grant.project.partners.count() == 2


def test_budget_lines_must_match_the_share_with_flat_rate_indirect_costs(grant):
    with pytest.raises(ValidationError) as exc:
        domain.set_budget(project=grant.project, lines={grant.lead: {"staff": D("56074.76")}})
    assert exc.value.message_dict["budget"] == [
        "P1 Partner A: direct costs €56,074.76 plus indirect costs €3,925.23 (7%) make "
        "€59,999.99, not its budget share of €60,000.00."
    ]
    domain.set_budget(project=grant.project, lines={grant.lead: {"staff": D("56074.77")}})
    assert list(grant.lead.budget_lines.values_list("category", "amount")) == [
        ("staff", D("56074.77"))
    ]


def test_unknown_budget_category_is_refused(grant):
    before = list(BudgetLine.objects.values_list("pk", "amount"))
    with pytest.raises(ValidationError) as exc:
        domain.set_budget(
            project=grant.project,
            lines={grant.lead: {"indirect": D("1.00"), "staff": D("56073.77")}},
        )
    assert "Unknown cost category indirect" in exc.value.message_dict["budget"][0]
    assert list(BudgetLine.objects.values_list("pk", "amount")) == before


def test_budget_line_of_a_partner_in_another_project_is_refused(grant):
    stranger = Partner(
        pk=999_999,
        project_id=grant.project.pk + 1,
        organisation=grant.lead.organisation,
        budget_share=D("1.00"),
    )
    with pytest.raises(ValidationError) as exc:
        domain.set_budget(project=grant.project, lines={stranger: {"staff": D("1.00")}})
    assert "is not a partner of this project" in exc.value.message_dict["budget"][0]


def expense(partner, **kw):
    values = {
        "date": date(2016, 2, 1),
        "category": "staff",
        "amount": D("100.00"),
        "description": "Salary",
    }
    values.update(kw)
    return Expenditure(partner=partner, **values)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"date": date(2015, 12, 31)}, "date"),
        ({"date": date(2017, 7, 1)}, "date"),
        ({"amount": D("-1.00")}, "amount"),
        ({"amount": D("0.00")}, "amount"),
        ({"category": "indirect"}, "category"),
        ({"category": "lunch"}, "category"),
        ({"currency": "SEK"}, "exchange_rate"),
        ({"currency": "SEK", "exchange_rate": D("0")}, "exchange_rate"),
        ({"currency": "EUR", "exchange_rate": D("1.1")}, "exchange_rate"),
        ({"currency": "ABC"}, "currency"),
    ],
)
def test_bad_expenditure_names_the_field_and_saves_nothing(grant, kw, field):
    with pytest.raises(ValidationError) as exc:
        domain.save_expenditure(expenditure=expense(grant.lead, **kw))
    assert field in exc.value.message_dict
    assert Expenditure.objects.count() == 0


def test_other_currency_is_converted_at_the_rate_kept_with_the_entry(grant):
    e = expense(grant.lead, amount=D("1000.00"), currency="sek", exchange_rate=D("9.3512"))
    domain.save_expenditure(expenditure=e)
    e.refresh_from_db()
    assert (e.currency, e.exchange_rate, e.amount_eur) == ("SEK", D("9.351200"), D("106.94"))
    assert e.eu_share == D("101.59")  # 106.94 x 0.95 = 101.593


def test_eu_share_is_rounded_half_up(grant):
    domain.save_expenditure(expenditure=expense(grant.lead, amount=D("0.10")))
    assert Expenditure.objects.get().eu_share == D("0.10")  # 0.095 -> 0.10 (half up, not half even)


def test_overrun_needs_confirmation_and_warning_above_90(grant):
    # Travel line is 1,000.00.
    check = domain.save_expenditure(
        expenditure=expense(grant.lead, category="travel", amount=D("900.00"))
    )
    assert (check.state, check.warnings) == ("ok", [])
    check = domain.save_expenditure(
        expenditure=expense(grant.lead, category="travel", amount=D("0.01"))
    )
    assert check.state == "warn"
    assert check.warnings == [
        "This takes P1 Partner A's Travel and subsistence line to €900.01 of €1,000.00 "
        "planned (90.0%): more than 90 % used."
    ]
    with pytest.raises(ValidationError) as exc:
        domain.save_expenditure(
            expenditure=expense(grant.lead, category="travel", amount=D("100.00"))
        )
    assert "over budget. Confirm the overrun" in exc.value.message_dict["amount"][0]
    assert Expenditure.objects.count() == 2
    check = domain.save_expenditure(
        expenditure=expense(grant.lead, category="travel", amount=D("100.00")), confirm_overrun=True
    )
    assert check.state == "over"
    assert Expenditure.objects.filter(over_budget_confirmed=True).count() == 1


def test_editing_an_expenditure_does_not_count_it_twice(grant):
    e = expense(grant.lead, category="travel", amount=D("800.00"))
    domain.save_expenditure(expenditure=e)
    e.amount = D("850.00")
    check = domain.save_expenditure(expenditure=e)
    assert (check.state, check.spent_after) == ("ok", D("850.00"))


def test_months_outside_the_project_are_refused(grant):
    with pytest.raises(ValidationError) as exc:
        domain.save_work_package(
            work_package=WorkPackage(
                project=grant.project, number=1, title="WP", start_month=5, end_month=19
            )
        )
    assert "after the project's last month, 18" in exc.value.message_dict["end_month"][0]
    with pytest.raises(ValidationError) as exc:
        domain.save_work_package(
            work_package=WorkPackage(
                project=grant.project, number=1, title="WP", start_month=5, end_month=4
            )
        )
    assert "before the start month" in exc.value.message_dict["end_month"][0]


def test_deliverable_due_date_and_submitted_needs_a_date(grant):
    wp = domain.save_work_package(
        work_package=WorkPackage(
            project=grant.project, number=1, title="WP", start_month=1, end_month=18
        )
    )
    d = Deliverable(work_package=wp, number="D1.1", title="Report", due_month=2, status="submitted")
    with pytest.raises(ValidationError) as exc:
        domain.save_deliverable(deliverable=d)
    assert "actual_date" in exc.value.message_dict
    d.actual_date = date(2016, 3, 2)
    domain.save_deliverable(deliverable=d)
    assert d.due_date == date(2016, 2, 29)
    assert d.is_late is True


def test_deliverable_links_a_strategy_but_not_a_registry_object(grant, world):
    wp = domain.save_work_package(
        work_package=WorkPackage(
            project=grant.project, number=1, title="WP", start_month=1, end_month=18
        )
    )
    d = domain.save_deliverable(
        deliverable=Deliverable(work_package=wp, number="D1.1", title="Strategy", due_month=18)
    )
    strategy = apps.get_model("strategy", "Strategy").objects.create(
        programme=world.programme,
        title="Excellence strategy",
        start=date(2017, 1, 1),
        end=date(2020, 12, 31),
    )
    link = domain.link_deliverable(deliverable=d, target=strategy, note="adopted")
    assert (link.target, link.note) == (strategy, "adopted")
    assert domain.link_deliverable(deliverable=d, target=strategy).pk == link.pk
    with pytest.raises(ValidationError) as exc:
        domain.link_deliverable(deliverable=d, target=world.cluster_a)
    assert "content_type" in exc.value.message_dict


def test_project_dates_cannot_leave_expenditure_or_work_plan_outside(grant):
    domain.save_expenditure(expenditure=expense(grant.lead, date=date(2017, 6, 1)))
    grant.project.duration_months = 12
    with pytest.raises(ValidationError) as exc:
        domain.save_project(project=grant.project)
    assert (
        "1 expenditure entries would fall outside 2016-01-01 to 2016-12-31."
        in (exc.value.message_dict["start_date"])
    )
    Expenditure.objects.all().delete()
    domain.save_work_package(
        work_package=WorkPackage(
            project=grant.project.__class__.objects.get(pk=grant.project.pk),
            number=1,
            title="WP",
            start_month=1,
            end_month=18,
        )
    )
    with pytest.raises(ValidationError) as exc:
        domain.save_project(project=grant.project)
    assert "runs to month 18" in exc.value.message_dict["duration_months"][0]


def test_total_cannot_change_without_the_consortium(grant):
    grant.project.total_budget = D("100000.01")
    with pytest.raises(ValidationError) as exc:
        domain.save_project(project=grant.project)
    assert "add up to €100,000.00" in exc.value.message_dict["total_budget"][0]


def test_an_amount_too_large_for_the_ledger_is_refused(grant):
    e = expense(
        grant.lead, amount=D("999999999999.99"), currency="SEK", exchange_rate=D("0.000001")
    )
    with pytest.raises(ValidationError) as exc:
        domain.save_expenditure(expenditure=e)
    assert "must be below" in exc.value.message_dict["amount"][0]
