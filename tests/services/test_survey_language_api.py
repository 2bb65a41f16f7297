"""The survey's language through the API: chosen, defaulted to the request's, refused if unknown."""

import pytest
from django.utils import translation

from clusterhub.services.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """A request leaves its language active in this thread; the next test starts clean."""
    yield
    translation.deactivate()


def test_a_survey_is_created_in_the_language_asked_for(world, api_as):
    api = api_as("manager_a")
    path = f"/clusters/{world.cluster_a.pk}/surveys"
    templated = api.post(path, {"from_template": True, "language": "lv"})
    assert templated.status_code == 201
    assert templated.json()["language"] == "lv"
    assert templated.json()["title"] == "Biedru vajadzību aptauja"
    blank = api.post(path, {"title": "Küsitlus", "language": "et"})
    assert blank.status_code == 201
    assert Survey.objects.get(pk=blank.json()["id"]).language == "et"


def test_without_a_language_the_requests_language_is_used(world, api_as):
    api = api_as("manager_a")
    # A token client's language is the one its request asks for.
    api.headers["Accept-Language"] = "sv"
    path = f"/clusters/{world.cluster_a.pk}/surveys"
    blank = api.post(path, {"title": "Enkät"})
    assert blank.status_code == 201
    assert blank.json()["language"] == "sv"
    templated = api.post(path, {"from_template": True})
    assert (templated.json()["language"], templated.json()["title"]) == (
        "sv",
        "Behovsenkät för medlemmar",
    )


@pytest.mark.parametrize("language", ["de", "", "LV", 3])
def test_an_unknown_language_is_refused_naming_the_field(world, api_as, language):
    response = api_as("manager_a").post(
        f"/clusters/{world.cluster_a.pk}/surveys", {"title": "x", "language": language}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["language"]
    assert not Survey.objects.exists()
