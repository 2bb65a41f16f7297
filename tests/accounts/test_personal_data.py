"""Personal data: a person downloads everything held about them, and deletes their account."""

import io
import json
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError
from django.core.management import call_command
from django.db import models
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.common.models import Notification
from clusterhub.common.notifications import notify
from clusterhub.events import domain as events_domain
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import Registration
from clusterhub.grants import domain as grants_domain
from clusterhub.grants.models import Expenditure
from clusterhub.matchmaking import domain as matchmaking_domain
from clusterhub.registry import domain as registry_domain
from clusterhub.registry.models import Person
from clusterhub.training import domain as training_domain
from clusterhub.training.models import Certificate
from tests.conftest import PASSWORD
from tests.events.conftest import NOW  # noqa: F401 (fixture)
from tests.events.conftest import make_event  # noqa: F401 (fixture)
from tests.factories import PersonFactory
from tests.factories import UserFactory
from tests.grants.conftest import grant  # noqa: F401 (fixture)
from tests.training.conftest import complete  # noqa: F401 (fixture)
from tests.training.conftest import tw  # noqa: F401 (fixture)

USERNAME = "ilzeberta.k"
EMAIL = "ilzeberta@kalnvirza.example"
PERSON_EMAIL = "ilzeberta@member-a.example"
# Every text that identifies her; none may be left anywhere after her account is deleted.
NEEDLES = [USERNAME, EMAIL, PERSON_EMAIL, "Ilzeberta", "Kalnvirza", "2000 1234"]


@dataclass
class Subject:
    user: User
    person: Person
    registration: Registration
    expenditure: Expenditure
    certificate: Certificate


@pytest.fixture
def subject(world, grant, tw, make_event) -> Subject:  # noqa: F811
    """Ilzeberta, with data in accounts, registry, events, grants, training and matchmaking."""
    user = UserFactory(
        username=USERNAME, first_name="Ilzeberta", last_name="Kalnvirza", email=EMAIL
    )
    person = PersonFactory(
        organisation=world.member_a,
        user=user,
        first_name="Ilzeberta",
        last_name="Kalnvirza",
        email=PERSON_EMAIL,
        phone="+371 2000 1234",
    )
    person.job_title = "Head of R&D"
    registry_domain.save_person(person=person)  # a second version in the change history
    grant_role(
        user=user,
        role="member_representative",
        cluster=world.cluster_a,
        organisation=world.member_a,
    )
    create_token(user=user, name="Ilzeberta's laptop")

    event = make_event(capacity=10, b2b_enabled=True, b2b_tables=1, b2b_cap=5)
    registration = events_domain.register(event=event, user=user)
    events_domain.opt_in(registration=registration, profile="Ilzeberta offers sensor testing")
    partner = events_domain.register(event=event, user=world["staff_a"])
    events_domain.opt_in(registration=partner, profile="We look for sensor testing")
    events_domain.send_meeting_request(
        sender=registration, receiver=partner, message="Ilzeberta Kalnvirza would like to meet"
    )
    other = events_domain.register(event=event, user=world["observer_a"])
    events_domain.opt_in(registration=other, profile="Testing services")
    events_domain.send_meeting_request(
        sender=other, receiver=registration, message="Dear Ilzeberta, shall we meet?"
    )
    notify(user=user, event=event, subject="Hello Ilzeberta", body="Dear Ilzeberta Kalnvirza")
    matchmaking_domain.request_introduction(
        requester=world.member_a,
        target=world.member_b,
        user=user,
        message="Ilzeberta asks to be introduced",
    )

    expenditure = Expenditure(
        partner=grant.lead,
        date=date(2016, 5, 1),
        category="travel",
        amount=Decimal("123.45"),
        description="Train tickets",
    )
    grants_domain.save_expenditure(expenditure=expenditure, user=user)

    enrolment = training_domain.enrol(training_programme=tw.tp, user=user, cluster=world.cluster_a)
    complete(tw, enrolment)
    certificate = training_domain.issue_certificate(
        enrolment=enrolment, issued_by=world["manager_a"], issued_on=date(2016, 6, 1)
    )

    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post(reverse("accounts:login"), {"username": USERNAME, "password": "wrong-one"})
    return Subject(user, person, registration, expenditure, certificate)


def signed_in(user: User) -> Client:
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- download my data --------------------------------------------------------------------------


def test_my_data_holds_what_is_kept_about_the_person(world, subject):
    user = subject.user
    client = signed_in(user)
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clusterhub-my-data-')
    data = json.loads(response.content)
    assert sorted(data) == [
        "account",
        "api_tokens",
        "audit_log",
        "exported_at",
        "format_version",
        "people",
        "records",
        "roles",
    ]
    account = data["account"]
    assert {k: v for k, v in account.items() if k not in ("date_joined", "last_login")} == {
        "id": user.pk,
        "username": USERNAME,
        "first_name": "Ilzeberta",
        "last_name": "Kalnvirza",
        "email": EMAIL,
        "language": "",
        "is_active": True,
        "is_superuser": False,
    }
    assert "password" not in account
    assert [{k: v for k, v in r.items() if k != "since"} for r in data["roles"]] == [
        {
            "role": "member_representative",
            "cluster": str(world.cluster_a),
            "programme": None,
            "organisation": "Member A Ltd",
        }
    ]
    [token] = data["api_tokens"]
    assert sorted(token) == ["created_at", "id", "last_used_at", "name", "prefix", "revoked_at"]
    assert token["name"] == "Ilzeberta's laptop"
    assert ApiToken.objects.get(user=user).digest not in response.content.decode()
    [person] = data["people"]
    assert (person["id"], person["first_name"], person["email"], person["phone"]) == (
        subject.person.pk,
        "Ilzeberta",
        PERSON_EMAIL,
        "+371 2000 1234",
    )
    assert person["job_title"] == "Head of R&D"

    records = data["records"]
    assert sorted(records) == [
        "common.notification",
        "events.meetingrequest",
        "events.registration",
        "grants.expenditure",
        "matchmaking.introduction",
        "training.enrolment",
    ]
    [registration] = records["events.registration"]
    assert (registration["id"], registration["b2b_profile"], registration["_linked_by"]) == (
        subject.registration.pk,
        "Ilzeberta offers sensor testing",
        "user",
    )
    assert [m["message"] for m in records["events.meetingrequest"]] == [
        "Ilzeberta Kalnvirza would like to meet"
    ]
    assert [n["subject"] for n in records["common.notification"]] == list(
        Notification.objects.filter(user=user).order_by("pk").values_list("subject", flat=True)
    )
    assert "Hello Ilzeberta" in [n["subject"] for n in records["common.notification"]]
    [expenditure] = records["grants.expenditure"]
    assert (expenditure["amount"], expenditure["currency"], expenditure["_linked_by"]) == (
        "123.45",
        "EUR",
        "created_by",
    )
    assert [i["message"] for i in records["matchmaking.introduction"]] == [
        "Ilzeberta asks to be introduced"
    ]
    assert [e["_linked_by"] for e in records["training.enrolment"]] == ["user"]
    assert [(e["action"], e["actor_name"]) for e in data["audit_log"]] == [
        ("role_granted", "system"),
        ("token_created", "system"),
        ("login_failed", USERNAME),
        ("login", USERNAME),
    ]
    exported = AuditEntry.objects.get(action="personal_data_exported")
    assert (exported.actor_id, exported.details, exported.ip) == (
        user.pk,
        {"export": "my-data.json"},
        "192.0.2.10",
    )


def test_the_profile_offers_the_download_and_the_deletion(world, client_for):
    body = client_for(world["outsider"]).get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:my_data")}"' in body
    assert f'href="{reverse("accounts:delete_account")}"' in body


def test_signed_out_visitors_get_no_data(world):
    for name in ("accounts:my_data", "accounts:delete_account"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


# --- delete my account -------------------------------------------------------------------------


def text_columns_holding(needle: str) -> list[str]:
    """Every model (change history included) and text or JSON column that contains the needle."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                values = model._default_manager.values_list(field.attname, flat=True)
                if any(needle.lower() in json.dumps(v).lower() for v in values):
                    found.append(f"{model._meta.label}.{field.name}")
            elif isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.attname}__icontains": needle}
                if model._default_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def test_deleting_the_account_leaves_no_trace_of_the_person(world, subject):
    user = subject.user
    spent = Expenditure.objects.aggregate(total=Sum("amount_eur"))["total"]
    registrations = Registration.objects.count()
    for needle in NEEDLES:  # the scan finds her before the deletion
        assert text_columns_holding(needle), needle
    client = signed_in(user)
    page = client.get(reverse("accounts:delete_account"))
    assert page.status_code == 200
    assert "What is kept, without your name" in page.content.decode()
    response = client.post(
        reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session

    for needle in NEEDLES:
        assert text_columns_holding(needle) == [], needle
    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name, user.email) == (
        f"deleted-{user.pk}",
        "",
        "",
        "",
    )
    assert (user.is_active, user.has_usable_password()) == (False, False)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert list(ApiToken.objects.filter(user=user).values_list("revoked_at", flat=True))[0]
    person = Person.objects.get(pk=subject.person.pk)
    assert (str(person), person.email, person.phone, person.user_id) == (
        "Deleted person",
        "",
        "",
        user.pk,
    )
    # Money and attendance keep their rows and their link to the anonymous account.
    assert Expenditure.objects.aggregate(total=Sum("amount_eur"))["total"] == spent
    assert Expenditure.objects.get(pk=subject.expenditure.pk).created_by_id == user.pk
    assert Registration.objects.count() == registrations
    assert Registration.objects.get(pk=subject.registration.pk).b2b_profile == ""
    assert MeetingRequest.objects.filter(sender=subject.registration).count() == 1
    assert not Notification.objects.filter(user=user).exists()
    certificate = Certificate.objects.get(pk=subject.certificate.pk)
    assert (certificate.holder_name, certificate.code) == (
        "Deleted person",
        subject.certificate.code,
    )
    # The audit log keeps every entry about her, under the anonymous name.
    about = AuditEntry.objects.filter(actor=user).order_by("pk")
    assert {e.actor_name for e in about} == {f"deleted-{user.pk}"}
    assert list(about.values_list("action", flat=True))[-4:] == [
        "login",
        "role_revoked",
        "account_deleted",
        "logout",
    ]
    # She can no longer sign in.
    assert not Client().login(username=USERNAME, password=PASSWORD)


def test_a_wrong_password_refuses_and_changes_nothing(world, subject):
    client = signed_in(subject.user)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("accounts:delete_account"), {"password": "not-my-password", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    user = User.objects.get(pk=subject.user.pk)
    assert (user.username, user.email, user.is_active) == (USERNAME, EMAIL, True)
    assert Person.objects.get(pk=subject.person.pk).first_name == "Ilzeberta"
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.count() == before
    assert client.session["_auth_user_id"] == str(user.pk)


def test_deletion_needs_the_confirmation_box(world, subject):
    client = signed_in(subject.user)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.get(pk=subject.user.pk).username == USERNAME


def test_the_command_anonymises_only_with_confirmation(world, subject):
    with pytest.raises(CommandError, match="Run again with --yes"):
        call_command("anonymise_user", USERNAME)
    assert User.objects.get(pk=subject.user.pk).is_active is True
    out = io.StringIO()
    call_command("anonymise_user", USERNAME, "--yes", stdout=out)
    user = User.objects.get(pk=subject.user.pk)
    assert out.getvalue().strip() == (
        f"{USERNAME} is now deleted-{user.pk}: anonymised and deactivated."
    )
    assert (user.username, user.is_active) == (f"deleted-{user.pk}", False)
    entry = AuditEntry.objects.get(action="account_deleted")
    assert (entry.actor_id, entry.actor_name, entry.target_repr) == (
        None,
        "system",
        f"deleted-{user.pk}",
    )
    for needle in NEEDLES:
        assert text_columns_holding(needle) == [], needle
    with pytest.raises(CommandError, match="No user is called nobody"):
        call_command("anonymise_user", "nobody", "--yes")


def test_the_only_platform_administrator_cannot_delete_their_account(world):
    admin = world["admin"]
    assert list(User.objects.filter(is_superuser=True, is_active=True)) == [admin]
    response = signed_in(admin).post(
        reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 400
    message = (
        f"{admin.username} is the only platform administrator; make someone else an "
        "administrator before deleting this account."
    )
    assert message in response.content.decode()
    with pytest.raises(CommandError, match="is the only platform administrator"):
        call_command("anonymise_user", admin.username, "--yes")
    assert User.objects.get(pk=admin.pk).username == admin.username
    assert not AuditEntry.objects.filter(action="account_deleted").exists()

    User.objects.create_superuser("second-admin", "second@example.org", PASSWORD)
    call_command("anonymise_user", admin.username, "--yes", stdout=io.StringIO())
    assert User.objects.get(pk=admin.pk).username == f"deleted-{admin.pk}"


# --- a deleted account gives up what it still takes part in (issue 13, item 4) -----------------


@pytest.fixture
def leaver(world, make_event):  # noqa: F811
    """Leva: confirmed at a full future event, waiting at another, a participant of a past one."""
    user = UserFactory(username="leva", first_name="Leva", last_name="Liepa")
    full = make_event(title="Full workshop", capacity=1)
    own = events_domain.register(event=full, user=user, answers={})
    queue = [events_domain.register(event=full, user=u) for u in UserFactory.create_batch(2)]
    other = make_event(title="Other workshop", capacity=1)
    events_domain.register(event=other, user=UserFactory())
    waiting = events_domain.register(event=other, user=user)
    start = NOW - timedelta(days=10)
    past = make_event(
        title="Past workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        registration_opens=start - timedelta(days=20),
        registration_closes=start - timedelta(days=1),
    )
    attended = events_domain.register(event=past, user=user, now=start - timedelta(days=5))
    return user, own, queue, waiting, attended


def test_a_deleted_account_frees_its_future_places_and_keeps_its_past(
    world, leaver, django_capture_on_commit_callbacks
):
    user, own, queue, waiting, attended = leaver
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(user).post(
            reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302
    statuses = lambda *regs: [Registration.objects.get(pk=r.pk).status for r in regs]  # noqa: E731
    assert statuses(own, *queue) == ["cancelled", "confirmed", "waiting"]
    assert statuses(waiting, attended) == ["cancelled", "confirmed"]
    assert Registration.objects.get(pk=own.pk).cancelled_at is not None
    # The first person waiting gets the place, and is told, as after any cancellation.
    assert [m.to for m in mail.outbox] == [[queue[0].user.email]]
    assert mail.outbox[0].subject == "A place at Full workshop is yours"
    assert Registration.objects.get(pk=attended.pk).user.username == f"deleted-{user.pk}"


@pytest.fixture
def meetings(world, make_event):  # noqa: F811
    """Leva's B2B meetings: a future event (a pending request, a scheduled meeting) and a past one."""

    def b2b_event(title, now):
        start = now + timedelta(days=7)
        event = make_event(
            title=title,
            capacity=10,
            b2b_enabled=True,
            b2b_tables=1,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            registration_opens=now - timedelta(days=1),
            registration_closes=start - timedelta(hours=1),
        )
        slots = events_domain.add_slots(event=event, starts_at=start, count=2)
        return event, slots

    def join(event, slots, user, now):
        reg = events_domain.register(event=event, user=user, now=now)
        events_domain.opt_in(registration=reg, profile="profile", slots=slots)
        return reg

    def meet(a, b, slot, now):
        request = events_domain.send_meeting_request(sender=a, receiver=b, message="Hi", now=now)
        events_domain.answer_meeting_request(request=request, accept=True, now=now)
        return events_domain.lock_meeting(request=request, slot=slot, table=1)

    user = UserFactory(username="leva", first_name="Leva", last_name="Liepa")
    others = UserFactory.create_batch(3)
    future, slots = b2b_event("B2B day", NOW)
    mine, *theirs = [join(future, slots, u, NOW) for u in [user, *others]]
    pending = events_domain.send_meeting_request(
        sender=theirs[1], receiver=mine, message="Hi", now=NOW
    )
    scheduled = meet(mine, theirs[0], slots[0], NOW)
    then = NOW - timedelta(days=30)
    past, past_slots = b2b_event("Past B2B day", then)
    past_mine, past_theirs = [join(past, past_slots, u, then) for u in (user, others[0])]
    past_meeting = meet(past_mine, past_theirs, past_slots[0], then)
    return user, pending, scheduled, past_meeting, theirs, slots


def test_a_deleted_account_withdraws_its_future_meetings_and_frees_their_slots(world, meetings):
    user, pending, scheduled, past_meeting, theirs, slots = meetings
    call_command("anonymise_user", user.username, "--yes", stdout=io.StringIO())
    assert MeetingRequest.objects.get(pk=pending.pk).status == "cancelled"
    assert MeetingRequest.objects.get(pk=scheduled.request_id).status == "cancelled"
    assert Meeting.objects.get(pk=scheduled.pk).status == "cancelled"
    # The slot and table she held now take another pair's meeting.
    request = events_domain.send_meeting_request(
        sender=theirs[0], receiver=theirs[1], message="Shall we?"
    )
    events_domain.answer_meeting_request(request=request, accept=True)
    freed = events_domain.lock_meeting(request=request, slot=slots[0], table=1)
    assert (freed.slot_id, freed.table, freed.status) == (slots[0].pk, 1, "scheduled")
    # The past event's meeting happened: it stays, without her message.
    kept = Meeting.objects.get(pk=past_meeting.pk)
    assert (kept.status, kept.request.status, kept.request.message) == (
        "scheduled",
        "accepted",
        "",
    )


def test_a_refused_deletion_cancels_nothing(world, leaver):
    user, own, queue, waiting, attended = leaver
    user.is_superuser = True
    user.save()
    world["admin"].is_active = False
    world["admin"].save()
    with pytest.raises(CommandError, match="is the only platform administrator"):
        call_command("anonymise_user", user.username, "--yes")
    statuses = [Registration.objects.get(pk=r.pk).status for r in (own, *queue, waiting)]
    assert statuses == ["confirmed", "waiting", "waiting", "waiting"]
