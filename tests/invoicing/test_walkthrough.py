"""The membership year walked through the pages as people use them (issue 18, "done when"):
a manager admits a new member from a public application, invoices the year's fees, records the
payment from a bank CSV, sends a newsletter in Latvian and English to a segment, and finds the
cluster on the public map; a member sees its own invoices; nothing private reaches the public."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterhub.invoicing.models import Invoice
from clusterhub.mailings.models import Mailing
from clusterhub.membership.models import Application
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Organisation

pytestmark = pytest.mark.django_db

APPLICANT = {
    "company_name": "Robotics SIA",
    "registration_number": "40003999999",
    "vat_number": "LV40003999999",
    "country": "LV",
    "org_type": "sme",
    "size_class": "micro",
    "contact_first_name": "Jānis",
    "contact_last_name": "Bērziņš",
    "email": "janis@robotics.example",
    "message": "We build warehouse robots.",
    "website": "",
}


def test_membership_year_from_application_to_public_map(
    world, billing, client_for, settings, django_capture_on_commit_callbacks
):
    settings.MAILINGS_RATE_PER_SECOND = 0
    cluster = world.cluster_a
    year = timezone.localdate().year
    billing.paying.open_for_applications = True
    billing.paying.save()
    manager = client_for(world["manager_a"])

    # 1. A company applies on the public form, signed out.
    applied = Client().post(
        reverse("membership:apply", args=[cluster.pk]),
        {**APPLICANT, "membership_type": billing.paying.pk},
    )
    assert applied.status_code == 302
    application = Application.objects.get(company_name="Robotics SIA")
    waiting = manager.get(reverse("membership:applications", args=[cluster.pk]))
    assert "Robotics SIA" in waiting.content.decode()

    # 2. The manager accepts it: organisation, membership, contact person and terms in one step.
    accepted = manager.post(
        reverse("membership:application", args=[application.pk]),
        {"action": "accept", "accept-since": f"{year}-01-01"},
    )
    assert accepted.status_code == 302
    robotics = Organisation.objects.get(name="Robotics SIA")
    membership = robotics.memberships.get(cluster=cluster)
    assert list(robotics.people.values_list("email", flat=True)) == ["janis@robotics.example"]
    assert MemberTerms.objects.get(membership=membership).membership_type == billing.paying

    # 3. The year's fees in one run: every paying member gets one numbered invoice.
    generated = manager.post(
        reverse("invoicing:generate", args=[cluster.pk]), {"year": str(year), "issue": "on"}
    )
    assert generated.status_code == 302
    invoice = Invoice.objects.get(organisation=robotics)
    assert invoice.number.startswith("CLA")
    assert invoice.total == Decimal("605.00")  # 500.00 + 21 % Latvian VAT
    assert Invoice.objects.filter(cluster=cluster).count() == 2  # Member A Ltd and Robotics

    # 4. The bank statement pays it, after the review step.
    day = timezone.localdate().isoformat()
    statement = SimpleUploadedFile(
        "december.csv",
        f"date,amount,reference,payer\n{day},605.00,{invoice.number},Robotics SIA\n".encode(),
    )
    uploaded = manager.post(
        reverse("invoicing:statement_upload", args=[cluster.pk]), {"file": statement}
    )
    review = manager.get(uploaded.url).content.decode()
    assert 'data-outcome="full"' in review
    applied_payments = manager.post(
        uploaded.url, {"action": "apply", "apply": ["2"], "invoice_2": str(invoice.pk)}
    )
    assert applied_payments.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"

    # 5. A newsletter in Latvian and English to the micro companies only.
    assert world.member_a.size_class == "small"
    created = manager.post(
        reverse("mailings:mailing_create", args=[cluster.pk]),
        {
            "title": "December newsletter",
            "category": "news",
            "default_language": "lv",
            "audience": "members",
            "size_classes": ["micro"],
            "subject_lv": "Klastera ziņas",
            "body_lv": "<p>Sveiki, <strong>biedri</strong>!</p>",
            "subject_en": "Cluster news",
            "body_en": "<p>Hello, <strong>members</strong>!</p>",
        },
    )
    assert created.status_code == 302
    newsletter = Mailing.objects.get(title="December newsletter")
    assert sorted(newsletter.versions.values_list("language", flat=True)) == ["en", "lv"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = manager.post(reverse("mailings:mailing_send", args=[newsletter.pk]), {"when": ""})
    assert sent.status_code == 302
    assert [message.to for message in mail.outbox] == [["janis@robotics.example"]]
    assert mail.outbox[0].subject in ("Klastera ziņas", "Cluster news")
    assert "/mailings/unsubscribe/" in mail.outbox[0].body

    # 6. The cluster is on the public map; the new member, who has not agreed to be listed,
    # its invoice and its contact are not.
    public = Client()
    directory = public.get(reverse("directory:index")).content.decode()
    cluster_url = reverse("directory:cluster", args=[cluster.pk])
    assert f'<a href="{cluster_url}" aria-label="{cluster.name} ({cluster.acronym})">' in directory
    page = public.get(cluster_url).content.decode()
    for private in ("Robotics SIA", invoice.number, "janis@robotics.example", "605"):
        assert private not in page

    # 7. A member sees its own invoices and not the others'.
    own = client_for(world["member_a"]).get(
        reverse("invoicing:organisation", args=[world.member_a.pk])
    )
    member_invoice = Invoice.objects.get(organisation=world.member_a)
    assert member_invoice.number in own.content.decode()
    assert invoice.number not in own.content.decode()
    assert (
        client_for(world["member_a"])
        .get(reverse("invoicing:organisation", args=[robotics.pk]))
        .status_code
        == 403
    )
