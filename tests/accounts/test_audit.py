"""The audit log: what gets recorded, by whom and from where, and who may read it."""

import csv
import io
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clusterhub.accounts import audit
from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import RoleAssignment
from clusterhub.assessment import domain as assessment_domain
from clusterhub.grants import domain as grants_domain
from clusterhub.grants.models import Expenditure
from tests.assessment.conftest import draft  # noqa: F401 (fixtures)
from tests.assessment.conftest import framework  # noqa: F401 (fixtures)
from tests.assessment.conftest import submitted  # noqa: F401 (fixtures)
from tests.conftest import PASSWORD
from tests.events.conftest import make_event  # noqa: F401 (fixture)
from tests.grants.conftest import grant  # noqa: F401 (fixture)
from tests.strategy.conftest import make_strategy

V1 = "/api/v1"
AUDIT = reverse("accounts:audit_log")


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- sign-in, sign-out, password ---------------------------------------------------------------


def test_sign_in_sign_out_and_failed_sign_in_are_recorded_with_the_address(world):
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post(reverse("accounts:login"), {"username": "manager_a", "password": "not-it"})
    client.post(reverse("accounts:login"), {"username": "manager_a", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    failed, login, logout = entries("login_failed"), entries("login"), entries("logout")
    assert [(e.actor_id, e.actor_name, e.ip, e.details) for e in failed] == [
        (None, "manager_a", "198.51.100.7", {})
    ]
    assert [(e.actor_id, e.actor_name, e.ip) for e in login] == [
        (world["manager_a"].pk, "manager_a", "198.51.100.7")
    ]
    assert [(e.actor_id, e.ip) for e in logout] == [(world["manager_a"].pk, "198.51.100.7")]
    # The password tried is nowhere in the log.
    assert "not-it" not in str(list(AuditEntry.objects.values()))


def test_the_client_address_header_setting_is_honoured(world, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 192.0.2.44")
    client.post(reverse("accounts:login"), {"username": "outsider", "password": PASSWORD})
    assert [e.ip for e in entries("login")] == ["192.0.2.44"]


def test_a_password_change_is_recorded(world, client_for):
    client = client_for(world["outsider"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-42",
            "new_password2": "another-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    [entry] = entries("password_changed")
    assert (entry.actor_name, entry.target_type, entry.target_id) == (
        "outsider",
        "accounts.user",
        str(world["outsider"].pk),
    )


# --- roles and tokens --------------------------------------------------------------------------


def test_role_grant_and_revoke_name_the_acting_manager_and_the_cluster(world, client_for):
    client = client_for(world["manager_a"])
    url = reverse("registry:cluster_roles", args=[world.cluster_a.pk])
    client.post(url, {"action": "grant", "username": "outsider", "role": "expert"})
    assignment = RoleAssignment.objects.get(user=world["outsider"], cluster=world.cluster_a)
    client.post(url, {"action": "revoke", "assignment": assignment.pk})
    got = [
        (e.action, e.actor_name, e.target_repr, e.cluster_id, e.details)
        for e in AuditEntry.objects.filter(
            action__startswith="role_", target_id=str(world["outsider"].pk)
        ).order_by("pk")
    ]
    assert got == [
        ("role_granted", "manager_a", "outsider", world.cluster_a.pk, {"role": "expert"}),
        ("role_revoked", "manager_a", "outsider", world.cluster_a.pk, {"role": "expert"}),
    ]


def test_granting_a_role_twice_records_it_once(world):
    before = AuditEntry.objects.filter(action="role_granted").count()
    grant_role(user=world["outsider"], role="observer", cluster=world.cluster_b)
    grant_role(user=world["outsider"], role="observer", cluster=world.cluster_b)
    assert AuditEntry.objects.filter(action="role_granted").count() == before + 1


def test_outside_a_request_the_actor_is_the_system(world):
    grant_role(user=world["outsider"], role="observer", cluster=world.cluster_b)
    entry = AuditEntry.objects.filter(action="role_granted").latest("pk")
    assert (entry.actor_id, entry.actor_name, entry.ip) == (None, "system", None)


def test_a_rolled_back_action_leaves_no_entry(world):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        grant_role(user=world["outsider"], role="observer", cluster=world.cluster_b)
        raise RuntimeError("the surrounding work failed")
    assert AuditEntry.objects.count() == before
    assert not RoleAssignment.objects.filter(user=world["outsider"]).exists()


def test_token_made_over_the_api_with_a_bearer_token_names_its_owner(world):
    """API tokens set request.user after the middleware ran: the actor is read lazily."""
    _, token = create_token(user=world["outsider"], name="first")
    response = Client(REMOTE_ADDR="192.0.2.9").post(
        V1 + "/tokens",
        {"name": "second"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    created = entries("token_created")
    assert [(e.actor_name, e.ip, e.details["token"]) for e in created] == [
        ("system", None, "first"),
        ("outsider", "192.0.2.9", "second"),
    ]
    revoke = Client().delete(
        f"{V1}/tokens/{response.json()['id']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert revoke.status_code == 204
    assert [(e.actor_name, e.details) for e in entries("token_revoked")] == [
        ("outsider", {"token": "second"})
    ]


def test_revoking_all_tokens_from_the_command_is_recorded(world):
    create_token(user=world["outsider"], name="a")
    create_token(user=world["outsider"], name="b")
    call_command("token", "revoke", "outsider", stdout=io.StringIO())
    assert [(e.actor_name, e.details) for e in entries("token_revoked")] == [
        ("system", {"count": 2, "tokens": ["a", "b"]})
    ]


# --- assessment, labels, money, exports --------------------------------------------------------


def test_expert_approval_and_label_award_are_recorded(world, submitted):  # noqa: F811
    review = assessment_domain.assign_expert(assessment=submitted, expert=world["expert_a"])
    assessment_domain.save_findings(
        review=review, strengths="s", weaknesses="w", recommendations="Adopt the strategy."
    )
    assessment_domain.approve_review(review=review)
    award = assessment_domain.award_label(
        assessment=submitted, level="bronze", awarded_on=date(2026, 1, 5), check=False
    )
    [approved] = entries("assessment_approved")
    assert (approved.target_type, approved.target_id, approved.cluster_id, approved.details) == (
        "assessment.assessment",
        str(submitted.pk),
        world.cluster_a.pk,
        {"review": review.pk, "assessment_status": "approved"},
    )
    [awarded] = entries("label_awarded")
    assert (awarded.target_type, awarded.target_id, awarded.cluster_id, awarded.details) == (
        "assessment.labelaward",
        str(award.pk),
        world.cluster_a.pk,
        {"level": "bronze", "valid_until": award.valid_until.isoformat()},
    )


def test_expenditures_are_recorded_with_exact_amounts(grant):  # noqa: F811
    expenditure = Expenditure(
        partner=grant.other,
        date=date(2016, 5, 1),
        category="travel",
        amount=Decimal("105.50"),
        currency="SEK",
        exchange_rate=Decimal("10.5"),
        description="train to Tallinn",
    )
    grants_domain.save_expenditure(expenditure=expenditure)
    expenditure.amount = Decimal("210.00")
    grants_domain.save_expenditure(expenditure=expenditure)
    grants_domain.delete_expenditure(expenditure=Expenditure.objects.get(pk=expenditure.pk))
    got = [
        (e.action, e.details["amount"], e.details["currency"], e.details["amount_eur"])
        for e in AuditEntry.objects.filter(action__startswith="expenditure_").order_by("pk")
    ]
    assert got == [
        ("expenditure_created", "105.50", "SEK", "10.05"),
        ("expenditure_changed", "210.00", "SEK", "20.00"),
        ("expenditure_deleted", "210.00", "SEK", "20.00"),
    ]
    # The grant fixture set both partners' budgets.
    shares, budget = entries("budget_changed")
    assert (budget.target_type, budget.target_id) == ("grants.project", str(grant.project.pk))
    assert shares.details == {
        "budget_shares": {str(grant.lead): "60000.00", str(grant.other): "40000.00"}
    }
    assert budget.details == {
        "direct_costs": {
            str(grant.lead): str(sum(grant.lead.budget_lines.values_list("amount", flat=True))),
            str(grant.other): str(sum(grant.other.budget_lines.values_list("amount", flat=True))),
        }
    }


def test_attendee_export_is_recorded_as_a_personal_data_export(world, client_for, make_event):  # noqa: F811
    event = make_event()
    client = client_for(world["manager_a"])
    response = client.get(reverse("events:attendees_xlsx", args=[event.pk]))
    assert response.status_code == 200
    [entry] = entries("personal_data_exported")
    assert (entry.actor_name, entry.target_type, entry.cluster_id, entry.details) == (
        "manager_a",
        "events.event",
        world.cluster_a.pk,
        {"export": "attendees.xlsx"},
    )
    # A refused download records nothing.
    client_for(world["outsider"]).get(reverse("events:attendees_xlsx", args=[event.pk]))
    assert len(entries("personal_data_exported")) == 1


def test_decision_log_and_strategy_documents_are_recorded_but_not_the_service_portfolio(
    world, client_for
):
    strategy = make_strategy(cluster=world.cluster_a, title="Strategy of A")
    client = client_for(world["manager_a"])
    a = world.cluster_a.pk
    for url in (
        reverse("services:cluster_export", args=[a, "portfolio", "csv"]),
        reverse("services:cluster_export", args=[a, "decisions", "csv"]),
        reverse("strategy:strategy_markdown", args=[strategy.pk]),
        f"{V1}/strategy/strategies/{strategy.pk}/markdown",
    ):
        assert client.get(url).status_code == 200, url
    assert [
        (e.actor_name, e.target_type, e.cluster_id, e.details)
        for e in entries("personal_data_exported")
    ] == [
        ("manager_a", "", a, {"export": "decision-log.csv"}),
        ("manager_a", "strategy.strategy", a, {"export": "strategy.md"}),
        ("manager_a", "strategy.strategy", a, {"export": "strategy.md"}),
    ]


# --- the audit log page, its CSV and the API ---------------------------------------------------


@pytest.fixture
def logged(world):
    """Three entries at known times: two logins (A, B) and a role grant in cluster A."""
    now = timezone.now()
    made = [
        audit.record("login", actor=world["manager_a"]),
        audit.record("login", actor=world["manager_b"]),
        audit.record("role_granted", target=world["outsider"], cluster=world.cluster_a, role="x"),
    ]
    for entry, days_ago in zip(made, (10, 5, 1), strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(at=now - timedelta(days=days_ago))
    # Only these three: the world's own role grants are not part of the picture.
    AuditEntry.objects.exclude(pk__in=[e.pk for e in made]).delete()
    return made


@pytest.mark.parametrize("name", ["manager_a", "coordinator", "outsider"])
def test_only_platform_admins_see_the_audit_log(world, client_for, logged, name):
    client = client_for(world[name])
    assert client.get(AUDIT).status_code == 403
    assert client.get(reverse("accounts:audit_log_export")).status_code == 403
    assert client.get(V1 + "/audit-log").status_code == 403
    assert (
        reverse("accounts:audit_log")
        not in client.get(reverse("accounts:profile")).content.decode()
    )


def test_signed_out_visitors_are_sent_to_sign_in(world):
    response = Client().get(AUDIT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert Client().get(V1 + "/audit-log").status_code == 401


def test_admin_reads_the_log_newest_first_and_filters_it(world, client_for, logged):
    client = client_for(world["admin"])
    AuditEntry.objects.filter(action="login", actor=world["admin"]).delete()
    body = client.get(AUDIT).content.decode()
    assert 'href="/accounts/audit/" aria-current="page">Audit log</a>' in body  # navigation
    rows = body.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert ["Role granted" in rows[0], "Signed in" in rows[1], "Signed in" in rows[2]] == [
        True,
        True,
        True,
    ]

    def listed(query: str) -> list[str]:
        page = client.get(AUDIT + "?" + query).content.decode()
        if "<tbody>" not in page:
            return []
        tbody = page.split("<tbody>")[1].split("</tbody>")[0]
        return [row.split("<td>")[2].split("</td>")[0] for row in tbody.split("<tr>")[1:]]

    assert listed("") == ["system", "manager_b", "manager_a"]
    assert listed("action=login") == ["manager_b", "manager_a"]
    assert listed("actor=B") == ["manager_b"]
    assert listed(f"cluster={world.cluster_a.pk}") == ["system"]
    six_days_ago = (timezone.localdate() - timedelta(days=6)).isoformat()
    assert listed(f"date_from={six_days_ago}") == ["system", "manager_b"]
    assert listed(f"date_to={six_days_ago}") == ["manager_a"]
    bad = client.get(AUDIT + "?action=nonsense")
    assert bad.status_code == 200
    assert "These filters are not valid:" in bad.content.decode()
    assert "action:" in bad.content.decode()


def test_admin_downloads_the_filtered_log_as_csv(world, client_for, logged):
    client = client_for(world["admin"])
    AuditEntry.objects.filter(action="login", actor=world["admin"]).delete()
    response = client.get(reverse("accounts:audit_log_export") + "?action=login")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "When",
        "Who",
        "Action",
        "Target type",
        "Target id",
        "Target",
        "Cluster",
        "IP address",
        "Details",
    ]
    assert [r[1:3] for r in rows[1:]] == [["manager_b", "login"], ["manager_a", "login"]]
    # Downloading the log is itself an export of personal data.
    entry = AuditEntry.objects.filter(action="personal_data_exported").get()
    assert (entry.actor_name, entry.details) == ("admin", {"export": "audit-log.csv", "rows": 2})
    bad = client.get(reverse("accounts:audit_log_export") + "?date_from=yesterday")
    assert bad.status_code == 400
    assert bad.content.decode().startswith("date_from:")


def test_admin_reads_the_log_over_the_api(world, client_for, logged):
    client = client_for(world["admin"])
    AuditEntry.objects.filter(action="login", actor=world["admin"]).delete()
    response = client.get(V1 + "/audit-log?page_size=2")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert [item["action"] for item in data["items"]] == ["role_granted", "login"]
    assert data["items"][0] == {
        "id": logged[2].pk,
        "at": data["items"][0]["at"],
        "actor_id": None,
        "actor_name": "system",
        "action": "role_granted",
        "target_type": "accounts.user",
        "target_id": str(world["outsider"].pk),
        "target_repr": "outsider",
        "cluster_id": world.cluster_a.pk,
        "ip": None,
        "details": {"role": "x"},
    }
    filtered = client.get(V1 + "/audit-log?actor=manager&action=login").json()
    assert [i["actor_name"] for i in filtered["items"]] == ["manager_b", "manager_a"]
    bad = client.get(V1 + "/audit-log?action=nonsense")
    assert bad.status_code == 422
    assert "action" in str(bad.json())
    too_late = client.get(V1 + "/audit-log?date_to=9999-12-31")
    assert too_late.status_code == 422
    assert "date_to" in str(too_late.json())
    assert (
        client.get(V1 + "/audit-log?date_from=1970-01-01&date_to=9999-12-30").json()["count"] == 3
    )
    reversed_dates = client.get(V1 + "/audit-log?date_from=2026-02-01&date_to=2026-01-01")
    assert reversed_dates.status_code == 422
    assert "date_from must not be after date_to" in str(reversed_dates.json())


def test_the_log_is_read_only_in_the_django_admin(world):
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = world["admin"]
    entry = audit.record("login", actor=world["admin"])
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, entry) is False
    assert model_admin.has_delete_permission(request, entry) is False


@pytest.mark.parametrize("rows", [1, 3])
def test_the_log_costs_the_same_queries_for_one_row_or_many(
    world, client_for, django_assert_num_queries, rows
):
    client = client_for(world["admin"])
    AuditEntry.objects.all().delete()
    for _ in range(rows):
        audit.record("role_granted", target=world["outsider"], cluster=world.cluster_a)
    # session, user, count and page (roles are read from the user's flags for an admin)
    with django_assert_num_queries(4):
        assert len(client.get(V1 + "/audit-log").json()["items"]) == rows
    with django_assert_num_queries(5):
        page = client.get(AUDIT).content.decode()
    assert page.count("CLA</td>") == rows
