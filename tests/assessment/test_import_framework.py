"""Importing an indicator framework is all or nothing, even when writing fails halfway."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.models import Area
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import Indicator
from tests.assessment.conftest import FRAMEWORK_FILE


def test_a_failure_at_the_twentieth_indicator_leaves_no_framework_areas_or_indicators(
    db, monkeypatch
):
    definition = loader.read_file(FRAMEWORK_FILE)
    real_create = Indicator.objects.create
    created = []

    def create(**fields):
        created.append(fields["code"])
        if len(created) == 20:
            raise IntegrityError("disk full")
        return real_create(**fields)

    monkeypatch.setattr(Indicator.objects, "create", create)
    with pytest.raises(IntegrityError):
        domain.import_framework(definition=definition)
    assert len(created) == 20
    assert (Framework.objects.count(), Area.objects.count(), Indicator.objects.count()) == (0, 0, 0)


def test_a_bad_last_indicator_is_named_and_nothing_is_imported(db, tmp_path):
    raw = yaml.safe_load(FRAMEWORK_FILE.read_text())
    raw["indicators"][35]["area"] = "nowhere"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(CommandError) as exc:
        call_command("assessment", "import-framework", str(bad))
    assert "indicators[35].area" in str(exc.value)
    assert (Framework.objects.count(), Area.objects.count(), Indicator.objects.count()) == (0, 0, 0)
