"""Issue 13 item 5: an id typed as Unicode digits, a negative number or a number no database
column holds is refused as naming nothing (404 on a page, 422 naming the field in the API), never
a 500. `str.isdigit()` says yes to "³" and "٣", and `int()` then fails or reads another number.

The meta test at the end closes the class: no digit test of Python's own outside common/text.py.
"""

import pathlib
import re

import pytest
from django.urls import reverse

from clusterhub.accounts.models import RoleAssignment
from clusterhub.common.text import MAX_ID
from clusterhub.common.text import is_ascii_number
from clusterhub.common.text import parse_id
from clusterhub.events import domain as events_domain
from tests.events.conftest import make_event  # noqa: F401 - a fixture
from tests.grants.conftest import grant  # noqa: F401 - a fixture
from tests.matchmaking.test_domain import make_profile
from tests.services.conftest import V1 as SERVICES_V1
from tests.services.conftest import survey_a  # noqa: F401 - a fixture

SUPERSCRIPT, ARABIC_INDIC, FULLWIDTH = "³", "٣", "１"
HOSTILE = [SUPERSCRIPT, ARABIC_INDIC, FULLWIDTH, "-1", "0", "99999999999999999999", " 1", "1.0"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 400, None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("", None),
        (" 7", None),
        ("7\n", None),
        (SUPERSCRIPT, None),
        (ARABIC_INDIC, None),
        (FULLWIDTH, None),
        (None, None),
        (7, None),
    ],
)
def test_parse_id_takes_ascii_digits_within_a_bigint_only(text, expected):
    assert parse_id(text) == expected


def test_is_ascii_number():
    assert [is_ascii_number(t) for t in ("6201", "", "62.01", "٣", "³", "１")] == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize("bad", HOSTILE)
def test_survey_answers_keyed_by_a_hostile_question_id_are_a_field_error(
    world,
    survey_a,  # noqa: F811
    bad,
    api_as,
):
    response = api_as("member_a", prefix=SERVICES_V1).post(
        f"/surveys/{survey_a.pk}/responses", {"answers": {bad: 1}}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"answers": ["Answer keys are question ids."]}


@pytest.mark.parametrize("bad", HOSTILE)
def test_expenditure_list_filtered_by_a_hostile_partner_is_404(world, client_for, grant, bad):  # noqa: F811
    url = reverse("grants:expenditure_list", args=[grant.project.pk])
    client = client_for(world["manager_a"])
    assert client.get(url, {"partner": str(grant.lead.pk)}).status_code == 200
    assert client.get(url, {"partner": bad}).status_code == 404


@pytest.mark.parametrize("bad", HOSTILE)
def test_report_of_a_hostile_period_is_404(world, client_for, grant, bad):  # noqa: F811
    url = reverse("grants:report_download", args=[grant.project.pk, "xlsx"])
    assert client_for(world["manager_a"]).get(url, {"period": bad}).status_code == 404


@pytest.mark.parametrize("bad", HOSTILE)
def test_revoking_a_hostile_role_assignment_is_404(world, client_for, bad):
    url = reverse("registry:cluster_roles", args=[world.cluster_a.pk])
    before = RoleAssignment.objects.count()
    response = client_for(world["manager_a"]).post(url, {"action": "revoke", "assignment": bad})
    assert response.status_code == 404
    assert RoleAssignment.objects.count() == before


@pytest.mark.parametrize("field", ["profile", "target"])
@pytest.mark.parametrize("bad", HOSTILE)
def test_introduction_for_a_hostile_profile_or_target_is_404(world, client_for, field, bad):
    make_profile(world.member_b, world.cluster_b)
    url = reverse("matchmaking:introduction_request", args=[world.member_a.pk])
    assert client_for(world["member_a"]).post(url, {field: bad}).status_code == 404


@pytest.mark.parametrize("bad", HOSTILE)
def test_agenda_with_a_hostile_session_is_404_and_keeps_the_agenda(
    world,
    client_for,
    make_event,  # noqa: F811
    bad,
):
    event = make_event(capacity=5)
    registration = events_domain.register(event=event, user=world["member_a"])
    url = reverse("events:agenda", args=[event.pk])
    assert client_for(world["member_a"]).post(url, {"session": ["1", bad]}).status_code == 404
    assert list(registration.agenda.all()) == []


@pytest.mark.parametrize("bad", HOSTILE)
def test_b2b_availability_with_a_hostile_slot_is_404(world, client_for, make_event, bad):  # noqa: F811
    event = make_event(capacity=5, b2b_enabled=True, b2b_tables=1)
    events_domain.register(event=event, user=world["member_a"])
    url = reverse("events:b2b", args=[event.pk])
    response = client_for(world["member_a"]).post(
        url, {"opt_in": "on", "profile": "We build", "cap": "3", "slot": bad}
    )
    assert response.status_code == 404


SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "clusterhub"
HELPER = SRC / "common" / "text.py"
DIGIT_TESTS = re.compile(r"\.is(digit|decimal|numeric)\(")


def test_no_digit_test_of_python_outside_the_one_helper():
    """`str.isdigit()` / `isdecimal()` / `isnumeric()` accept digits `int()` refuses or reads
    differently; ids go through common/text.py's parse_id, codes through is_ascii_number."""
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path != HELPER
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if DIGIT_TESTS.search(line)
    ]
    assert found == []
