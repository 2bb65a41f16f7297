"""Pages: who sees what, expenditure entry with its warnings, the public page without money."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusterhub.grants import domain
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import NewsArticle

INSIDE = ("admin", "coordinator", "manager_a", "staff_a")
OUTSIDE = ("member_a", "expert_a", "observer_a", "manager_b", "outsider")


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


@pytest.mark.parametrize("username", INSIDE)
def test_project_pages_open_to_coordinator_admin_and_partner_users(
    grant, world, client_for, username
):
    c = client_for(world[username])
    pk = grant.project.pk
    for name in ("project_detail", "expenditure_list", "timeline", "reports"):
        response = c.get(url(name, pk))
        assert response.status_code == 200, name
    assert b"100,000.00" in c.get(url("project_detail", pk)).content


@pytest.mark.parametrize("username", OUTSIDE)
def test_project_pages_are_404_to_everyone_else(grant, world, client_for, username):
    c = client_for(world[username])
    pk = grant.project.pk
    for name in ("project_detail", "expenditure_list", "timeline", "reports", "news_create"):
        assert c.get(url(name, pk)).status_code == 404, name
    assert c.get(url("report_download", pk, "pdf")).status_code == 404


def test_anonymous_is_sent_to_login(grant, client):
    response = client.get(url("project_detail", grant.project.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_index_lists_own_projects_and_public_pages(grant, world, client_for, client):
    response = client_for(world["manager_a"]).get(url("index"))
    assert url("project_detail", grant.project.pk).encode() in response.content
    client.logout()
    anonymous = client.get(url("index"))
    assert anonymous.status_code == 200
    assert url("public_project", "5FX").encode() in anonymous.content
    assert url("project_detail", grant.project.pk).encode() not in anonymous.content


def _post_expenditure(c, project, **overrides):
    data = {
        "partner": overrides.pop("partner"),
        "date": "2016-03-01",
        "category": "travel",
        "amount": "100.00",
        "currency": "EUR",
        "exchange_rate": "",
        "description": "Train to Tallinn",
    }
    data.update(overrides)
    return c.post(url("expenditure_create", project.pk), data)


def test_partner_user_enters_own_partners_expenditure(grant, world, client_for):
    c = client_for(world["staff_a"])
    response = _post_expenditure(c, grant.project, partner=grant.lead.pk)
    assert response.status_code == 302
    e = Expenditure.objects.get()
    assert (e.partner, e.amount_eur, e.created_by) == (
        grant.lead,
        Decimal("100.00"),
        world["staff_a"],
    )


def test_partner_user_cannot_book_for_another_partner(grant, world, client_for):
    c = client_for(world["staff_a"])
    response = _post_expenditure(c, grant.project, partner=grant.other.pk)
    assert response.status_code == 400
    assert Expenditure.objects.count() == 0


def test_coordinator_books_for_any_partner(grant, world, client_for):
    c = client_for(world["coordinator"])
    assert _post_expenditure(c, grant.project, partner=grant.other.pk).status_code == 302
    assert Expenditure.objects.get().partner == grant.other


def test_overrun_warns_above_90_and_needs_confirmation_above_100(grant, world, client_for):
    c = client_for(world["manager_a"])
    # The travel line is 1,000.00 EUR.
    response = _post_expenditure(c, grant.project, partner=grant.lead.pk, amount="950.00")
    assert response.status_code == 302
    warnings = [str(m) for m in response.wsgi_request._messages]
    assert any("(95.0%)" in m and "more than 90 %" in m for m in warnings)
    refused = _post_expenditure(c, grant.project, partner=grant.lead.pk, amount="50.01")
    assert refused.status_code == 400
    assert "Confirm the overrun" in refused.content.decode()
    assert Expenditure.objects.count() == 1
    confirmed = _post_expenditure(
        c, grant.project, partner=grant.lead.pk, amount="50.01", confirm_overrun="on"
    )
    assert confirmed.status_code == 302
    assert Expenditure.objects.filter(over_budget_confirmed=True).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2015-12-31"}, "date", "within the project"),
        ({"date": "2017-07-01"}, "date", "within the project"),
        ({"amount": "-5.00"}, "amount", "more than zero"),
        ({"category": "bribes"}, "category", "bribes"),
        ({"currency": "SEK"}, "exchange_rate", "SEK per EUR"),
        ({"currency": "XYZ"}, "currency", "ISO 4217"),
    ],
)
def test_bad_expenditure_is_refused_with_the_field_named(
    grant, world, client_for, overrides, field, message
):
    c = client_for(world["manager_a"])
    response = _post_expenditure(c, grant.project, partner=grant.lead.pk, **overrides)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert Expenditure.objects.count() == 0


def test_receipt_is_stored_under_a_generated_name_and_served_to_insiders_only(
    grant, world, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(world["manager_a"])
    pdf = SimpleUploadedFile(
        "../../evil name.pdf", b"%PDF-1.4 receipt", content_type="application/pdf"
    )
    response = _post_expenditure(c, grant.project, partner=grant.lead.pk, receipt=pdf)
    assert response.status_code == 302
    e = Expenditure.objects.get()
    assert e.receipt.name.startswith("grants/receipts/") and e.receipt.name.endswith(".pdf")
    assert "evil" not in e.receipt.name
    got = c.get(url("receipt", e.pk))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"%PDF-1.4 receipt"
    assert client_for(world["manager_b"]).get(url("receipt", e.pk)).status_code == 404
    # A receipt storage lost (a restore without media) is a 404, not a server error.
    e.receipt.storage.delete(e.receipt.name)
    assert c.get(url("receipt", e.pk)).status_code == 404


def test_receipt_of_a_wrong_type_is_refused(grant, world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(world["manager_a"])
    exe = SimpleUploadedFile("receipt.exe", b"MZ", content_type="application/octet-stream")
    response = _post_expenditure(c, grant.project, partner=grant.lead.pk, receipt=exe)
    assert response.status_code == 400
    assert "PDF, PNG or JPEG" in str(response.context["form"].errors["receipt"])


def test_delete_expenditure_allowed_for_own_partner_denied_for_others(grant, world, client_for):
    e_other = Expenditure(
        partner=grant.other,
        date=date(2016, 2, 1),
        category="staff",
        amount=Decimal("10.00"),
        description="x",
    )
    domain.save_expenditure(expenditure=e_other)
    e_own = Expenditure(
        partner=grant.lead,
        date=date(2016, 2, 1),
        category="staff",
        amount=Decimal("10.00"),
        description="y",
    )
    domain.save_expenditure(expenditure=e_own)
    c = client_for(world["staff_a"])
    assert c.post(url("expenditure_delete", e_other.pk)).status_code == 403
    assert c.post(url("expenditure_delete", e_own.pk)).status_code == 302
    assert list(Expenditure.objects.all()) == [e_other]
    assert (
        client_for(world["outsider"]).post(url("expenditure_delete", e_other.pk)).status_code == 404
    )


def test_only_the_coordinator_writes_news(grant, world, client_for):
    data = {"title": "Kick-off", "body": "We started.", "published_on": "2016-01-20"}
    assert (
        client_for(world["staff_a"]).post(url("news_create", grant.project.pk), data).status_code
        == 403
    )
    response = client_for(world["coordinator"]).post(url("news_create", grant.project.pk), data)
    assert response.status_code == 302
    assert NewsArticle.objects.get().author == world["coordinator"]


def test_public_page_shows_description_partners_news_results_and_no_money(grant, client):
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=grant.lead,
            date=date(2016, 2, 1),
            category="staff",
            amount=Decimal("1234.56"),
            description="Salary",
        )
    )
    article = domain.save_news(
        article=NewsArticle(
            project=grant.project,
            title="Kick-off in Riga",
            body="We started.",
            published_on=date(2016, 1, 20),
        )
    )
    domain.save_news(
        article=NewsArticle(project=grant.project, title="Draft story", body="Not yet.")
    )
    response = client.get(url("public_project", "5FX"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Public description of the project.",
        "Partner A",
        "Partner C",
        "Kick-off in Riga",
        "received funding from the European Union",
        "EASME",
    ):
        assert text in html
    for text in (
        "100,000.00",
        "95,000.00",
        "1,234.56",
        "60,000.00",
        "Draft story",
        "EUR",
        "budget",
    ):
        assert text not in html
    news = client.get(url("public_news", "5FX", article.pk)).content.decode()
    assert "We started." in news
    assert news.index("We started.") < news.index("has received funding from the European Union")
    assert (
        "does not accept any responsibility" in news or "do not accept any responsibility" in news
    )


def test_public_page_of_a_hidden_or_unknown_project_is_404(grant, client):
    grant.project.public_page = False
    grant.project.save()
    assert client.get(url("public_project", "5FX")).status_code == 404
    assert client.get(url("public_project", "NOPE")).status_code == 404


def test_draft_news_is_not_public(grant, client):
    draft = domain.save_news(article=NewsArticle(project=grant.project, title="Draft", body="x"))
    assert client.get(url("public_news", "5FX", draft.pk)).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"partner": "99999999999999999999"},
        {"partner": "x"},
        {"amount": "1e400"},
        {"amount": "NaN"},
        {"exchange_rate": "-1", "currency": "SEK"},
        {"date": "2016-02-30"},
        {"description": "nul\x00byte"},
        {"currency": "€"},
    ],
)
def test_garbage_in_the_expenditure_form_is_400_not_500(grant, world, client_for, overrides):
    c = client_for(world["coordinator"])
    data = {"partner": grant.lead.pk, **overrides}
    response = _post_expenditure(c, grant.project, **data)
    assert response.status_code == 400
    assert Expenditure.objects.count() == 0


def test_coordinator_links_a_deliverable_to_an_offered_object_only(grant, world, client_for):
    from django.apps import apps

    from clusterhub.grants.models import Deliverable
    from clusterhub.grants.models import DeliverableLink
    from clusterhub.grants.models import WorkPackage

    wp = domain.save_work_package(
        work_package=WorkPackage(
            project=grant.project, number=1, title="WP", start_month=1, end_month=18
        )
    )
    d = domain.save_deliverable(
        deliverable=Deliverable(work_package=wp, number="D1", title="Strategy", due_month=18)
    )
    strategy_model = apps.get_model("strategy", "Strategy")
    ours = strategy_model.objects.create(
        programme=world.programme,
        title="Our strategy",
        start=date(2017, 1, 1),
        end=date(2020, 12, 31),
    )
    other_programme = type(world.programme).objects.create(name="Other", acronym="OTH")
    theirs = strategy_model.objects.create(
        programme=other_programme,
        title="Their strategy",
        start=date(2017, 1, 1),
        end=date(2020, 12, 31),
    )
    c = client_for(world["coordinator"])
    page = c.get(url("timeline", grant.project.pk)).content.decode()
    assert f"strategy.strategy:{ours.pk}" in page and "Their strategy" not in page
    link_url = url("deliverable_link", d.pk)
    assert c.post(link_url, {"target": f"strategy.strategy:{theirs.pk}"}).status_code == 302
    assert DeliverableLink.objects.count() == 0
    assert c.post(link_url, {"target": "garbage"}).status_code == 302
    assert (
        c.post(link_url, {"target": f"strategy.strategy:{ours.pk}", "note": "adopted"}).status_code
        == 302
    )
    link = DeliverableLink.objects.get()
    assert (link.target, link.note) == (ours, "adopted")
    assert "Our strategy" in c.get(url("timeline", grant.project.pk)).content.decode()
    staff = client_for(world["staff_a"])
    assert staff.post(link_url, {"target": f"strategy.strategy:{ours.pk}"}).status_code == 403
    assert staff.post(url("deliverable_unlink", link.pk)).status_code == 403
    assert client_for(world["outsider"]).post(link_url, {}).status_code == 404
    assert (
        client_for(world["coordinator"]).post(url("deliverable_unlink", link.pk)).status_code == 302
    )
    assert DeliverableLink.objects.count() == 0


def _book(partner, description="x"):
    """A cost of 1.00 EUR for `partner`, saved through the domain."""
    domain.save_expenditure(
        expenditure=Expenditure(
            partner=partner,
            date=date(2016, 2, 1),
            category="staff",
            amount=Decimal("1.00"),
            description=description,
        )
    )


def test_expenditure_page_has_a_fixed_query_count(grant, world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(world["staff_a"])
    _book(grant.lead)
    c.get(url("expenditure_list", grant.project.pk))
    with CaptureQueriesContext(connection) as one:
        c.get(url("expenditure_list", grant.project.pk))
    _book(grant.lead)
    _book(grant.other)
    with CaptureQueriesContext(connection) as three:
        response = c.get(url("expenditure_list", grant.project.pk))
    assert response.content.decode().count(">Delete<") == 2
    assert len(one) == len(three)


def test_expenditure_list_filters_by_partner_through_the_shared_filter_form(
    grant, world, client_for
):
    _book(grant.lead, "Lead's train")
    _book(grant.other, "Other's hotel")
    c = client_for(world["coordinator"])
    page = c.get(url("expenditure_list", grant.project.pk), {"partner": grant.other.pk})
    text = page.content.decode()
    # common/_filters.html, fed by ExpenditureFilterForm: every partner, the chosen one selected.
    assert 'role="search"' in text and '<select name="partner" id="filter_partner">' in text
    assert '<option value="">All partners</option>' in text
    assert f'<option value="{grant.lead.pk}">P1 Partner A</option>' in text
    assert f'<option value="{grant.other.pk}" selected>' in text
    assert "Other&#x27;s hotel" in text and "Lead&#x27;s train" not in text
    every = c.get(url("expenditure_list", grant.project.pk)).content.decode()
    assert "Other&#x27;s hotel" in every and "Lead&#x27;s train" in every
