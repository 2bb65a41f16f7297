"""PATCH of a mailing follows the API's one partial-update rule (common/api_helpers.py): a
field left out stays, a null clears it (text to "", a list to []), and a required field cleared
is refused naming it."""

import pytest

from tests.conftest import area_api
from tests.mailings.conftest import make_mailing

pytestmark = pytest.mark.django_db

api_as = area_api("/api/v1/mailings")


def test_null_clears_and_left_out_stays(world, api_as):
    mailing = make_mailing(
        world.cluster_a, org_types=["sme"], audience="role", role="member_representative"
    )
    api = api_as("manager_a")
    r = api.patch(f"/{mailing.pk}", {"org_types": None, "audience": "members", "role": None})
    assert r.status_code == 200, r.content
    mailing.refresh_from_db()
    assert mailing.org_types == [] and mailing.role == ""
    assert mailing.title == "December news"


@pytest.mark.parametrize("name", ["title", "category"])
def test_a_required_field_cleared_is_refused_naming_it(world, api_as, name):
    mailing = make_mailing(world.cluster_a)
    r = api_as("manager_a").patch(f"/{mailing.pk}", {name: None})
    assert r.status_code == 422
    assert name in r.content.decode()
    mailing.refresh_from_db()
    assert mailing.title == "December news" and mailing.category
