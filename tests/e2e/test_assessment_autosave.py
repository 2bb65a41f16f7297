"""The questionnaire in a browser, filled by two people at once: the autosave of a change made
over a colleague's newer answer is refused and the page shows that answer instead; changed
again, it is saved; the area's Save button then leaves the answers as they are."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.forms import OVERTAKEN
from clusterhub.assessment.models import Answer
from tests.e2e.test_flows_languages import FRAMEWORK_FILE
from tests.e2e.test_flows_languages import sign_in_as

pytestmark = pytest.mark.e2e


def _area_page(page, live_server, world, answer_type: str):
    """The area page of a new assessment, opened by staff_a, at its first indicator of
    `answer_type` that the person answers (none the registry fills in); returns that indicator
    and its answer."""
    framework = domain.import_framework(definition=loader.read_file(FRAMEWORK_FILE))
    assessment = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    typed = framework.indicators.filter(answer_type=answer_type, source="")
    indicator = typed.order_by("position").first()
    page.goto(live_server.url)
    sign_in_as(page, "en", "staff_a")
    page.goto(reverse("assessment:area", args=[assessment.pk, indicator.area.code]))
    return indicator, Answer.objects.get(assessment=assessment, indicator=indicator)


def test_autosave_shows_a_colleagues_newer_answer_instead_of_replacing_it(page, live_server, world):
    indicator, answer = _area_page(page, live_server, world, "choice")
    theirs, mine = [value for value, _label, _points in indicator.local_options][1:3]

    def stored() -> str:
        return Answer.objects.get(pk=answer.pk).choice

    choice = page.locator(f"#value-{indicator.code}")
    error = page.locator(f"#err-{indicator.code}")
    # A colleague answers the same indicator after this page was opened.
    domain.save_answer(answer=answer, value=theirs)

    choice.select_option(mine)
    expect(error).to_have_text(str(OVERTAKEN))
    expect(choice).to_have_value(theirs)
    assert stored() == theirs

    choice.select_option(mine)
    expect(page.locator("#autosave-status")).to_contain_text(f"Saved · {indicator.code}")
    expect(error).to_have_text("")
    assert stored() == mine

    page.get_by_role("button", name="Save this area").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Answers saved.")).to_be_visible()
    expect(choice).to_have_value(mine)
    assert stored() == mine


def test_a_typed_figure_is_refused_over_a_colleagues_newer_one_then_saved(page, live_server, world):
    indicator, answer = _area_page(page, live_server, world, "percentage")
    figure = page.locator(f"#value-{indicator.code}")
    error = page.locator(f"#err-{indicator.code}")
    domain.save_answer(answer=answer, value="50")

    figure.fill("75")
    figure.press("Tab")  # the change event: the browser sends the figure
    expect(error).to_have_text(str(OVERTAKEN))
    expect(figure).to_have_value("50")
    assert Answer.objects.get(pk=answer.pk).number == 50

    figure.fill("75")
    figure.press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text(f"Saved · {indicator.code}")
    expect(error).to_have_text("")
    assert Answer.objects.get(pk=answer.pk).number == 75
