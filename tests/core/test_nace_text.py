"""The lexical half of NACE suggestion (core/nace_text.py): folding, stems, Latvian roots,
compound parts, the index and the fusion of signals. The quality on real descriptions is
measured by bench/nace_suggest.py; these tests pin each step's rule."""

import math

import numpy as np
import pytest

from clusterhub.core import nace_text as nt


def test_fold_lowers_and_drops_accents():
    assert nt.fold("Kūpinām ŠPROTES Östersjö") == "kupinam sprotes ostersjo"


def test_words_keep_three_letters_or_more_without_stop_words():
    assert nt.words("We bake bread for our customers, 24/7 in Rīga; un mēs cepam") == [
        "bake",
        "bread",
        "riga",
        "cepam",
    ]


def test_a_stem_is_the_first_six_letters():
    assert (nt.stem("tarkvaraarendus"), nt.stem("bake")) == ("tarkva", "bake")


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("tulkojam", "~tulk"),
        ("tulkosana", "~tulk"),
        ("razojam", "~raz"),
        ("razosana", "~raz"),
        ("maize", "~maiz"),
        ("zivju", "~ziv"),
        ("sis", "~sis"),  # no ending leaves three letters: the word itself
        ("programmatura", "~progra"),  # a long root is cut like a stem
    ],
)
def test_latvian_roots_meet_across_endings(word, root):
    assert nt.lv_root(word) == root


def test_only_a_text_with_latvian_letters_is_read_for_roots():
    assert nt.looks_latvian("Kūpinām šprotes") is True
    assert nt.looks_latvian("Tarkvara projektid") is False


def test_compound_parts_are_known_stems_after_the_head_without_overlap():
    known = {"bageri": 1.0, "apstra": 1.0, "strade": 1.0}
    assert nt.compound_parts("hantverksbageri", known) == ["bageri"]
    # "apstrade" is taken once from its start: its tail "strade" is not a second part.
    assert nt.compound_parts("kokapstrade", known) == ["apstra"]
    # A known stem at the very start is the word's own head, not a part.
    assert nt.compound_parts("bagerier", known) == []


def _index() -> nt.LexicalIndex:
    return nt.build_index(
        [
            {"title": ["Manufacture of bread"], "lv:title": ["Maizes ražošana"]},
            {"title": ["Computer programming"], "notes": ["writing software"]},
            {"title": ["Bread and cake retail"]},
        ],
        {"title": 1.0, "notes": 0.5},
    )


def test_the_index_keeps_each_stems_best_field_weight_and_its_rarity():
    index = _index()
    assert index.stems[0] == {"manufa": 1.0, "bread": 1.0, "~maiz": 1.0, "~raz": 1.0}
    assert index.stems[1] == {"comput": 1.0, "progra": 1.0, "writin": 0.5, "softwa": 0.5}
    assert index.idf["bread"] == pytest.approx(math.log(1 + 3 / 2))
    assert index.idf["softwa"] == pytest.approx(math.log(1 + 3 / 1))
    assert index.shown[1]["softwa"] == "software"


def test_lexical_scores_are_the_share_of_the_query_a_class_holds():
    index = _index()
    scores, matched = nt.lexical_scores(index, "We write software and bread")
    total = index.idf["softwa"] + index.idf["bread"]  # "write" is not "writing"'s stem
    assert scores.tolist() == pytest.approx(
        [index.idf["bread"] / total, 0.5 * index.idf["softwa"] / total, index.idf["bread"] / total]
    )
    assert matched == [["bread"], ["software"], ["bread"]]


def test_a_latvian_query_meets_the_latvian_titles_by_root():
    # "kūpinām" has a letter only Latvian writes, so the text is read for roots too.
    scores, matched = nt.lexical_scores(_index(), "Ražojam maizi, kūpinām zivis")
    assert scores.tolist() == [pytest.approx(1.0), 0.0, 0.0]
    assert matched[0] == ["ražojam", "maizi"]
    # Without such a letter (š and ž are Estonian too) the words are only stems: no match.
    scores, _matched = nt.lexical_scores(_index(), "Ražojam maizi")
    assert scores.tolist() == [0.0, 0.0, 0.0]


def test_a_query_of_unknown_words_scores_nothing():
    scores, matched = nt.lexical_scores(_index(), "zzz qqqq")
    assert scores.tolist() == [0.0, 0.0, 0.0]
    assert matched == [[], [], []]


def test_rescale_divides_by_the_best_counting_from_zero():
    assert nt.rescale(np.array([1.0, 3.0, 1.5])).tolist() == pytest.approx([1 / 3, 1.0, 0.5])
    assert nt.rescale(np.array([-1.0, 1.0])).tolist() == [0.0, 1.0]  # from the lowest below 0
    assert nt.rescale(np.array([0.4, 0.4])).tolist() == [1.0, 1.0]
    assert nt.rescale(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]


def test_fuse_adds_rescaled_signals_by_weight():
    fused = nt.fuse([(np.array([0.0, 2.0]), 0.8), (np.array([5.0, 5.0]), 0.2)])
    assert fused.tolist() == pytest.approx([0.2, 1.0])
    # A signal with nothing to say (all zeros) adds nothing.
    fused = nt.fuse([(np.array([0.0, 2.0]), 0.8), (np.array([0.0, 0.0]), 0.2)])
    assert fused.tolist() == pytest.approx([0.0, 0.8])
