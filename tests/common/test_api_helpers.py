"""A record a payload names by id: chosen among those offered, or refused on its field (422)."""

from typing import Annotated

import pytest
from django.core.exceptions import ValidationError
from ninja import NinjaAPI
from ninja import Schema
from ninja.testing import TestClient
from pydantic import AfterValidator
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from clusterhub.common.api_errors import install_error_handlers
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import partial_of
from clusterhub.registry.models import Cluster
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    """One cluster among those offered and one that exists but is not offered."""
    inside, outside = ClusterFactory(), ClusterFactory()
    return Cluster.objects.filter(pk=inside.pk), inside, outside


def test_the_named_record_among_those_offered(offered):
    records, inside, _outside = offered
    assert chosen(records, inside.pk, field="cluster") == inside


def test_naming_none_chooses_none_without_asking_the_database(offered, django_assert_num_queries):
    records, _inside, _outside = offered
    with django_assert_num_queries(0):
        assert chosen(records, None, field="cluster") is None


def test_a_record_not_offered_is_refused_on_its_field_naming_the_id(offered):
    records, _inside, outside = offered
    with pytest.raises(ValidationError) as refused:
        chosen(records, outside.pk, field="owner", message="No cluster %(id)s here.")
    assert refused.value.message_dict == {"owner": [f"No cluster {outside.pk} here."]}


def test_the_refusal_says_there_is_no_such_record_unless_told_otherwise(offered):
    records, _inside, _outside = offered
    with pytest.raises(ValidationError) as refused:
        chosen(records, 999_999, field="partners.0.organisation")
    assert refused.value.message_dict == {
        "partners.0.organisation": ["There is no such record (999999)."]
    }


def test_a_message_without_the_id_is_given_as_it_is(offered):
    records, _inside, outside = offered
    with pytest.raises(ValidationError) as refused:
        chosen(records, outside.pk, field="objective", message="Not in this strategy.")
    assert refused.value.message_dict == {"objective": ["Not in this strategy."]}


class Named(Schema):
    cluster: int | None = None


@pytest.fixture
def client():
    api = NinjaAPI(urls_namespace="test-api-helpers")
    install_error_handlers(api)

    @api.post("/named")
    def named(request, payload: Named):
        cluster = chosen(
            Cluster.objects.filter(name__startswith="Offered"),
            payload.cluster,
            field="cluster",
            message="There is no cluster with id %(id)s.",
        )
        return {"cluster": cluster.pk if cluster else None}

    return TestClient(api)


def test_the_api_answers_the_chosen_record(client):
    cluster = ClusterFactory(name="Offered cluster")
    response = client.post("/named", json={"cluster": cluster.pk})
    assert (response.status_code, response.json()) == (200, {"cluster": cluster.pk})


def test_the_api_refuses_a_record_not_offered_with_a_422_on_the_field(client):
    hidden = ClusterFactory(name="Hidden cluster")
    response = client.post("/named", json={"cluster": hidden.pk})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": {"cluster": [f"There is no cluster with id {hidden.pk}."]},
    }


# --- partial_of: a PATCH body made from the POST body ---------------------------------------


def _shouted(value: str) -> str:
    if value != value.upper():
        raise ValueError("must be in capitals")
    return value


class _Base(Schema):
    pass


class ThingCreate(_Base):
    name: Annotated[str, AfterValidator(_shouted)] = Field(max_length=5, description="Name")
    tags: list[str] = Field(default_factory=list, max_length=2)
    owner: int


ThingUpdate = partial_of(
    ThingCreate, "ThingUpdate", doc="Only the fields sent change.", exclude=("owner",)
)


class WrittenOut(_Base):
    """Only the fields sent change."""

    name: Annotated[str, AfterValidator(_shouted)] | None = Field(
        None, max_length=5, description="Name"
    )
    tags: list[str] | None = Field(None, max_length=2)


def test_every_field_but_the_excluded_is_optional_and_unset_by_default():
    assert list(ThingUpdate.model_fields) == ["name", "tags"]
    assert ThingUpdate().model_dump(exclude_unset=True) == {}
    assert ThingUpdate(tags=None).model_dump(exclude_unset=True) == {"tags": None}


def test_a_null_clears_and_is_not_checked_as_a_value():
    assert ThingUpdate(name=None).name is None


def test_a_value_is_checked_as_the_post_body_checks_it():
    assert ThingUpdate(name="ABC").name == "ABC"
    for bad in ({"name": "abc"}, {"name": "ABCDEF"}, {"tags": ["a", "b", "c"]}):
        with pytest.raises(PydanticValidationError):
            ThingUpdate(**bad)


def test_its_schema_is_the_one_written_out_by_hand():
    written = WrittenOut.model_json_schema()
    written["title"] = "ThingUpdate"
    assert ThingUpdate.model_json_schema() == written
    assert ThingUpdate.__name__ == "ThingUpdate"
