"""The permission matrix of matchmaking: every page and API operation, for every role.

Objects of cluster A: a public, a cluster-only and an anonymous profile; an introduction asked by
a member of cluster B of a member of A (waiting for A's answer) and one asked of the anonymous
profile (waiting for A's team to forward it); a collaboration between two members of A; A's
value chain. Private strings: the cluster-only profile's text, the anonymous profile's owner,
the collaboration's notes and the value chain's description.
"""

import pytest

from clusterhub.matchmaking import domain
from clusterhub.matchmaking import index
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import MANAGERS_A
from tests.security.matrix import OUTSIDE_A
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

# Who acts for member A's organisation: its representative and cluster A's manager and staff.
ACTS_A = EDITORS_A | {"member_a"}
# Who gets recommendations for it: those, and the programme's coordinator (A's team).
RECOMMENDS_A = ACTS_A | {"coordinator"}
# The introduction asked by B's member of A's member: both sides and both clusters' teams see it.
INTRO_SEEN = RECOMMENDS_A | {"manager_b"}
INTRO_HIDDEN = SIGNED_IN - INTRO_SEEN
# The introduction to the anonymous profile: its owner's side sees it once forwarded only.
ANON_INTRO_SEEN = TEAM_A | {"manager_b"}
ANON_INTRO_HIDDEN = SIGNED_IN - ANON_INTRO_SEEN
# A collaboration of two members of A.
COLLAB_SEEN = RECOMMENDS_A
COLLAB_HIDDEN = SIGNED_IN - COLLAB_SEEN

SECRETS = (
    "secret-cluster-only-profile",
    "Hidden Owner Ltd",
    "secret-collaboration-notes",
    "secret-value-chain",
)


@pytest.fixture(autouse=True)
def _tfidf(settings):
    """The fast TF-IDF backend, as in tests/matchmaking."""
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    index.invalidate()
    yield
    index.invalidate()


def _profile(organisation, cluster, visibility: str, description: str) -> Profile:
    profile = Profile(
        organisation=organisation,
        cluster=cluster,
        kind="business_offer",
        title=f"{visibility} offer",
        description=description,
        visibility=visibility,
    )
    return domain.save_profile(profile=profile, nace_codes=["62"]).obj


@pytest.fixture(scope="module")
def objects(world) -> dict:
    a, org_a, org_b = world.cluster_a, world.member_a, world.member_b
    hidden_owner = OrganisationFactory(name="Hidden Owner Ltd")
    MembershipFactory(cluster=a, organisation=hidden_owner)
    public = _profile(org_a, a, "public", "Software for logistics.")
    cluster_only = _profile(org_a, a, "clusters", "secret-cluster-only-profile")
    anonymous = _profile(hidden_owner, a, "anonymous", "Cold storage capacity to share.")
    plain, _created = domain.request_introduction(requester=org_b, target=org_a)
    to_anonymous, _created = domain.request_introduction(requester=org_b, profile=anonymous)
    collaboration = domain.save_collaboration(
        collaboration=Collaboration(title="Joint pilot", notes="secret-collaboration-notes"),
        partners=[org_a, hidden_owner],
    )
    chain = domain.save_value_chain(
        chain=ValueChain(cluster=a, name="Chain A", description="secret-value-chain"),
        stages=[("Software", ["62"])],
    )
    return {
        "cluster_a": a.pk,
        "org_a": org_a.pk,
        "org_b": org_b.pk,
        "public_profile": public.pk,
        "cluster_profile": cluster_only.pk,
        "anonymous_profile": anonymous.pk,
        "introduction": plain.pk,
        "anonymous_introduction": to_anonymous.pk,
        "collaboration": collaboration.pk,
        "chain": chain.pk,
    }


PAGES = (
    Page("matchmaking:index", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    Page("matchmaking:recommended", allowed=SIGNED_IN),
    Page("matchmaking:introductions", allowed=SIGNED_IN, sees_secrets=TEAM_A),
    Page("matchmaking:collaborations", allowed=SIGNED_IN, sees_secrets=COLLAB_SEEN),
    Page("matchmaking:chains", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    Page(
        "matchmaking:introduction_detail",
        ("introduction",),
        allowed=INTRO_SEEN,
        hidden=INTRO_HIDDEN,
    ),
    # Until forwarded, the anonymous owner's side does not even learn it was asked.
    Page(
        "matchmaking:introduction_detail",
        ("anonymous_introduction",),
        allowed=ANON_INTRO_SEEN,
        hidden=ANON_INTRO_HIDDEN,
        sees_secrets=frozenset(),
    ),
    Page("matchmaking:profile_create", ("org_a",), allowed=ACTS_A),
    Page("matchmaking:organisation_recommendations", ("org_a",), allowed=RECOMMENDS_A),
    Page(
        "matchmaking:introduction_request",
        ("org_a",),
        allowed=ACTS_A,
        method="post",
        data=lambda o: {"target": o["org_b"], "message": "Hello"},
    ),
    Page("matchmaking:profile_detail", ("public_profile",), allowed=SIGNED_IN),
    Page(
        "matchmaking:profile_detail",
        ("cluster_profile",),
        allowed=INSIDERS_A,
        hidden=OUTSIDE_A,
    ),
    # Everyone may read an anonymous profile; only A's team learns whose it is.
    Page(
        "matchmaking:profile_detail",
        ("anonymous_profile",),
        allowed=SIGNED_IN,
        sees_secrets=TEAM_A,
    ),
    Page("matchmaking:profile_edit", ("public_profile",), allowed=ACTS_A),
    Page("matchmaking:profile_edit", ("cluster_profile",), allowed=ACTS_A, hidden=OUTSIDE_A),
    Page("matchmaking:profile_edit", ("anonymous_profile",), allowed=EDITORS_A),
    Page(
        "matchmaking:introduction_action",
        ("introduction", "accept"),
        allowed=ACTS_A,
        hidden=INTRO_HIDDEN,
        method="post",
    ),
    Page(
        "matchmaking:introduction_action",
        ("introduction", "decline"),
        allowed=ACTS_A,
        hidden=INTRO_HIDDEN,
        method="post",
    ),
    Page(
        "matchmaking:introduction_action",
        ("anonymous_introduction", "forward"),
        allowed=EDITORS_A,
        hidden=ANON_INTRO_HIDDEN,
        method="post",
    ),
    Page(
        "matchmaking:collaboration_edit",
        ("collaboration",),
        allowed=ACTS_A,
        hidden=COLLAB_HIDDEN,
    ),
    Page("matchmaking:chain_create", ("cluster_a",), allowed=MANAGERS_A),
    Page("matchmaking:chain_detail", ("chain",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page("matchmaking:chain_edit", ("chain",), allowed=MANAGERS_A, hidden=OUTSIDE_A),
    Page("matchmaking:chain_map", ("chain",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
)


def _op(name: str, *args, **expectations) -> Operation:
    return Operation(f"clusterhub_matchmaking_api_{name}", args, **expectations)


OPERATIONS = (
    _op("list_profiles", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    _op(
        "create_profile",
        allowed=ACTS_A,
        body=lambda o: {
            "organisation_id": o["org_a"],
            "cluster_id": o["cluster_a"],
            "kind": "technology_offer",
            "title": "Route planning",
            "description": "We plan delivery routes.",
        },
    ),
    _op("get_profile", "public_profile", allowed=SIGNED_IN),
    _op("get_profile", "cluster_profile", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op("get_profile", "anonymous_profile", allowed=SIGNED_IN, sees_secrets=TEAM_A),
    _op(
        "update_profile",
        "cluster_profile",
        allowed=ACTS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "Renamed"},
    ),
    _op(
        "update_profile",
        "anonymous_profile",
        allowed=EDITORS_A,
        body=lambda o: {"title": "Renamed"},
    ),
    _op("delete_profile", "cluster_profile", allowed=ACTS_A, hidden=OUTSIDE_A),
    _op("organisation_recommendations", "org_a", allowed=RECOMMENDS_A),
    _op(
        "profile_recommendations",
        "cluster_profile",
        allowed=RECOMMENDS_A,
        hidden=OUTSIDE_A,
    ),
    _op(
        "profile_recommendations",
        "anonymous_profile",
        allowed=TEAM_A,
    ),
    _op("list_introductions", allowed=SIGNED_IN, sees_secrets=TEAM_A),
    _op(
        "request_introduction",
        allowed=ACTS_A,
        body=lambda o: {"requester_id": o["org_a"], "target_id": o["org_b"]},
    ),
    _op(
        "forward_introduction",
        "anonymous_introduction",
        allowed=EDITORS_A,
        hidden=ANON_INTRO_HIDDEN,
    ),
    _op("accept_introduction", "introduction", allowed=ACTS_A, hidden=INTRO_HIDDEN),
    _op("decline_introduction", "introduction", allowed=ACTS_A, hidden=INTRO_HIDDEN),
    _op("list_collaborations", allowed=SIGNED_IN, sees_secrets=COLLAB_SEEN),
    _op("get_collaboration", "collaboration", allowed=COLLAB_SEEN, hidden=COLLAB_HIDDEN),
    _op(
        "update_collaboration",
        "collaboration",
        allowed=ACTS_A,
        hidden=COLLAB_HIDDEN,
        body=lambda o: {"status": "negotiating"},
    ),
    _op("list_value_chains", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    _op(
        "create_value_chain",
        allowed=MANAGERS_A,
        body=lambda o: {
            "cluster_id": o["cluster_a"],
            "name": "Second chain",
            "stages": [{"name": "Software", "nace_codes": ["62"]}],
        },
    ),
    _op("get_value_chain", "chain", allowed=INSIDERS_A, hidden=OUTSIDE_A),
)


# Where an allowed user does see each secret (so the matrix's secret checks can fail).
SHOWN = [
    (_op("get_profile", "cluster_profile"), "observer_a", "secret-cluster-only-profile"),
    (_op("get_profile", "anonymous_profile"), "staff_a", "Hidden Owner Ltd"),
    (Page("matchmaking:profile_detail", ("anonymous_profile",)), "coordinator", "Hidden Owner Ltd"),
    (_op("get_collaboration", "collaboration"), "member_a", "secret-collaboration-notes"),
    (_op("get_value_chain", "chain"), "expert_a", "secret-value-chain"),
]


globals().update(
    area_tests(
        PAGES,
        OPERATIONS,
        SECRETS,
        namespaces=["matchmaking"],
        tags_or_prefixes=["matchmaking"],
        shown=SHOWN,
    )
)
