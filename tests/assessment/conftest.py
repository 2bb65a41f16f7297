"""Fixtures for the assessment tests: the shipped framework and a filled assessment."""

import html
import re
from datetime import date
from pathlib import Path

import pytest

from clusterhub.assessment import domain
from clusterhub.assessment import loader

FRAMEWORK_FILE = (
    Path(__file__).resolve().parents[2]
    / "src/clusterhub/assessment/frameworks/clusterhub-ecei-2026.yaml"
)

# A good answer for each indicator that is not computed from the registry.
GOOD_ANSWERS = {
    "GO03": "action_plan",
    "GO04": "yes",
    "GO05": "80",
    "GO06": "quarterly",
    "FI01": "20",
    "FI02": "55",
    "FI03": "5",
    "FI04": "yes",
    "FI05": "35",
    "FI06": "4",
    "SE01": "7",
    "SE02": "recent",
    "SE03": "12",
    "SE04": "6",
    "SE05": "programme",
    "SE06": "6",
    "IN01": "20",
    "IN02": "80",
    "IN03": "weekly",
    "IN04": "5",
    "IN05": "90",
    "IN06": "yes",
    "AC01": "a\nb\nc\nd\ne",
    "AC02": "30",
    "AC03": "",
    "AC04": "3",
    "AC05": "measured",
    "AC06": "yes",
}
# Used only where the registry could not compute a value (no founding year, no location).
FALLBACK_ANSWERS = {"ST03": "60", "ST04": "80", "GO02": "10"}


@pytest.fixture
def framework(db):
    return domain.import_framework(definition=loader.read_file(FRAMEWORK_FILE))


@pytest.fixture
def draft(world, framework):
    return domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        user=world["manager_a"],
        programme=world.programme,
    )


def fill(assessment, answers=None, *, evidence_link="https://example.org/evidence"):
    """Answer every open indicator and attach evidence where the framework asks for it."""
    answers = GOOD_ANSWERS if answers is None else answers
    values, evidence = [], []
    for ans in assessment.answers.select_related("indicator"):
        code = ans.indicator.code
        if not ans.answered and code in FALLBACK_ANSWERS:
            values.append((ans, FALLBACK_ANSWERS[code], ""))
        elif code in answers:
            if ans.indicator.answer_type == "evidence":
                if evidence_link:
                    evidence.append(ans)
            else:
                values.append((ans, answers[code], ""))
            if ans.indicator.scoring.get("evidence_required") and evidence_link:
                evidence.append(ans)
    # One rescore for all the values (not one per answer: filling was most of these tests' time).
    if values:
        domain.save_answers(assessment=assessment, values=values)
    for ans in evidence:
        domain.add_evidence(answer=ans, link=evidence_link)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def submitted(draft):
    fill(draft)
    return domain.submit_assessment(assessment=draft)


def as_opened(page: str) -> dict[str, str]:
    """What the area form posts when nothing in it is changed: each input as the page showed
    it, with the shown values beside."""
    posted = {}
    for field, code, value in re.findall(
        r'name="shown-(value|reason)-(\w+)" value="([^"]*)"', page
    ):
        posted[f"{field}-{code}"] = posted[f"shown-{field}-{code}"] = html.unescape(value)
    return posted
