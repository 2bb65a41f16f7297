from datetime import date
from decimal import Decimal

from clusterhub.grants.charts import cumulative_spending
from clusterhub.grants.charts import plan_vs_spent
from clusterhub.grants.charts import timeline

D = Decimal


def test_plan_vs_spent_escapes_labels_and_marks_overruns():
    svg = plan_vs_spent([("<b>A</b>", D("100"), D("50")), ("B", D("100"), D("120"))], title="T")
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>T</title>" in svg
    assert "&lt;b&gt;A&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.count("#b3261e") == 1  # only B is over its plan
    assert "120 / 100" in svg


def test_plan_vs_spent_with_no_items_still_renders():
    assert plan_vs_spent([], title="Empty").endswith("</svg>")


def test_cumulative_spending_stops_at_the_current_month():
    points = [(m, D(m * 10), D(m * 5)) for m in range(1, 7)]
    svg = cumulative_spending(points, title="C", current_month=3)
    actual = svg.split('stroke-width="2.5"')[0].rsplit("<polyline", 1)[1]
    assert actual.count(",") == 3
    assert "M6" in svg


def test_timeline_draws_bars_markers_and_today():
    svg = timeline(
        months=18,
        start=date(2016, 1, 1),
        bars=[("WP1 Management", 1, 18), ("WP2 <Eval>", 1, 9)],
        markers=[("D1.1 Handbook", 2, "deliverable"), ("M1 Kick-off", 1, "milestone")],
        today=date(2016, 7, 15),
        title="Timeline",
    )
    assert svg.count('rx="3"') == 2
    assert svg.count("<circle") == 1 and svg.count("<polygon") == 1
    assert "<title>today</title>" in svg
    assert "WP2 &lt;Eval&gt;" in svg
    after = timeline(
        months=18, start=date(2016, 1, 1), bars=[], markers=[], today=date(2026, 1, 1), title="T"
    )
    assert "today" not in after
