"""What the printed documents say: certificates carry the code, the public address and, for an
EU-funded programme, the funding acknowledgement and disclaimer; the attendance sheet lists
every participant."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from clusterhub.training import domain
from clusterhub.training import reports
from clusterhub.training.models import TrainingProgramme
from tests.training.conftest import complete
from tests.training.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def html_pdf(monkeypatch):
    """render_pdf replaced by the HTML it would print, to read the text."""
    monkeypatch.setattr(
        reports,
        "render_pdf",
        lambda template, context: render_to_string(template, context).encode(),
    )


def test_certificate_of_eu_funded_programme_has_the_notice(tw, html_pdf):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    request = RequestFactory().get("/")
    html = reports.certificates_pdf([cert], request=request).decode()
    assert cert.display_code in html
    assert f"http://testserver/training/certificates/verify/{cert.code}/" in html
    assert tw["staff_a"].display_name in html
    assert "received funding from the European Union&#x27;s COSME programme" in html
    assert "EASME" in html


def test_certificate_of_a_cluster_programme_has_no_notice(tw, html_pdf):
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(title="Local", cluster=tw.world.cluster_a)
    )
    module = tw.strategy
    module.pk = None
    module.training_programme = tp
    module.save()
    session = make_session(module, "Local day", 15, trainer=tw["expert_a"])
    enrolment = domain.enrol(training_programme=tp, user=tw["staff_a"])
    domain.record_attendance(session=session, enrolment=enrolment, present=True)
    cert = domain.issue_certificate(enrolment=enrolment, issued_by=None)
    html = reports.certificates_pdf([cert], request=RequestFactory().get("/")).decode()
    assert "Local" in html
    assert "received funding" not in html


def test_attendance_sheet_lists_participants_and_marks(tw, html_pdf):
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    html = reports.attendance_sheet_pdf(tw.s1).decode()
    assert tw["staff_a"].display_name in html
    assert tw["manager_a"].display_name in html
    assert html.count(">present<") == 1
    assert "COSME" in html
