"""The plan-against-spending chart's default legend is translated when drawn, not at import."""

from decimal import Decimal

import pytest
from django.utils import translation

from clusterhub.grants.charts import plan_vs_spent

ITEMS = [("Staff", Decimal("12500.00"), Decimal("1264.20"))]


@pytest.mark.parametrize(
    ("language", "planned", "spent"),
    [
        ("en", "planned", "spent"),
        ("lv", "plānots", "izlietots"),
        ("et", "kavandatud", "kulutatud"),
        ("sv", "planerat", "förbrukat"),
    ],
)
def test_default_legend_follows_the_active_language(language, planned, spent):
    with translation.override(language):
        svg = plan_vs_spent(ITEMS, title="Plan")
    assert f">{planned}</text>" in svg
    assert f">{spent}</text>" in svg


def test_given_labels_are_escaped_and_kept():
    with translation.override("lv"):
        svg = plan_vs_spent(ITEMS, title="Plan", plan_label="<plan>", spent_label="S & T")
    assert ">&lt;plan&gt;</text>" in svg and ">S &amp; T</text>" in svg
    assert "plānots" not in svg
