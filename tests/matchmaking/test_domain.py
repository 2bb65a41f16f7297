"""Domain verbs: profiles (bad input), introductions, collaborations, value chains."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusterhub.matchmaking import domain
from clusterhub.matchmaking.chains import chain_fill
from clusterhub.matchmaking.chains import network
from clusterhub.matchmaking.charts import network_svg
from clusterhub.matchmaking.embedding import TFIDF
from clusterhub.matchmaking.embedding import from_bytes
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import MAX_DESCRIPTION
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain

OFFER = "business_offer"
REQUEST = "business_request"


def make_profile(org, cluster, *, kind=OFFER, title="Cold chain transport", nace=("49.41",), **kw):
    profile = Profile(
        organisation=org,
        cluster=cluster,
        kind=kind,
        title=title,
        description=kw.pop("description", "Refrigerated trucking for chilled food products."),
        **kw,
    )
    return domain.save_profile(profile=profile, nace_codes=list(nace)).obj


def test_saving_a_profile_embeds_it_once(world):
    profile = make_profile(world.member_a, world.cluster_a)
    assert profile.vector_model == TFIDF
    assert from_bytes(profile.vector).shape == (2048,)
    digest = profile.text_hash
    assert domain.embed_profiles(profiles=[Profile.objects.get(pk=profile.pk)]) == 0
    profile.title = "Frozen food transport"
    domain.save_profile(profile=profile)
    profile.refresh_from_db()
    assert profile.text_hash != digest
    assert [n.code for n in profile.nace_codes.all()] == ["49.41"]


def test_empty_description_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_profile(world.member_a, world.cluster_a, description="   ")
    assert "description" in exc.value.message_dict
    assert Profile.objects.count() == 0


def test_long_description_is_capped_and_the_user_told(world):
    profile = Profile(
        organisation=world.member_a,
        cluster=world.cluster_a,
        kind=OFFER,
        title="Long",
        description="word " * 2000,
    )
    saved = domain.save_profile(profile=profile)
    assert len(Profile.objects.get(pk=profile.pk).description) == MAX_DESCRIPTION - 1  # stripped
    assert saved.notices == [f"The description was cut to its first {MAX_DESCRIPTION} characters."]


def test_unknown_nace_and_region_codes_are_field_errors(world):
    with pytest.raises(ValidationError) as exc:
        make_profile(world.member_a, world.cluster_a, nace=("99.99", "49.41", "ZZ"))
    assert exc.value.message_dict == {"nace_codes": ["Unknown NACE codes: 99.99, ZZ."]}
    with pytest.raises(ValidationError) as exc:
        make_profile(world.member_a, world.cluster_a, target_regions="LV, XX, LV00A")
    assert exc.value.message_dict["target_regions"] == ["Unknown country or NUTS code: XX."]


def test_a_profile_needs_a_current_membership_in_its_cluster(world):
    with pytest.raises(ValidationError) as exc:
        make_profile(world.member_a, world.cluster_b)
    assert list(exc.value.message_dict) == ["cluster"]


def test_introduction_to_yourself_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        domain.request_introduction(requester=world.member_a, target=world.member_a)
    assert exc.value.message_dict == {"target": ["An organisation cannot be introduced to itself."]}


def test_repeated_requests_are_idempotent(world):
    first, created = domain.request_introduction(requester=world.member_a, target=world.member_b)
    again, created_again = domain.request_introduction(
        requester=world.member_a, target=world.member_b
    )
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Introduction.objects.count() == 1


def test_declined_introduction_is_quiet_for_90_days(world):
    intro, _ = domain.request_introduction(requester=world.member_a, target=world.member_b)
    assert domain.decide_introduction(introduction=intro, accept=False) is None
    with pytest.raises(ValidationError) as exc:
        domain.request_introduction(requester=world.member_b, target=world.member_a)
    assert "declined recently" in exc.value.message_dict["target"][0]
    Introduction.objects.filter(pk=intro.pk).update(decided_at=timezone.now() - timedelta(days=91))
    _, created = domain.request_introduction(requester=world.member_a, target=world.member_b)
    assert created is True


def test_accepted_introduction_becomes_a_collaboration(world):
    intro, _ = domain.request_introduction(requester=world.member_a, target=world.member_b)
    collaboration = domain.decide_introduction(introduction=intro, accept=True)
    assert collaboration.status == CollaborationStatus.EXPLORING
    assert sorted(p.name for p in collaboration.partners.all()) == ["Member A Ltd", "Member B OÜ"]
    assert collaboration.title == "Member A Ltd and Member B OÜ"
    collaboration.expected_value_eur = Decimal("1000.50")
    collaboration.status = CollaborationStatus.RUNNING
    domain.save_collaboration(collaboration=collaboration)
    collaboration.refresh_from_db()
    assert collaboration.expected_value_eur == Decimal("1000.50")
    with pytest.raises(ValidationError, match="already been decided"):
        domain.decide_introduction(introduction=intro, accept=False)


def test_anonymous_profile_is_forwarded_before_its_owner_decides(world):
    profile = make_profile(world.member_b, world.cluster_b, visibility=Visibility.ANONYMOUS)
    intro, _ = domain.request_introduction(requester=world.member_a, profile=profile)
    assert intro.target == world.member_b
    assert intro.needs_forwarding is True
    with pytest.raises(ValidationError, match="not forwarded"):
        domain.decide_introduction(introduction=intro, accept=True)
    domain.forward_introduction(introduction=intro, user=world["manager_b"])
    assert intro.status == IntroductionStatus.FORWARDED
    with pytest.raises(ValidationError):
        domain.forward_introduction(introduction=intro, user=world["manager_b"])
    assert domain.decide_introduction(introduction=intro, accept=True) is not None


def test_collaboration_needs_two_partners(world):
    from clusterhub.matchmaking.models import Collaboration

    with pytest.raises(ValidationError) as exc:
        domain.save_collaboration(
            collaboration=Collaboration(title="Alone"), partners=[world.member_a]
        )
    assert list(exc.value.message_dict) == ["partners"]


def test_value_chain_shows_members_per_stage_and_gaps(world, member_of):
    dairy = member_of(world.cluster_a, "Dairy", "10.51")
    carrier = member_of(world.cluster_a, "Carrier", "49.41")
    member_of(world.cluster_b, "Elsewhere IT", "62.10")
    chain = domain.save_value_chain(
        chain=ValueChain(cluster=world.cluster_a, name="Farm to fork"),
        stages=domain.parse_stage_lines(
            "Processing: 10\nCold logistics: 49.41, 52.10\nIT enabler: 62"
        ),
    )
    stages = chain_fill(chain)
    assert [(s.name, [m.name for m in s.members]) for s in stages] == [
        ("Processing", ["Dairy"]),
        ("Cold logistics", ["Carrier"]),
        ("IT enabler", []),
    ]
    assert [s.name for s in stages if s.is_gap] == ["IT enabler"]
    intro, _ = domain.request_introduction(requester=dairy, target=carrier)
    domain.decide_introduction(introduction=intro, accept=True)
    graph = network(chain, stages)
    assert graph.collaborations == [tuple(sorted((dairy.pk, carrier.pk)))]
    svg = network_svg(graph, title="Farm <to> fork")
    assert svg.startswith("<svg") and "Farm &lt;to&gt; fork" in svg
    assert "Gap: no member" in svg
    assert svg == network_svg(network(chain, chain_fill(chain)), title="Farm <to> fork")


def test_value_chain_bad_stages(world):
    chain = ValueChain(cluster=world.cluster_a, name="Bad")
    with pytest.raises(ValidationError) as exc:
        domain.save_value_chain(chain=chain, stages=[("Stage", ["00.00"])])
    assert exc.value.message_dict == {"stages": ["Unknown NACE code: 00.00."]}
    with pytest.raises(ValidationError):
        domain.parse_stage_lines("no colon here")
    with pytest.raises(ValidationError):
        domain.save_value_chain(chain=chain, stages=[])
    assert ValueChain.objects.count() == 0
