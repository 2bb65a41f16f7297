"""Amounts, shares and numbers as each language writes them (issue 14, point 5).

Exact strings, with the characters spelled out: NBSP is U+00A0, the no-break space that the
lv/et/sv format modules use both between digit groups and before the € and % signs.
"""

from decimal import Decimal

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation
from django.utils.formats import get_format

from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.charts import share_bar
from clusterhub.common.numbers import format_money
from clusterhub.common.numbers import format_number
from clusterhub.common.numbers import format_percent
from clusterhub.grants.charts import plan_vs_spent

NBSP = "\xa0"


def render(source: str, **context) -> str:
    return Template("{% load clusterhub_tags %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["lv", "et", "sv"])
def test_the_format_modules_group_with_a_no_break_space(language):
    with translation.override(language):
        assert get_format("THOUSAND_SEPARATOR") == NBSP
        assert get_format("DECIMAL_SEPARATOR") == ","
        assert get_format("NUMBER_GROUPING") == 3


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€1,264.20"),
        ("lv", f"1{NBSP}264,20{NBSP}€"),
        ("et", f"1{NBSP}264,20{NBSP}€"),
        ("sv", f"1{NBSP}264,20{NBSP}€"),
    ],
)
def test_money_places_the_euro_as_the_language_does(language, expected):
    with translation.override(language):
        assert render("{{ v|money }}", v=Decimal("1264.2")) == expected
        assert format_money(Decimal("1264.20")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["-€5.00", f"SEK{NBSP}1,000,000.00", "€0.10", "–"]),
        ("lv", [f"-5,00{NBSP}€", f"1{NBSP}000{NBSP}000,00{NBSP}SEK", f"0,10{NBSP}€", "–"]),
    ],
)
def test_money_signs_other_currencies_floats_and_nothing(language, expected):
    with translation.override(language):
        got = [
            format_money(Decimal("-5")),
            format_money(1_000_000, "SEK"),
            format_money(0.1),  # through str: not 0.1000000000000000055...
            format_money(None),
        ]
    assert got == expected


def test_grants_money_filter_is_the_common_one():
    with translation.override("lv"):
        html = Template("{% load grants_tags %}{{ v|money }}").render(
            Context({"v": Decimal("1264.20")})
        )
    assert html == f"1{NBSP}264,20{NBSP}€"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["12.5%", "50%", "94.9998%", "7.0%"]),
        ("lv", [f"12,5{NBSP}%", f"50{NBSP}%", f"94,9998{NBSP}%", f"7,0{NBSP}%"]),
        ("et", [f"12,5{NBSP}%", f"50{NBSP}%", f"94,9998{NBSP}%", f"7,0{NBSP}%"]),
        ("sv", [f"12,5{NBSP}%", f"50{NBSP}%", f"94,9998{NBSP}%", f"7,0{NBSP}%"]),
    ],
)
def test_percent_in_each_language(language, expected):
    with translation.override(language):
        got = render(
            '{{ a|percent }}|{{ b|percent }}|{{ c|percent:"-4" }}|{{ d|percent:1 }}',
            a=Decimal("12.5"),
            b=Decimal("50.0"),
            c=Decimal("94.9998"),
            d=7,
        ).split("|")
    assert got == expected
    with translation.override(language):
        assert format_percent(None) == "–"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,264.5"), ("lv", f"1{NBSP}264,5"), ("sv", f"1{NBSP}264,5")],
)
def test_number_filter_groups_and_marks_decimals(language, expected):
    with translation.override(language):
        assert render("{{ v|number }}", v=Decimal("1264.5")) == expected
        assert format_number(Decimal("1264.5")) == expected


def test_chart_labels_follow_the_language_and_coordinates_do_not():
    items = [("Food", Decimal("2.5")), ("Wood", 3)]
    with translation.override("lv"):
        svg = horizontal_bar_chart(items, title="Members", width=560)
        bar = share_bar(Decimal("12.5"), title="Committed", width=200)
        plan = plan_vs_spent([("Staff", Decimal("12500.00"), Decimal("1264.20"))], title="Plan")
    assert ">2,5</text>" in svg
    assert ">3</text>" in svg
    assert 'width="200"' in bar and 'width="25.0"' in bar  # machine number, with a point
    assert f"<title>Committed: 12,5{NBSP}%</title>" in bar
    assert f"1{NBSP}264 / 12{NBSP}500" in plan
    with translation.override("en"):
        assert "<title>Committed: 12.5%</title>" in share_bar(
            Decimal("12.5"), title="Committed", width=200
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["42", "56.5", "12,000", "0.125"]), ("lv", ["42", "56,5", f"12{NBSP}000", "0,125"])],
)
def test_kpi_figures_drop_needless_decimals_in_the_readers_language(language, expected):
    from clusterhub.strategy.templatetags.strategy_tags import figure

    values = [Decimal("42.00"), Decimal("56.50"), Decimal("12000"), Decimal("0.1250")]
    with translation.override(language):
        assert [figure(v) for v in values] == expected
