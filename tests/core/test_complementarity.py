"""Complementarity from input-output flows: the formula on small hand-made tables."""

import pytest

from clusterhub.core.complementarity import Complementarity
from clusterhub.core.complementarity import Flow
from clusterhub.core.complementarity import division_scores
from clusterhub.core.complementarity import industry_scores
from clusterhub.core.complementarity import log_score


def test_log_score_is_zero_at_floor_one_at_ceiling_and_half_between():
    assert log_score(0.001) == 0.0
    assert log_score(0.0) == 0.0
    assert log_score(0.1) == 1.0
    assert log_score(0.5) == 1.0
    assert log_score(0.01) == pytest.approx(0.5)


def test_countries_are_pooled_before_coefficients():
    flows = [
        # Country X: transport sells 10 to food, food's output 1000.
        Flow("X", "H49", "C10", 10.0, 1000.0),
        # Country Y: transport sells 0 to food (absent), but food exists with output 1000.
        Flow("Y", "A01", "C10", 100.0, 1000.0),
        # Transport's output, seen as a buyer of itself.
        Flow("X", "H49", "H49", 1.0, 10_000.0),
    ]
    scores = industry_scores(flows)
    # Pooled: a = 10 / 2000 = 0.005; o = 10 / 10000 = 0.001; strength 0.005.
    assert scores[("H49", "C10")] == pytest.approx(round(log_score(0.005), 3))
    # a = 100 / 2000 = 0.05 (agriculture's output unknown, so o = 0).
    assert scores[("A01", "C10")] == pytest.approx(round(log_score(0.05), 3))


def test_output_share_counts_when_the_link_matters_to_the_supplier():
    flows = [Flow("X", "J62", "H49", 50.0, 100_000.0), Flow("X", "H49", "J62", 0.0, 200.0)]
    scores = industry_scores(flows)
    # a = 50 / 100000 = 0.0005 (below floor) but o = 50 / 200 = 0.25 (above ceiling).
    assert scores[("J62", "H49")] == 1.0


def test_divisions_take_their_industry_score_and_the_minimum_drops_weak_pairs():
    industry = {("H49", "C10"): 0.7, ("H52", "C10"): 0.2}
    mapping = {"10": "C10", "11": "C10", "49": "H49", "52": "H52"}
    result = division_scores(industry, mapping, minimum=0.3)
    assert result == {("49", "10"): 0.7, ("49", "11"): 0.7}


def test_lookup_both_ways_and_top_suppliers():
    table = Complementarity({("49", "10"): 0.7, ("01", "10"): 1.0, ("10", "47"): 0.9})
    assert table.supplies("49.41", "10.51") == 0.7
    assert table.supplies("10", "49") == 0.0
    assert table.both_ways("10", "49") == (0.0, 0.7)
    assert table.top_suppliers("10") == [("01", 1.0), ("49", 0.7)]
    assert table.divisions() == ["01", "10", "47", "49"]
    assert len(table) == 3
