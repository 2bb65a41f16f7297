"""The questionnaire's autosave answers the figures the script writes into the page in the
reader's language, as the page itself does (issue 14, point 5)."""

import json
from decimal import Decimal

import pytest

NBSP = "\xa0"


def _expected(total: Decimal, language: str) -> str:
    whole = total == total.to_integral_value()
    number = f"{int(total)}" if whole else f"{total:.1f}"
    if language == "en":
        return number + "%"
    return number.replace(".", ",") + NBSP + "%"


@pytest.mark.parametrize("language", ["en", "lv", "sv"])
def test_autosave_returns_localised_text_beside_the_machine_values(
    draft, client_for, world, language
):
    c = client_for(world["manager_a"])
    ok = c.post(
        f"/assessment/{draft.pk}/answers/GO03/autosave/",
        json.dumps({"value": "action_plan"}),
        content_type="application/json",
        headers={"accept-language": language},
    )
    body = ok.json()
    assert body["points"] == "4.00"  # machine value, unchanged for other callers
    assert body["points_text"] == "4"
    assert body["total_percent_text"] == _expected(Decimal(body["total_percent"]), language)
