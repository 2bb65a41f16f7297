"""The training demo loads on the registry demo, twice, with the same counts, and its
certificates verify on their public page."""

import pytest
from django.test import Client
from django.urls import reverse

from clusterhub.registry.demo import load_demo as load_registry_demo
from clusterhub.training import models
from clusterhub.training.demo import TITLE
from clusterhub.training.demo import load_demo

pytestmark = pytest.mark.django_db

MODELS = (
    models.TrainingProgramme,
    models.Module,
    models.Session,
    models.Enrolment,
    models.Attendance,
    models.CompetenceRating,
    models.Feedback,
    models.Certificate,
)


def _counts():
    return [m.objects.count() for m in MODELS]


def test_demo_is_idempotent_and_complete():
    load_registry_demo()
    load_demo()
    first = _counts()
    load_registry_demo()
    load_demo()
    assert _counts() == first
    assert first[:4] == [1, 6, 7, 7]
    tp = models.TrainingProgramme.objects.get(title=TITLE)
    assert tp.programme.acronym == "5FOREXCELLENCE"
    assert set(models.Session.objects.values_list("trainer__username", flat=True)) == {"expert"}
    years = {s.starts_at.year for s in models.Session.objects.all()}
    assert years == {2016, 2017}
    assert first[5] == 7 * 2 * 6  # 7 people, before and after, 6 competences
    assert first[6] > 0
    # Everyone but the coordinator who missed a required session is certified.
    assert sorted(
        models.Certificate.objects.values_list("enrolment__user__username", flat=True)
    ) == [
        "coord-eeict",
        "coord-netport",
        "coordinator",
        "foodmanager",
        "manager",
        "staff",
    ]


def test_demo_certificates_verify_publicly():
    load_registry_demo()
    load_demo()
    client = Client()
    for cert in models.Certificate.objects.all():
        r = client.get(reverse("training:certificate_verify", args=[cert.code]))
        assert r.status_code == 200
        assert cert.holder_name in r.content.decode()
