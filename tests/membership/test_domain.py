"""Verbs: applications accepted (one transaction) and declined, renewals, reminders, leaving,
and the retention statistics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clusterhub.membership import domain
from clusterhub.membership import statistics
from clusterhub.membership.enums import ApplicationStatus
from clusterhub.membership.models import Application
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.membership.conftest import assign

D = dt.date


def application(world, mtype, **fields) -> Application:
    values = {
        "cluster": world.cluster_a,
        "company_name": "Newco SIA",
        "registration_number": "40003000001",
        "vat_number": "LV40003000001",
        "country": "LV",
        "org_type": "sme",
        "size_class": "micro",
        "contact_first_name": "Ieva",
        "contact_last_name": "Kalna",
        "email": "ieva@newco.example",
        "membership_type": mtype,
        "message": "We make robots.",
    }
    values.update(fields)
    return domain.submit_application(application=Application(**values))


@pytest.fixture
def pending(world, full_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = application(world, full_a)
    return app


def test_submitting_confirms_to_the_applicant(pending):
    assert pending.status == ApplicationStatus.PENDING
    assert [m.to for m in mail.outbox] == [["ieva@newco.example"]]
    assert "Cluster A" in mail.outbox[0].subject


def test_type_of_another_cluster_is_refused(world):
    from tests.membership.conftest import make_type

    other = make_type(world.cluster_b, "B type")
    with pytest.raises(ValidationError) as exc:
        application(world, other)
    assert "membership_type" in exc.value.message_dict


def test_accepting_creates_organisation_membership_terms_and_person(
    world, pending, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        app = domain.accept_application(
            application=pending, decided_by=world["manager_a"], since=D(2026, 3, 1)
        )
    org = Organisation.objects.get(registration_number="40003000001")
    assert (org.name, org.country, org.org_type, org.size_class) == (
        "Newco SIA",
        "LV",
        "sme",
        "micro",
    )
    membership = Membership.objects.get(organisation=org, cluster=world.cluster_a)
    assert membership.since == D(2026, 3, 1)
    assert membership.terms.membership_type.name == "Full member"
    assert membership.terms.vat_number == "LV40003000001"
    assert membership.terms.period_end == D(2026, 12, 31)
    person = Person.objects.get(organisation=org)
    assert (person.first_name, person.email) == ("Ieva", "ieva@newco.example")
    assert (app.status, app.organisation, app.membership, app.person) == (
        "accepted",
        org,
        membership,
        person,
    )
    assert app.decided_by == world["manager_a"]
    assert [m.to for m in mail.outbox] == [["ieva@newco.example"]]
    assert "Welcome" in mail.outbox[0].subject


def test_accepting_reuses_organisation_and_person(world, full_a):
    org = OrganisationFactory(name="Old Name", registration_number="40003000001", country="LV")
    PersonFactory(organisation=org, first_name="I", last_name="K", email="IEVA@newco.example")
    app = application(world, full_a)
    domain.accept_application(application=app, decided_by=world["manager_a"])
    assert Organisation.objects.filter(registration_number="40003000001").count() == 1
    assert org.people.count() == 1
    app.refresh_from_db()
    assert app.organisation == org


def test_accepting_by_name_without_number(world, full_a):
    org = OrganisationFactory(name="Newco SIA", country="LV")
    app = application(world, full_a, registration_number="")
    domain.accept_application(application=app, decided_by=world["manager_a"])
    app.refresh_from_db()
    assert app.organisation == org


def test_accepting_a_current_member_is_refused_and_leaves_nothing(world, full_a):
    app = application(world, full_a, registration_number="", company_name=world.member_a.name)
    people = Person.objects.count()
    with pytest.raises(ValidationError, match="already a member"):
        domain.accept_application(application=app, decided_by=world["manager_a"])
    app.refresh_from_db()
    assert app.status == "pending"
    assert Person.objects.count() == people


def test_a_failure_inside_accept_rolls_everything_back(world, full_a, monkeypatch):
    app = application(world, full_a)

    def broken(**kwargs):
        raise ValidationError("person refused")

    monkeypatch.setattr(domain.registry, "save_person", broken)
    with pytest.raises(ValidationError):
        domain.accept_application(application=app, decided_by=world["manager_a"])
    assert not Organisation.objects.filter(registration_number="40003000001").exists()
    assert not MemberTerms.objects.exists()


def test_deciding_twice_is_refused(world, pending):
    domain.accept_application(application=pending, decided_by=world["manager_a"])
    with pytest.raises(ValidationError, match="already decided"):
        domain.decline_application(application=pending, decided_by=world["manager_a"], reason="No")


def test_declining_needs_a_reason_and_mails_it(world, pending, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as exc:
        domain.decline_application(application=pending, decided_by=world["manager_a"], reason=" ")
    assert "decline_reason" in exc.value.message_dict
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        app = domain.decline_application(
            application=pending, decided_by=world["manager_a"], reason="Outside our region."
        )
    assert app.status == "declined"
    assert "Outside our region." in mail.outbox[0].body
    assert not Organisation.objects.filter(registration_number="40003000001").exists()


# --- renewals and reminders -------------------------------------------------------------------


def test_renewal_adds_a_year_from_the_period_end(world, full_a, membership_a):
    terms = assign(membership_a, full_a, period_end=D(2024, 2, 29), reminded_for=D(2024, 2, 29))
    domain.renew(terms=terms)
    assert terms.period_end == D(2025, 2, 28)
    assert terms.reminded_for is None
    domain.renew(terms=terms)
    assert terms.period_end == D(2026, 2, 28)


def test_a_member_who_left_cannot_be_renewed(world, full_a, membership_a):
    terms = assign(membership_a, full_a, period_end=D(2025, 12, 31))
    membership_a.until = D(2025, 6, 30)
    membership_a.save()
    with pytest.raises(ValidationError):
        domain.renew(terms=MemberTerms.objects.get(pk=terms.pk))


def test_reminders_go_once_to_members_whose_period_ends_soon(
    world, full_a, membership_a, django_capture_on_commit_callbacks
):
    assign(membership_a, full_a, period_end=D(2026, 12, 31))
    far = MembershipFactory(cluster=world.cluster_a, organisation=OrganisationFactory())
    assign(far, full_a, period_end=D(2027, 6, 30))
    PersonFactory(organisation=far.organisation, email="far@x.example")
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.remind_renewals(on=D(2026, 12, 1)) == 1
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
    assert "2026" in mail.outbox[0].subject
    # Run again: nothing more for the same period.
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.remind_renewals(on=D(2026, 12, 2)) == 0
    assert len(mail.outbox) == 1
    # Too early for a period ending in 31 days' time with 30 days' notice.
    assert domain.remind_renewals(on=D(2026, 11, 30)) == 0


# --- leaving and statistics -------------------------------------------------------------------


def test_leaving_ends_the_membership_with_a_reason(world, full_a, membership_a):
    domain.leave(membership=membership_a, until=D(2026, 6, 30), reason="cost", note=" Too dear ")
    membership_a.refresh_from_db()
    assert membership_a.until == D(2026, 6, 30)
    assert (membership_a.terms.leaving_reason, membership_a.terms.leaving_note) == (
        "cost",
        "Too dear",
    )
    assert membership_a.terms.membership_type is None  # never had one: still recorded


def test_leaving_without_reason_or_before_joining_is_refused(world, membership_a):
    with pytest.raises(ValidationError) as exc:
        domain.leave(membership=membership_a, until=D(2026, 6, 30), reason="")
    assert "leaving_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        domain.leave(membership=membership_a, until=D(2010, 1, 1), reason="cost")
    assert "until" in exc.value.message_dict
    membership_a.refresh_from_db()
    assert membership_a.until is None


def test_retention_and_leaving_reasons_per_year(world, membership_a):
    c = world.cluster_a
    staying = membership_a  # since 2020
    gone = MembershipFactory(cluster=c, since=D(2020, 1, 1))
    domain.leave(membership=gone, until=D(2025, 5, 31), reason="cost")
    gone2 = MembershipFactory(cluster=c, since=D(2020, 1, 1), until=D(2025, 9, 30))
    joined = MembershipFactory(cluster=c, since=D(2025, 3, 1))
    assert staying and joined and gone2
    # Members on 1 Jan 2025: staying, gone, gone2 -> 1 of 3 kept.
    assert statistics.retention_rate([c], D(2025, 1, 1), D(2025, 12, 31)) == Decimal("33.3")
    rows = statistics.yearly_figures(c, years=2, today=D(2026, 2, 1))
    assert [r.year for r in rows] == [2026, 2025]
    y2025 = rows[1]
    assert (y2025.members_at_start, y2025.left) == (3, 2)
    assert y2025.reasons == [("Fee too high", 1), ("not recorded", 1)]
    assert rows[0].retention == Decimal("100.0")
    assert statistics.retention_over_year_to([c], D(2026, 1, 1)) == Decimal("33.3")
    assert statistics.retention_rate([world.cluster_b], D(2010, 1, 1), D(2011, 1, 1)) is None


def test_retention_is_a_strategy_kpi_source(world, membership_a):
    from clusterhub.strategy.kpi_sources import SOURCES
    from clusterhub.strategy.kpi_sources import compute

    assert SOURCES["membership_retention"].unit == "%"
    MembershipFactory(cluster=world.cluster_a, since=D(2020, 1, 1), until=D(2025, 6, 30))
    # Members on 1 July 2024: member A and the leaver; on 1 July 2025 only member A.
    assert compute("membership_retention", [world.cluster_a], D(2025, 7, 1)) == Decimal("50.0")
    assert compute("membership_retention", [world.cluster_a], D(2010, 1, 1)) is None
