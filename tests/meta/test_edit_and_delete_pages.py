"""Every edit page protects against lost updates; every delete page asks before deleting.

The lists of pages come from the URL registry: each page URL named `..._edit` (or `edit`) and
`..._delete`. A new one fails here until it is added to TARGETS with the record it works on, and
then until it behaves: an edit form carries the record's fingerprint and refuses (409, nothing
written) a submission whose record changed after it was opened; a delete URL answers GET with a
question (200) or a refusal (409) and deletes nothing until POST.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone

from clusterhub.common.concurrency import FIELD_NAME
from clusterhub.common.concurrency import fingerprint
from clusterhub.events.models import Event
from clusterhub.events.models import Session as EventSession
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import Project
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.models import ValueChainStage
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import ActionLink
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session as TrainingSession
from clusterhub.training.models import TrainingProgramme
from tests.conftest import kept_for_the_module
from tests.factories import UserFactory

# Admin and the API have their own rules; these are the pages people edit and delete on.
SKIPPED_NAMESPACES = ("admin", "api")


def _page_urls(resolver=None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _page_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def page_url_names(suffix: str) -> list[str]:
    names = set()
    for name in _page_urls():
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        last = name.rsplit(":", 1)[-1]
        if last == suffix or last.endswith(f"_{suffix}"):
            names.add(name)
    return sorted(names)


def first(model: type[models.Model]) -> models.Model:
    obj = model._base_manager.order_by("pk").first()
    assert obj is not None, f"no {model.__name__} in the test data"
    return obj


def _plan(model):
    item = first(model)
    project = item.project if hasattr(item, "project") else item.work_package.project
    return {"pk": project.pk, "item": item.pk}, item


def _draft_mailing():
    from clusterhub.mailings.domain import save_mailing
    from clusterhub.mailings.models import Mailing

    mailing = Mailing.objects.filter(status="draft").order_by("pk").first() or save_mailing(
        cluster=first(Cluster), title="Draft", versions={"en": {"subject": "Hi", "body_html": "Hi"}}
    )
    return {"pk": mailing.pk}, mailing


def _membership_target(model):
    return {"pk": first(model).pk}, first(model)


# URL name -> (its URL kwargs, the record it edits or deletes), built from the demo data.
TARGETS = {
    "mailings:mailing_edit": _draft_mailing,
    "mailings:mailing_delete": _draft_mailing,
    "registry:cluster_edit": lambda: ({"pk": first(Cluster).pk}, first(Cluster)),
    "registry:organisation_edit": lambda: ({"pk": first(Organisation).pk}, first(Organisation)),
    "registry:membership_edit": lambda: ({"pk": first(Membership).pk}, first(Membership)),
    "registry:person_edit": lambda: ({"pk": first(Person).pk}, first(Person)),
    "services:service_edit": lambda: ({"pk": first(Service).pk}, first(Service)),
    "training:programme_edit": lambda: (
        {"pk": first(TrainingProgramme).pk},
        first(TrainingProgramme),
    ),
    "training:module_edit": lambda: ({"pk": first(Module).pk}, first(Module)),
    "training:session_edit": lambda: ({"pk": first(TrainingSession).pk}, first(TrainingSession)),
    "strategy:strategy_edit": lambda: ({"pk": first(Strategy).pk}, first(Strategy)),
    "strategy:objective_edit": lambda: ({"pk": first(Objective).pk}, first(Objective)),
    "strategy:action_edit": lambda: ({"pk": first(Action).pk}, first(Action)),
    "strategy:kpi_edit": lambda: ({"pk": first(Kpi).pk}, first(Kpi)),
    "grants:project_edit": lambda: ({"pk": first(Project).pk}, first(Project)),
    "grants:consortium_edit": lambda: ({"pk": first(Project).pk}, first(Project)),
    "grants:budget_edit": lambda: ({"pk": first(Project).pk}, first(BudgetLine)),
    "grants:workpackage_edit": lambda: _plan(WorkPackage),
    "grants:task_edit": lambda: _plan(Task),
    "grants:deliverable_edit": lambda: _plan(Deliverable),
    "grants:milestone_edit": lambda: _plan(Milestone),
    "matchmaking:profile_edit": lambda: ({"pk": first(Profile).pk}, first(Profile)),
    "matchmaking:collaboration_edit": lambda: (
        {"pk": first(Collaboration).pk},
        first(Collaboration),
    ),
    "matchmaking:chain_edit": lambda: ({"pk": first(ValueChain).pk}, first(ValueChain)),
    "events:edit": lambda: ({"pk": first(Event).pk}, first(Event)),
    "events:session_edit": lambda: (
        {"pk": first(EventSession).event_id, "session_pk": first(EventSession).pk},
        first(EventSession),
    ),
    "membership:type_edit": lambda: _membership_target(MembershipType),
    "membership:rule_edit": lambda: _membership_target(FeeRule),
    "membership:terms_edit": lambda: ({"pk": first(MemberTerms).membership_id}, first(MemberTerms)),
    "membership:type_delete": lambda: _membership_target(MembershipType),
    "membership:rule_delete": lambda: _membership_target(FeeRule),
    "registry:cluster_delete": lambda: ({"pk": first(Cluster).pk}, first(Cluster)),
    "registry:organisation_delete": lambda: ({"pk": first(Organisation).pk}, first(Organisation)),
    "registry:membership_delete": lambda: ({"pk": first(Membership).pk}, first(Membership)),
    "registry:person_delete": lambda: ({"pk": first(Person).pk}, first(Person)),
    "services:service_delete": lambda: ({"pk": first(Service).pk}, first(Service)),
    "services:question_delete": lambda: ({"pk": first(Question).pk}, first(Question)),
    "training:programme_delete": lambda: (
        {"pk": first(TrainingProgramme).pk},
        first(TrainingProgramme),
    ),
    "training:material_delete": lambda: ({"pk": first(Material).pk}, first(Material)),
    "strategy:strategy_delete": lambda: ({"pk": first(Strategy).pk}, first(Strategy)),
    "strategy:objective_delete": lambda: ({"pk": first(Objective).pk}, first(Objective)),
    "strategy:action_delete": lambda: ({"pk": first(Action).pk}, first(Action)),
    "strategy:action_link_delete": lambda: (
        {"pk": first(ActionLink).action_id, "link_pk": first(ActionLink).pk},
        first(ActionLink),
    ),
    "strategy:kpi_delete": lambda: ({"pk": first(Kpi).pk}, first(Kpi)),
    "strategy:measurement_delete": lambda: ({"pk": first(Measurement).pk}, first(Measurement)),
    "grants:expenditure_delete": lambda: ({"pk": first(Expenditure).pk}, first(Expenditure)),
    "grants:workpackage_delete": lambda: _plan(WorkPackage),
    "grants:task_delete": lambda: _plan(Task),
    "grants:deliverable_delete": lambda: _plan(Deliverable),
    "grants:milestone_delete": lambda: _plan(Milestone),
}

EDIT_PAGES = page_url_names("edit")
DELETE_PAGES = page_url_names("delete")


@pytest.fixture(scope="module")
def _everything(django_db_setup, django_db_blocker):
    """Built once per module in a transaction rolled back at its end (each test's own changes
    roll back to it); the demos take most of a minute on a busy machine."""
    with kept_for_the_module(django_db_blocker):
        yield _build_everything()


@pytest.fixture
def everything(db, _everything):
    """The platform admin, in a database holding one of every record the pages edit."""
    return _everything


def _build_everything():
    """One of every record the pages and the API edit: the area demos, plus what they leave out.

    (The matchmaking demo embeds texts, which is slow: its three records are made here; the
    mailings demo sends, so one draft mailing is made here too.)
    """
    import_module("clusterhub.registry.demo.load").load_demo()
    for area in ("services", "training", "strategy", "grants", "events", "membership"):
        import_module(f"clusterhub.{area}.demo").load_demo()
    membership = first(Membership)
    Profile.objects.create(
        organisation_id=membership.organisation_id,
        cluster_id=membership.cluster_id,
        kind="business_offer",
        title="Offer of test capacity",
        description="A partnering offer long enough to be valid.",
    )
    Collaboration.objects.create(title="A joint pilot")
    chain = ValueChain.objects.create(cluster_id=membership.cluster_id, name="Test chain")
    stage = ValueChainStage.objects.create(chain=chain, position=1, name="Design")
    stage.nace_codes.add(NaceCode.objects.get(code="62.10"))
    Material.objects.create(
        session=first(TrainingSession), title="Slides", url="https://example.org/slides"
    )
    _draft_mailing()
    admin = UserFactory(username="meta-admin", is_superuser=True, is_staff=True)
    return admin


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """The fields of the page's post forms, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._select_value: list[str] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = []
        if self._fields is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, []
            self._select_multiple = "multiple" in a
            self._first_option = None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._select_value.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            values = self._select_value
            if not values and not self._select_multiple and self._first_option is not None:
                values = [self._first_option]
            self._fields.extend((self._select, v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline right after <textarea>.
            self._fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def form_data(html: str) -> dict[str, list[str]]:
    """The post form that carries the fingerprint, as submit data."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == FIELD_NAME for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError("no post form with the fingerprint field")


def change_behind_the_form(record: models.Model) -> None:
    """Another person's save, straight to the database: a later `updated_at`, or a text field."""
    model = type(record)
    names = {f.name for f in model._meta.concrete_fields}
    if "updated_at" in names:
        later = timezone.now() + timedelta(days=1)
        model._base_manager.filter(pk=record.pk).update(updated_at=later)
        return
    rows = model._base_manager.filter(pk=record.pk)
    for field in model._meta.concrete_fields:
        if field.unique or field.choices or field.primary_key or field.is_relation:
            continue
        value = getattr(record, field.attname)
        if isinstance(field, models.CharField | models.TextField):
            limit = field.max_length or 10_000
            rows.update(**{field.attname: (value or "")[: limit - 1] + "~"})
            return
        if isinstance(field, models.DecimalField | models.IntegerField) and value is not None:
            rows.update(**{field.attname: value + 1})
            return
    raise AssertionError(f"no field to change on {model.__name__}")


def confirming_forms(html: str) -> int:
    """The post forms of the page other than the header's sign-out button and language switcher."""
    forms = re.findall(r"<form\b[^>]*>", html)
    header = ("/accounts/logout/", "/i18n/setlang/")
    return sum(1 for f in forms if 'method="post"' in f and not any(h in f for h in header))


def test_every_edit_and_delete_page_is_listed_here():
    assert EDIT_PAGES, "the URL registry lists no edit pages"
    assert DELETE_PAGES, "the URL registry lists no delete pages"
    missing = [name for name in EDIT_PAGES + DELETE_PAGES if name not in TARGETS]
    assert missing == [], f"add these pages to TARGETS: {missing}"
    gone = [name for name in TARGETS if name not in EDIT_PAGES + DELETE_PAGES]
    assert gone == [], f"these TARGETS are no longer URL names: {gone}"


def test_every_edit_form_refuses_a_record_changed_after_it_was_opened(everything):
    problems = []
    for name in EDIT_PAGES:
        kwargs, record = TARGETS[name]()
        url = reverse(name, kwargs=kwargs)
        client = signed_in(everything)
        opened = client.get(url)
        if opened.status_code != 200:
            problems.append(f"{name}: GET answered {opened.status_code}")
            continue
        page = opened.content.decode()
        if f'name="{FIELD_NAME}"' not in page:
            problems.append(f"{name}: the form has no {FIELD_NAME} field")
            continue
        data = form_data(page)
        if not data[FIELD_NAME][0]:
            problems.append(f"{name}: the fingerprint is empty")
            continue
        change_behind_the_form(record)
        after_change = fingerprint(record)
        response = client.post(url, data)
        body = response.content.decode()
        if response.status_code != 409 or "Someone else changed this record" not in body:
            problems.append(f"{name}: a stale save answered {response.status_code}")
        elif fingerprint(record) != after_change:
            problems.append(f"{name}: a stale save still wrote")
    assert problems == []


def test_every_delete_page_asks_on_get_and_deletes_on_post(everything):
    problems = []
    for name in DELETE_PAGES:
        kwargs, record = TARGETS[name]()
        url = reverse(name, kwargs=kwargs)
        model = type(record)
        client = signed_in(everything)
        asked = client.get(url)
        still_there = model._base_manager.filter(pk=record.pk).exists()
        if asked.status_code not in (200, 409) or not still_there:
            problems.append(f"{name}: GET answered {asked.status_code}, kept={still_there}")
            continue
        body = asked.content.decode()
        if asked.status_code == 200 and confirming_forms(body) != 1:
            problems.append(f"{name}: the question has no form to confirm")
            continue
        if asked.status_code == 409:
            continue
        confirmed = client.post(url)
        if confirmed.status_code != 302 or model._base_manager.filter(pk=record.pk).exists():
            problems.append(f"{name}: POST answered {confirmed.status_code} and did not delete")
    assert problems == []


def test_the_question_says_up_front_why_a_delete_would_be_refused(world):
    client = signed_in(world["admin"])
    response = client.get(reverse("registry:organisation_delete", args=[world.member_a.pk]))
    body = response.content.decode()
    assert response.status_code == 409
    assert "still has 1 membership; end and remove it first." in body
    assert confirming_forms(body) == 0
    # The trial run was rolled back: the organisation and its membership are still there.
    assert Organisation.objects.filter(pk=world.member_a.pk).exists()
    assert Membership.objects.filter(organisation=world.member_a).count() == 1


def test_the_question_lists_what_the_database_deletes_with_the_record(world):
    from clusterhub.common.pages import deletion_preview

    membership = Membership.objects.get(organisation=world.member_a)
    assert deletion_preview(membership) == ([], "")
    dependents, refusal = deletion_preview(world.cluster_a)
    assert refusal == ""
    assert dict(dependents)["memberships"] == 1


def test_every_edit_form_saves_when_submitted_unchanged(everything):
    """The form shows each stored value so that it reads back as the same value: opening an
    edit page and saving it without a change works (and keeps the record as it was)."""
    problems = []
    for name in EDIT_PAGES:
        kwargs, _record = TARGETS[name]()
        url = reverse(name, kwargs=kwargs)
        client = signed_in(everything)
        response = client.post(url, form_data(client.get(url).content.decode()))
        if response.status_code != 302:
            form = response.context.get("form") if response.context else None
            errors = dict(form.errors) if form is not None else {}
            problems.append(f"{name}: {response.status_code} {errors}")
    assert problems == []
