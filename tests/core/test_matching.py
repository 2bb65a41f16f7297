"""Matching: TF-IDF vectors, exact top-k and the combined score with its reasons."""

import numpy as np
import pytest

from clusterhub.core.complementarity import Complementarity
from clusterhub.core.matching import TFIDF_DIM
from clusterhub.core.matching import Party
from clusterhub.core.matching import Weights
from clusterhub.core.matching import best_link
from clusterhub.core.matching import block_top_k
from clusterhub.core.matching import fold_candidates
from clusterhub.core.matching import fold_queries
from clusterhub.core.matching import idf_weights
from clusterhub.core.matching import normalise_rows
from clusterhub.core.matching import pair_matrices
from clusterhub.core.matching import score_pair
from clusterhub.core.matching import similarity_blocks
from clusterhub.core.matching import size_fit
from clusterhub.core.matching import term_vector
from clusterhub.core.matching import tokens
from clusterhub.core.matching import top_k
from clusterhub.core.types import Point

SECTIONS = {"01": "A", "10": "C", "11": "C", "49": "H", "52": "H", "62": "J"}
TABLE = Complementarity({("49", "10"): 0.74, ("62", "49"): 0.48, ("10", "11"): 1.0})
RIGA = Point(56.9496, 24.1052)
TALLINN = Point(59.4370, 24.7536)


def section_of(division: str) -> str:
    return SECTIONS.get(division[:2], "?")


def test_tokens_fold_accents_drop_stopwords_and_add_prefixes():
    assert tokens("Loģistikas partneri for the Refrigerated trucks") == [
        "logistikas",
        "partneri",
        "refrigerated",
        "trucks",
        "logis~",
        "partn~",
        "refri~",
        "truck~",
    ]
    assert tokens("") == []


def test_term_vector_is_unit_length_and_empty_text_is_zero():
    vec = term_vector("cold chain transport of dairy")
    assert vec.shape == (TFIDF_DIM,)
    assert float(np.linalg.norm(vec)) == pytest.approx(1.0)
    assert float(np.abs(term_vector("   ")).sum()) == 0.0


def test_tfidf_similarity_ranks_the_related_text_first():
    docs = ["refrigerated transport cold chain", "custom banking software", "rye bread bakery"]
    matrix = np.vstack([term_vector(d) for d in docs])
    idf = idf_weights(matrix)
    corpus = normalise_rows(matrix * idf)
    query = normalise_rows((term_vector("we need refrigerated cold transport") * idf)[None, :])
    sims = corpus @ query[0]
    assert int(np.argmax(sims)) == 0
    assert sims[1] == pytest.approx(0.0)


def test_idf_weights_favour_rare_dimensions():
    matrix = np.array([[1, 1], [1, 0], [1, 0]], dtype=np.float32)
    w = idf_weights(matrix)
    assert w[0] == pytest.approx(1.0)
    assert w[1] == pytest.approx(np.log(4 / 2) + 1)


def test_top_k_is_exact_best_first_with_ties_by_index():
    scores = np.array([0.1, 0.9, 0.5, 0.9, 0.2])
    assert top_k(scores, 3).tolist() == [1, 3, 2]
    assert top_k(scores, 10).tolist() == [1, 3, 2, 4, 0]
    assert top_k(scores, 0).tolist() == []


def test_similarity_blocks_cover_all_queries():
    rng = np.random.default_rng(1)
    q, c = rng.random((10, 4)).astype(np.float32), rng.random((6, 4)).astype(np.float32)
    blocks = list(similarity_blocks(q, c, block=4))
    assert [start for start, _ in blocks] == [0, 4, 8]
    assert np.allclose(np.vstack([s for _, s in blocks]), q @ c.T)


def test_size_fit_prefers_neighbours_and_is_neutral_when_unknown():
    assert size_fit("small", "small") == 1.0
    assert size_fit("small", "medium") == 0.9
    assert size_fit("micro", "large") == 0.4
    assert size_fit("", "large") == 0.5


def test_best_link_finds_the_direction():
    assert best_link(("10",), ("49",), TABLE) == (0.74, "buys_from", "10", "49")
    assert best_link(("62",), ("49",), TABLE) == (0.48, "supplies_to", "62", "49")
    assert best_link(("01",), ("62",), TABLE) == (0.0, "", "", "")


def test_same_section_links_count_half():
    link = best_link(("11",), ("10",), TABLE, section_of, 0.5)
    assert link == (0.5, "buys_from", "11", "10")


def test_score_pair_combines_parts_with_weights_and_explains():
    me = Party(("10",), RIGA, "small")
    carrier = Party(("49",), RIGA, "small")
    m = score_pair(me=me, other=carrier, text_similarity=0.6, table=TABLE, section_of=section_of)
    w = Weights()
    expected = w.text * 0.6 + w.complementarity * 0.74 + w.cross_industry + w.distance + w.size
    assert m.score == pytest.approx(round(expected, 4))
    assert [r.code for r in m.reasons] == [
        "buys_from",
        "text_match",
        "cross_industry",
        "nearby",
        "size_fit",
    ]
    assert m.reasons[0].params == {"mine": "10", "theirs": "49", "strength": 0.74}
    assert m.reasons[3].params == {"km": 0}


def test_text_floor_rescales_model_similarities():
    me, other = Party(("10",)), Party(("01",))
    m = score_pair(
        me=me,
        other=other,
        text_similarity=0.89,
        table=TABLE,
        section_of=section_of,
        weights=Weights(text_floor=0.78),
    )
    assert m.parts["text"] == pytest.approx(0.5)
    assert m.parts["complementarity"] == 0.0
    assert m.parts["cross_industry"] == 0.0
    assert m.parts["distance"] == 0.5
    assert [r.code for r in m.reasons] == ["text_match"]


def test_distance_decays_and_far_partners_get_no_nearby_reason():
    me, other = Party(("10",), RIGA), Party(("62",), TALLINN)
    m = score_pair(me=me, other=other, text_similarity=0.0, table=TABLE, section_of=section_of)
    assert 0.3 < m.parts["distance"] < 0.4
    assert "nearby" not in [r.code for r in m.reasons]


def test_sought_sector_counts_as_a_full_link():
    me = Party(("10",), wanted=("62",))
    m = score_pair(
        me=me, other=Party(("62",)), text_similarity=0.0, table=TABLE, section_of=section_of
    )
    assert m.parts["complementarity"] == 1.0
    assert m.reasons[0].code == "sought_sector"
    assert m.reasons[0].params["theirs"] == "62"


@pytest.mark.parametrize("n", [7, 50, 1000, 1003])
def test_block_top_k_is_exact_with_and_without_a_tail(n):
    rng = np.random.default_rng(n)
    scores = rng.random((6, n)).astype(np.float32)
    idx, val = block_top_k(scores, 10, chunk=64)
    for row in range(6):
        assert idx[row].tolist() == top_k(scores[row], 10).tolist()
        assert np.allclose(val[row], scores[row][idx[row]])


def test_folded_product_equals_score_pair_for_linear_parts():
    divisions = ["10", "49", "62"]
    weights = Weights()
    pairs = pair_matrices(divisions, TABLE, section_of, weights)
    rng = np.random.default_rng(0)
    vectors = normalise_rows(rng.random((3, 8)).astype(np.float32))
    div = np.array([0, 1, 2])
    size = np.array([1, 1, 3])
    region = np.array([0, 0, 0])
    affinity = np.ones((1, 1), dtype=np.float32)
    q = fold_queries(
        vectors, div, size, region, pairs=pairs, region_affinity=affinity, weights=weights
    )
    c = fold_candidates(vectors, div, size, region, n_divisions=3, n_regions=1)
    folded = q @ c.T
    for i in range(3):
        for j in range(3):
            m = score_pair(
                me=Party((divisions[i],), RIGA, ("micro", "small", "medium", "large")[size[i]]),
                other=Party((divisions[j],), RIGA, ("micro", "small", "medium", "large")[size[j]]),
                text_similarity=float(vectors[i] @ vectors[j]),
                table=TABLE,
                section_of=section_of,
                weights=weights,
            )
            assert folded[i, j] == pytest.approx(m.score, abs=1e-3), (i, j)
