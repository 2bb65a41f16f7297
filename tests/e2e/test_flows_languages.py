"""The main flows in each language: sign in, register for an event, answer a survey, open an
assessment area. Every page must say `<html lang>` in the reader's language and show a word of
that language's catalogue (the expected text is the catalogue's, so the test reads what a person
in Riga, Tallinn or Umeå reads)."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from playwright.sync_api import expect

from clusterhub.assessment import domain as assessment_domain
from clusterhub.assessment import loader
from clusterhub.events import domain as events_domain
from clusterhub.events.models import Event
from clusterhub.services import domain as services_domain
from clusterhub.services.models import Question
from clusterhub.services.models import Survey
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

FRAMEWORK_FILE = (
    Path(__file__).resolve().parents[2]
    / "src/clusterhub/assessment/frameworks/clusterhub-ecei-2026.yaml"
)
# Fills a survey form as a person would, whatever the questions: the first choice of each
# group, the second option of each list (the first is the empty one).
FILL_SURVEY = """() => {
  const form = document.querySelector('main form[method="post"]');
  const groups = new Set([...form.querySelectorAll('input[type=radio]')].map((r) => r.name));
  groups.forEach((name) => { form.querySelector(`input[type=radio][name="${name}"]`).checked = true; });
  form.querySelectorAll('select').forEach((s) => { if (s.options.length > 1) s.selectedIndex = 1; });
}"""


def word(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture(params=["en", "lv", "et", "sv"])
def language(request, world):
    for user in world.users.values():
        user.language = request.param
        user.save(update_fields=["language"])
    return request.param


def sign_in_as(page, language: str, username: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto(reverse("accounts:login"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("button", name=word(language, "Sign in"))).to_be_visible()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=word(language, "Sign in")).click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("button", name=word(language, "Sign out"))).to_be_visible()


def test_sign_in_and_register_for_an_event(page, live_server, world, language):
    start = timezone.now() + dt.timedelta(days=7)
    event = events_domain.save_event(
        event=Event(
            title="Experience-sharing workshop",
            kind="workshop",
            cluster=world.cluster_a,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=8),
            timezone="Europe/Riga",
            venue="Teikums, Riga",
            city="Riga",
            capacity=5,
            registration_opens=timezone.now() - dt.timedelta(days=1),
            registration_closes=start - dt.timedelta(hours=1),
        )
    )
    page.goto(live_server.url)
    sign_in_as(page, language, "member_a")

    page.goto(reverse("events:detail", args=[event.pk]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("button", name=word(language, "Register"), exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_text(word(language, "You are registered."))).to_be_visible()
    assert event.registrations.filter(user=world["member_a"]).count() == 1


def test_answer_a_survey(page, live_server, world, language):
    survey = services_domain.save_survey(survey=Survey(cluster=world.cluster_a, title="Needs 2026"))
    services_domain.save_question(
        question=Question(survey=survey, text="Finance?", kind="rating", category="finance")
    )
    services_domain.save_question(
        question=Question(
            survey=survey, text="How often?", kind="choice", choices=["Often", "Rarely"]
        )
    )
    services_domain.open_survey(survey=survey)
    page.goto(live_server.url)
    sign_in_as(page, language, "member_a")

    page.goto(reverse("services:survey_answer", args=[survey.pk]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.evaluate(FILL_SURVEY)
    page.get_by_role("button", name=word(language, "Send my answers")).click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(word(language, "Thank you"))
    assert survey.responses.count() == 1


def test_open_an_assessment_area(page, live_server, world, language):
    framework = assessment_domain.import_framework(definition=loader.read_file(FRAMEWORK_FILE))
    assessment = assessment_domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    area = framework.areas.order_by("position").first()
    page.goto(live_server.url)
    sign_in_as(page, language, "manager_a")

    page.goto(reverse("assessment:detail", args=[assessment.pk]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    with translation.override(language):
        title = area.local_title
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("button", name=word(language, "Save this area"))).to_be_visible()
