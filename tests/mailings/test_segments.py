"""Who a mailing's segment reaches: each filter, each audience, once per address, and who is
left out (unsubscribed from the cluster's category, bounced)."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterhub.events.models import Event
from clusterhub.events.models import Registration
from clusterhub.mailings import domain
from clusterhub.mailings.models import Unsubscription
from clusterhub.mailings.queries import segment_of
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.services.models import Survey
from clusterhub.services.models import SurveyResponse
from clusterhub.training.models import Enrolment
from clusterhub.training.models import TrainingProgramme
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import UserFactory
from tests.mailings.conftest import make_mailing


def emails(mailing):
    return sorted(r.email for r in segment_of(mailing).recipients)


@pytest.fixture
def members(world):
    """Cluster A: Member A Ltd (SME, small, committed, from the world) and three more."""
    nace = NaceCode.objects.get(code="62.10")
    riga = NutsRegion.objects.filter(code__startswith="LV00", level=3).order_by("code").first()
    uni = OrganisationFactory(name="Uni", org_type="university", size_class="large")
    big = OrganisationFactory(
        name="Big", org_type="large", size_class="large", primary_nace=nace, nuts_region=riga
    )
    old = OrganisationFactory(name="Gone", org_type="sme", size_class="micro")
    MembershipFactory(
        cluster=world.cluster_a, organisation=uni, committed=False, commitment_ground=""
    )
    MembershipFactory(cluster=world.cluster_a, organisation=big)
    MembershipFactory(
        cluster=world.cluster_a, organisation=old, until=dt.date(2021, 1, 1)
    )  # a former member
    PersonFactory(organisation=uni, email="uni@uni.example")
    PersonFactory(organisation=uni, email="")  # no address: not a recipient
    PersonFactory(organisation=big, email="big@big.example")
    PersonFactory(organisation=old, email="old@gone.example")
    return {"uni": uni, "big": big, "old": old, "riga": riga}


def test_all_current_members_people_with_an_address(world, members):
    mailing = make_mailing(world.cluster_a)
    assert emails(mailing) == ["alda@member-a.example", "big@big.example", "uni@uni.example"]


def test_member_filters(world, members):
    a = world.cluster_a
    assert emails(make_mailing(a, org_types=["university"])) == ["uni@uni.example"]
    assert emails(make_mailing(a, size_classes=["large"])) == ["big@big.example", "uni@uni.example"]
    assert emails(make_mailing(a, nace_divisions=["62"])) == ["big@big.example"]
    assert emails(make_mailing(a, nace_divisions=["01"])) == []
    assert emails(make_mailing(a, nuts_region=members["riga"].code[:3])) == ["big@big.example"]
    assert emails(make_mailing(a, committed="no")) == ["uni@uni.example"]
    assert emails(make_mailing(a, committed="yes")) == ["alda@member-a.example", "big@big.example"]
    assert emails(make_mailing(a, org_types=["large"], committed="no")) == []


def test_survey_non_respondents(world, members):
    survey = Survey.objects.create(cluster=world.cluster_a, title="Needs 2026", status="open")
    SurveyResponse.objects.create(survey=survey, organisation=members["big"])
    mailing = make_mailing(world.cluster_a, category="surveys", non_respondents_of=survey)
    assert emails(mailing) == ["alda@member-a.example", "uni@uni.example"]


def test_event_participants_confirmed_only(world):
    now = timezone.now()
    event = Event.objects.create(
        title="Forum",
        kind="workshop",
        cluster=world.cluster_a,
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2),
        capacity=10,
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=2),
    )
    coming = UserFactory(username="coming", email="coming@x.example")
    waiting = UserFactory(username="waiting", email="waiting@x.example")
    Registration.objects.create(event=event, user=coming, status="confirmed")
    Registration.objects.create(event=event, user=waiting, status="waiting")
    mailing = make_mailing(world.cluster_a, audience="event", event=event, category="events")
    assert emails(mailing) == ["coming@x.example"]


def test_event_of_another_cluster_is_refused(world):
    now = timezone.now()
    event = Event.objects.create(
        title="Elsewhere",
        kind="workshop",
        cluster=world.cluster_b,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
        capacity=1,
        registration_opens=now,
        registration_closes=now,
    )
    with pytest.raises(Exception) as caught:
        make_mailing(world.cluster_a, audience="event", event=event)
    assert "event" in caught.value.message_dict


def test_training_participants(world):
    programme = TrainingProgramme.objects.create(title="Managers' course", cluster=world.cluster_a)
    Enrolment.objects.create(training_programme=programme, user=world["staff_a"])
    mailing = make_mailing(world.cluster_a, audience="training", training_programme=programme)
    assert emails(mailing) == ["staff_a@example.org"]


def test_people_with_a_role(world):
    mailing = make_mailing(world.cluster_a, audience="role", role="expert")
    assert emails(mailing) == ["expert_a@example.org"]
    # A role in another cluster does not count.
    assert emails(make_mailing(world.cluster_b, audience="role", role="expert")) == []


def test_one_message_per_address(world):
    PersonFactory(organisation=world.member_a, email="ALDA@member-a.example")
    assert emails(make_mailing(world.cluster_a)) == ["alda@member-a.example"]


def test_unsubscribed_and_bounced_are_left_out(world, members):
    a = world.cluster_a
    Unsubscription.objects.create(cluster=a, email="uni@uni.example", category="news")
    # Unsubscribed from events, or from news of another cluster: still gets news of A.
    Unsubscription.objects.create(cluster=a, email="big@big.example", category="events")
    Unsubscription.objects.create(cluster=world.cluster_b, email="big@big.example", category="news")
    domain.record_bounce(email="Alda@Member-A.example", reason="mailbox full")
    segment = segment_of(make_mailing(a))
    assert [r.email for r in segment.recipients] == ["big@big.example"]
    assert [r.email for r in segment.unsubscribed] == ["uni@uni.example"]
    assert [r.email for r in segment.bounced] == ["alda@member-a.example"]
    assert emails(make_mailing(a, category="events")) == ["uni@uni.example"]


def test_bad_segment_values_name_their_field(world):
    with pytest.raises(Exception) as caught:
        make_mailing(
            world.cluster_a, org_types=["pirate"], nace_divisions=["6a"], size_classes=["huge"]
        )
    errors = caught.value.message_dict
    assert set(errors) >= {"org_types", "nace_divisions", "size_classes"}
    with pytest.raises(Exception) as caught:
        make_mailing(world.cluster_a, audience="role")
    assert "role" in caught.value.message_dict
