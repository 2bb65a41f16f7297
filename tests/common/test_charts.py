from decimal import Decimal

from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.charts import share_bar


def test_bar_chart_has_role_title_and_one_bar_per_item():
    svg = horizontal_bar_chart([("SME", 5), ("University", 1)], title="Members by type")
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert ">Members by type</title>" in svg
    assert svg.count("<rect ") == 2
    assert ">SME</text>" in svg
    assert ">5</text>" in svg


def test_largest_value_gets_the_full_plot_width():
    svg = horizontal_bar_chart([("a", 4), ("b", 2)], title="t", width=400, label_width=100)
    # plot width = 400 - 100 - 48 value column
    assert 'width="252.0"' in svg
    assert 'width="126.0"' in svg


def test_labels_and_title_are_escaped():
    svg = horizontal_bar_chart([("<script>x</script>", 1)], title='A & "B"')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; &quot;B&quot;" in svg


def test_empty_and_zero_charts_render_without_bars_of_length():
    empty = horizontal_bar_chart([], title="Nothing")
    assert "<rect " not in empty
    assert ">Nothing</title>" in empty
    zeros = horizontal_bar_chart([("a", 0)], title="Zero")
    assert 'width="0.0"' in zeros


def test_title_id_is_stable_and_differs_between_charts():
    one = horizontal_bar_chart([("a", 1)], title="One")
    again = horizontal_bar_chart([("a", 1)], title="One")
    two = horizontal_bar_chart([("a", 1)], title="Two")
    assert one == again
    assert one.split('aria-labelledby="')[1][:16] != two.split('aria-labelledby="')[1][:16]


def test_decimal_values_are_labelled_with_one_decimal():
    svg = horizontal_bar_chart([("x", Decimal("2.25")), ("y", Decimal("3"))], title="t")
    assert ">2.2</text>" in svg
    assert ">3</text>" in svg


def test_share_bar_fills_its_share_and_says_so_in_the_title():
    svg = share_bar(Decimal("25.0"), title="Committed", width=200)
    assert 'width="50.0"' in svg
    assert "<title>Committed: 25%</title>" in svg
    assert "<title>Committed: – </title>" not in share_bar(None, title="Committed")
    assert "<title>Committed: –</title>" in share_bar(None, title="Committed")
