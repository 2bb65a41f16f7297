"""common.saving: the one way a verb validates and writes a record. Every error at once, by
field (the record's own and the verb's checks); nothing written while any is left; a refused
row leaves the verb's transaction usable."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from clusterhub.common.saving import save
from clusterhub.common.saving import validate
from clusterhub.registry.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _refuse(error):
    def check():
        raise ValidationError(error)

    return check


def test_the_record_s_errors_and_the_verb_s_come_together_and_nothing_is_written():
    organisation = OrganisationFactory.build(name="", country="XX")
    with pytest.raises(ValidationError) as refused:
        save(
            organisation,
            checks=(
                _refuse({"secondary_nace": "Name at most five activities."}),
                _refuse("The cluster is closed."),
            ),
        )
    errors = refused.value.message_dict
    assert sorted(errors) == ["__all__", "country", "name", "secondary_nace"]
    assert errors["name"] == ["This field cannot be blank."]
    assert errors["secondary_nace"] == ["Name at most five activities."]
    assert errors["__all__"] == ["The cluster is closed."]
    assert Organisation.objects.count() == 0


def test_validate_answers_what_the_checks_worked_out_and_writes_nothing():
    organisation = OrganisationFactory.build(name="Bērzs")
    assert validate(organisation, lambda: ["10.51"], lambda: None) == [["10.51"], None]
    assert organisation.pk is None
    assert Organisation.objects.count() == 0


def test_a_valid_record_is_saved_with_its_links():
    organisation = save(OrganisationFactory.build(name="Bērzs"), checks=(lambda: None,))
    assert Organisation.objects.get(pk=organisation.pk).name == "Bērzs"


def test_a_refused_row_leaves_the_verb_s_transaction_usable():
    with transaction.atomic():
        with pytest.raises(ValidationError):
            save(OrganisationFactory.build(name=""))
        save(OrganisationFactory.build(name="Next row"))
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Next row"]
