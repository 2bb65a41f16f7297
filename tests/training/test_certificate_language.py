"""PDFs made for a person are in that person's language, whoever prints them; PDFs a user
downloads for their own use are in the language of their pages (docs/translation.md)."""

import pytest
from django.test import Client
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from clusterhub.common import pdf
from clusterhub.training import domain
from clusterhub.training import reports
from clusterhub.training.models import Certificate
from tests.training.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """A page request leaves its language active in this thread; the next test starts clean."""
    yield
    translation.deactivate()


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF was made from (WeasyPrint still runs, so the PDF is real)."""
    pages: list[str] = []
    real = pdf.render_to_string

    def record(*args, **kwargs):
        html = real(*args, **kwargs)
        pages.append(html)
        return html

    monkeypatch.setattr(pdf, "render_to_string", record)
    return pages


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _speaks(user, language: str):
    user.language = language
    user.save(update_fields=["language"])


def test_a_swedish_members_certificate_is_swedish_when_an_english_manager_prints_it(tw, printed):
    _speaks(tw["staff_a"], "sv")
    _speaks(tw["manager_a"], "en")
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=tw["manager_a"])
    response = _client(tw["manager_a"]).get(reverse("training:certificate_pdf", args=[cert.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Language"] == "en"  # the manager's page language is untouched
    (html,) = printed
    assert '<html lang="sv">' in html
    assert '<div lang="sv"' in html
    for words in (
        "Intyg om genomförd utbildning",
        "Härmed intygas att",
        "har genomfört utbildningsprogrammet",
        "Verifieringskod",
    ):
        assert words in html
    with translation.override("sv"):
        assert f"Utfärdat den {date_format(cert.issued_on, 'DATE_FORMAT')}" in html
    assert "This certifies that" not in html


def test_a_batch_prints_each_certificate_in_its_holders_language(tw, printed):
    _speaks(tw["staff_a"], "sv")
    _speaks(tw["manager_a"], "lv")
    for enrolment in (tw.e_manager, tw.e_staff):
        complete(tw, enrolment)
        domain.issue_certificate(enrolment=enrolment, issued_by=None)
    certificates = list(Certificate.objects.order_by("enrolment__user__username"))
    holders = [c.enrolment.user.language for c in certificates]
    assert sorted(holders) == ["lv", "sv"]
    with translation.override("en"):
        reports.certificates_pdf(certificates, request=RequestFactory().get("/"))
    (html,) = printed
    assert html.count("Härmed intygas att") == 1
    assert html.count("Ar šo apliecina, ka") == 1
    assert html.count('<div lang="sv"') == 1
    assert html.count('<div lang="lv"') == 1
    assert "This certifies that" not in html


def test_a_report_downloaded_for_oneself_is_in_the_requesters_language(world, printed):
    _speaks(world["manager_a"], "lv")
    response = _client(world["manager_a"]).get(
        reverse("services:gaps_pdf", args=[world.cluster_a.pk])
    )
    assert response.status_code == 200
    (html,) = printed
    assert '<html lang="lv">' in html
    assert f"Trūkumu analīze: {world.cluster_a.name}" in html
    assert "Gap analysis" not in html
