from decimal import Decimal

from clusterhub.core.competence_gain import Gain
from clusterhub.core.competence_gain import cohort_gains
from clusterhub.core.competence_gain import mean_gain
from clusterhub.core.competence_gain import person_gains


def test_person_gains_per_competence_and_missing_sides():
    rows = person_gains({"strategy": 2, "financing": 3}, {"strategy": 4}, ["strategy", "financing"])
    assert rows == [
        Gain("strategy", Decimal(2), Decimal(4), Decimal(2), 1),
        Gain("financing", Decimal(3), None, None, 0),
    ]


def test_cohort_gains_average_only_people_with_both_ratings():
    people = [
        ({"strategy": 1, "digital": 2}, {"strategy": 4, "digital": 2}),
        ({"strategy": 2}, {"strategy": 3}),
        ({"strategy": 5}, {}),  # no after: not counted
    ]
    rows = cohort_gains(people, ["strategy", "digital", "green"])
    assert rows[0] == Gain("strategy", Decimal("1.50"), Decimal("3.50"), Decimal("2.00"), 2)
    assert rows[1] == Gain("digital", Decimal("2.00"), Decimal("2.00"), Decimal("0.00"), 1)
    assert rows[2] == Gain("green", None, None, None, 0)


def test_cohort_gain_rounds_half_up_to_two_decimals():
    people = [({"a": 1}, {"a": 2}), ({"a": 1}, {"a": 2}), ({"a": 1}, {"a": 1})]
    (row,) = cohort_gains(people, ["a"])
    assert row.gain == Decimal("0.67")
    assert row.before == Decimal("1.00")


def test_mean_gain_over_competences_with_a_gain():
    rows = [
        Gain("a", None, None, Decimal(1), 1),
        Gain("b", None, None, None, 0),
        Gain("c", None, None, Decimal(2), 1),
    ]
    assert mean_gain(rows) == Decimal("1.50")
    assert mean_gain([]) is None
