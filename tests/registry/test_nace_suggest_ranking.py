"""How fused NACE scores become five suggestions (division lift and the per-division cap), and the
second hand-written word list, on the lexical path (the model is off, as in test_nace_suggest)."""

import numpy as np
import pytest

from clusterhub.registry import nace_suggest

CODES = [c.code for c in nace_suggest.classes()]


@pytest.fixture(autouse=True)
def _lexical_only(settings, tmp_path):
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    settings.VAR_DIR = tmp_path
    nace_suggest._vectors.cache_clear()
    yield
    nace_suggest._vectors.cache_clear()


def scores(**by_code: float) -> np.ndarray:
    out = np.zeros(len(CODES), dtype=np.float32)
    for code, value in by_code.items():
        out[CODES.index(code.replace("_", "."))] = value
    return out


def codes(text: str) -> list[str]:
    return [s.code for s in nace_suggest.suggest(text)[0]]


def test_rank_shows_at_most_three_classes_of_one_division_while_others_are_left():
    assert nace_suggest.MAX_PER_DIVISION == 3
    fused = scores(
        **{"10_11": 0.9, "10_12": 0.8, "10_13": 0.7, "10_20": 0.6, "56_11": 0.2, "47_22": 0.1}
    )
    # 10.20 outranks 56.11 and 47.22 but would be the fourth class of division 10: it waits.
    assert [CODES[i] for i in nace_suggest.rank(fused)] == [
        "10.11",
        "10.12",
        "10.13",
        "56.11",
        "47.22",
    ]


def test_rank_fills_the_places_from_one_division_when_no_other_has_a_score():
    fused = scores(**{"10_11": 0.9, "10_12": 0.8, "10_13": 0.7, "10_20": 0.6})
    assert [CODES[i] for i in nace_suggest.rank(fused)] == ["10.11", "10.12", "10.13", "10.20"]


def test_rank_leaves_out_classes_without_a_score():
    assert nace_suggest.rank(scores(**{"01_11": 0.5})) == [CODES.index("01.11")]
    assert nace_suggest.rank(scores()) == []


def test_combine_lifts_only_classes_with_a_signal_of_their_own_and_stays_within_one():
    lexical = scores(**{"10_71": 1.0, "10_20": 0.5, "56_11": 0.55})
    fused = nace_suggest.combine(lexical, None, 0.2)
    assert fused.max() == pytest.approx(1.0)
    # 10.20 shares its division with the best class: lifted past 56.11, which had more alone.
    assert fused[CODES.index("10.20")] > fused[CODES.index("56.11")]
    # Another class of division 10 with no signal stays at zero.
    assert fused[CODES.index("10.11")] == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zobārstniecība un zobu implanti", "86.23"),
        ("Röstime kohvi ise", "10.83"),
        ("Väktare och larm för butiker", "80"),
        ("Tipogrāfija: drukājam etiķetes", "18"),
        ("Värbamine ja renditööjõud", "78"),
    ],
)
def test_the_second_word_list_reaches_divisions_the_titles_alone_miss(text, expected):
    assert codes(text)[0].startswith(expected)
