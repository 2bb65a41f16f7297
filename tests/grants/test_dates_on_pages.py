"""The project page and report write dates in the reader's language, one format each."""

import pytest
from django.urls import reverse
from django.utils import translation

from clusterhub.grants.reports import build_report
from tests.grants.test_reports import pdf_text


@pytest.mark.parametrize(
    ("language", "duration"),
    [
        ("en", "1 Jan 2016 – 30 Jun 2017"),
        ("lv", "01.01.2016. – 30.06.2017."),
        ("et", "01.01.2016 – 30.06.2017"),
        ("sv", "2016-01-01 – 2017-06-30"),
    ],
)
def test_project_page_dates_follow_the_language(grant, world, client_for, language, duration):
    page = client_for(world["manager_a"]).get(
        reverse("grants:project_detail", args=[grant.project.pk]),
        headers={"accept-language": language},
    )
    assert duration in page.content.decode()


def test_report_pdf_dates_follow_the_language(grant):
    with translation.override("lv"):
        text = pdf_text(build_report(grant.project))
    assert "01.01.2016. – 30.06.2017." in text
    assert "2016-01-01" not in text
