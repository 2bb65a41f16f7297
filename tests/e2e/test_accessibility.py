"""WCAG 2.1 AA: axe-core finds no violation on the pages people use, in all four languages.

The data is the demo (registry and every area), built once for the module; pages are served by a
server of the module's own, because pytest-django's `live_server` empties the database after each
test. One Chromium, one browser context per language (a superuser whose profile language is that
language; the public pages are opened signed out, with the language cookie).
"""

from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.e2e.conftest import RESULTS_DIR

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "lv", "et", "sv")
AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Two of axe's best practices the issue names: landmarks a screen reader can tell apart and
    # headings without skipped levels.
    "rules": {"landmark-unique": {"enabled": True}, "heading-order": {"enabled": True}},
}
# Submits the page's main form with every check of the browser switched off, so that the server's
# error state is what axe sees (the form with the most fields: a page may also hold small forms).
SUBMIT_EMPTY = """() => {
  const forms = [...document.querySelectorAll('main form[method="post"], main form[method="POST"]')];
  forms.sort((a, b) => b.elements.length - a.elements.length);
  const form = forms[0];
  if (!form) throw new Error('no form to submit on ' + location.href + ': ' + document.title);
  form.noValidate = true;
  form.querySelectorAll('input[type=text], input[type=number], input[type=email], input[type=url],'
    + ' input[type=date], input[type=password], textarea').forEach((el) => { el.value = ''; });
  form.requestSubmit();
}"""


def test_axe_is_the_bundled_axe_core_4(db):
    """Also the one test here that asks for the test database: the others read the module's
    demo through their own server, and pytest-django creates the database only for a session
    with at least one test that asks for it (so run this file without -k that drops this)."""
    assert AXE_JS.startswith("/*! axe v4.")


# After a refused submit: the error summary has the focus, and every invalid field names its
# message (and help text) with aria-describedby pointing at elements that exist.
ERRORS_TIED_AND_FOCUSED = """() => {
  const problems = [];
  const summary = document.querySelector('main .form-errors');
  if (summary && document.activeElement !== summary) problems.push('focus is not on the summary');
  document.querySelectorAll('main [aria-invalid=true]').forEach((field) => {
    const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.length || ids.some((id) => !document.getElementById(id))) {
      problems.push(field.name + ': aria-describedby ' + JSON.stringify(ids));
    }
  });
  return problems;
}"""


def _first(model, **filters):
    obj = model._base_manager.filter(**filters).order_by("pk").first()
    assert obj is not None, f"no {model.__name__} {filters} in the demo data"
    return obj


def _open_survey(cluster):
    """The demo's surveys are closed; the one-time link page needs an open one."""
    from clusterhub.services import domain
    from clusterhub.services.models import Question
    from clusterhub.services.models import Survey

    survey = domain.save_survey(survey=Survey(cluster=cluster, title="Needs 2027"))
    domain.save_question(
        question=Question(survey=survey, text="Finance?", kind="rating", category="finance")
    )
    domain.save_question(
        question=Question(
            survey=survey, text="How often?", kind="choice", choices=["Often", "Rarely"]
        )
    )
    domain.save_question(
        question=Question(survey=survey, text="Else?", kind="text", required=False)
    )
    return domain.open_survey(survey=survey)


def build_pages() -> dict[str, tuple[str, bool, bool]]:
    """Page key -> (URL, signed in?, submit the form empty first?), from the demo data."""
    from clusterhub.assessment.models import Assessment
    from clusterhub.events.models import Event
    from clusterhub.grants.models import Project
    from clusterhub.invoicing.models import Invoice
    from clusterhub.mailings.models import Mailing
    from clusterhub.matchmaking.models import Profile
    from clusterhub.matchmaking.models import ValueChain
    from clusterhub.membership.models import MembershipType
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Organisation
    from clusterhub.registry.models import Person
    from clusterhub.services.domain import issue_tokens
    from clusterhub.services.models import Service
    from clusterhub.strategy.models import Strategy
    from clusterhub.training.models import Certificate
    from clusterhub.training.models import TrainingProgramme

    cluster = _first(Cluster, acronym="LITC")
    organisation = _first(Organisation, memberships__cluster=cluster)
    assessment = _first(Assessment, cluster=cluster)
    area = assessment.framework.areas.order_by("position").first()
    service = _first(Service)
    survey = _open_survey(cluster)
    programme = _first(TrainingProgramme)
    strategy = _first(Strategy)
    project = _first(Project)
    profile = _first(Profile)
    event = _first(Event)
    certificate = _first(Certificate)
    invoice = _first(Invoice)
    mailing = _first(Mailing)
    membership_type = _first(MembershipType)
    _record, token = issue_tokens(survey=survey, labels=["Accessibility check"])[0]

    def r(name, *args):
        return reverse(name, args=args)

    signed_in = {
        "dashboards": r("registry:dashboard_index"),
        "cluster-list": r("registry:cluster_list"),
        "cluster-detail": r("registry:cluster_detail", cluster.pk),
        "cluster-dashboard": r("registry:cluster_dashboard", cluster.pk),
        "cluster-members": r("registry:cluster_members", cluster.pk),
        "cluster-form": r("registry:cluster_create"),
        "organisation-list": r("registry:organisation_list"),
        "organisation-detail": r("registry:organisation_detail", organisation.pk),
        "organisation-form": r("registry:organisation_create"),
        "person-list": r("registry:person_list"),
        "person-detail": r("registry:person_detail", _first(Person).pk),
        "person-form": r("registry:person_create"),
        "assessment-list": r("assessment:index"),
        "assessment-detail": r("assessment:detail", assessment.pk),
        "assessment-area": reverse("assessment:area", args=[assessment.pk, area.code]),
        "assessment-form": r("assessment:start"),
        "services-list": r("services:index"),
        "portfolio": r("services:portfolio", cluster.pk),
        "service-detail": r("services:service_detail", service.pk),
        "service-form": r("services:service_create", service.cluster_id),
        "survey-list": r("services:survey_list", survey.cluster_id),
        "survey-detail": r("services:survey_detail", survey.pk),
        "training-list": r("training:index"),
        "programme-detail": r("training:programme_detail", programme.pk),
        "programme-form": r("training:programme_create"),
        "strategy-list": r("strategy:index"),
        "strategy-detail": r("strategy:strategy_detail", strategy.pk),
        "strategy-form": r("strategy:strategy_create"),
        "grants-list": r("grants:index"),
        "project-detail": r("grants:project_detail", project.pk),
        "project-budget": r("grants:budget_edit", project.pk),
        "expenditure-list": r("grants:expenditure_list", project.pk),
        "expenditure-form": r("grants:expenditure_create", project.pk),
        "matchmaking-list": r("matchmaking:index"),
        "profile-detail": r("matchmaking:profile_detail", profile.pk),
        "profile-form": r("matchmaking:profile_create", profile.organisation_id),
        "chains": r("matchmaking:chains"),
        "chain-detail": r("matchmaking:chain_detail", _first(ValueChain).pk),
        "events-list": r("events:index"),
        "event-detail": r("events:detail", event.pk),
        "event-form": r("events:create"),
        "profile": r("accounts:profile"),
        "membership-list": r("membership:index"),
        "membership-cluster": r("membership:cluster", membership_type.cluster_id),
        "membership-types": r("membership:types", membership_type.cluster_id),
        "membership-type-form": r("membership:type_create", membership_type.cluster_id),
        "applications": r("membership:applications", membership_type.cluster_id),
        "invoicing-list": r("invoicing:index"),
        "cluster-invoices": r("invoicing:cluster", invoice.cluster_id),
        "invoice-detail": r("invoicing:invoice", invoice.pk),
        "invoicing-settings-form": r("invoicing:settings", invoice.cluster_id),
        "mailings-list": r("mailings:index"),
        "mailing-detail": r("mailings:mailing_detail", mailing.pk),
        "mailing-form": r("mailings:mailing_create", mailing.cluster_id),
        "jobs": r("jobs:list"),
    }
    pages = {key: (url, True, False) for key, url in signed_in.items()}
    for key in [k for k in signed_in if k.endswith("-form")]:
        pages[f"{key}-errors"] = (signed_in[key], True, True)
    pages |= {
        "login": (r("accounts:login"), False, False),
        "login-errors": (r("accounts:login"), False, True),
        "certificate-lookup": (r("training:certificate_lookup"), False, False),
        "certificate-verify": (r("training:certificate_verify", certificate.code), False, False),
        "public-project": (r("grants:public_project", project.acronym), False, False),
        "survey-link": (r("services:survey_token", token), False, False),
        "membership-apply": (r("membership:apply", membership_type.cluster_id), False, False),
        "membership-apply-errors": (
            r("membership:apply", membership_type.cluster_id),
            False,
            True,
        ),
        "directory": (r("directory:index"), False, False),
        "directory-cluster": (r("directory:cluster", cluster.pk), False, False),
        "not-found": ("/no-such-page/", False, False),
    }
    return pages


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demo in the test database, served; cleaned away (reference data kept) afterwards."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from clusterhub.accounts.models import User
    from clusterhub.registry.demo import load_demo
    from clusterhub.registry.models import NaceCode
    from clusterhub.registry.reference import load_reference_data
    from clusterhub.site.management.commands.demo import load_area_demos

    with django_db_blocker.unblock(), override_settings(MATCHMAKING_EMBEDDER="tfidf"):
        if not NaceCode.objects.exists():
            load_reference_data()
        load_demo()
        load_area_demos()
        for language in LANGUAGES:
            User.objects.create_superuser(
                username=f"a11y-{language}", password="unused-here", language=language
            )
        pages = build_pages()
        server = LiveServer("localhost:0")
        try:
            yield server.url, pages
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            load_reference_data()


@pytest.fixture(autouse=True)
def _database_open(django_db_blocker):
    """The server thread reads the database while a test runs."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def tabs(browser, site, django_db_blocker):
    """Per language: a signed-in tab and a signed-out one."""
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.auth import HASH_SESSION_KEY
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from clusterhub.accounts.models import User

    url, _pages = site
    contexts, found = [], {}
    with django_db_blocker.unblock():
        for language in LANGUAGES:
            user = User.objects.get(username=f"a11y-{language}")
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            for signed_in in (True, False):
                context = browser.new_context(base_url=url, locale="en-GB")
                context.set_default_timeout(15_000)
                cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}]
                if signed_in:
                    cookies.append(
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": session.session_key,
                            "url": url,
                        }
                    )
                context.add_cookies(cookies)
                contexts.append(context)
                found[language, signed_in] = context.new_page()
    yield found
    for context in contexts:
        context.close()


def axe_violations(tab) -> list[dict]:
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.evaluate(AXE_JS)
    result = tab.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return result["violations"]


def describe(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return (
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
        f"{violation['help']} -> {targets}"
    )


PAGE_KEYS = [
    *[f"{k}" for k in ("dashboards", "cluster-list", "cluster-detail", "cluster-dashboard")],
    *("cluster-members", "cluster-form", "cluster-form-errors", "organisation-list"),
    *("organisation-detail", "organisation-form", "organisation-form-errors", "person-list"),
    *("person-detail", "person-form", "person-form-errors", "assessment-list"),
    *("assessment-detail", "assessment-area", "assessment-form", "assessment-form-errors"),
    *("services-list", "portfolio", "service-detail", "service-form", "service-form-errors"),
    *("survey-list", "survey-detail", "training-list", "programme-detail", "programme-form"),
    *("programme-form-errors", "strategy-list", "strategy-detail", "strategy-form"),
    *("strategy-form-errors", "grants-list", "project-detail", "project-budget"),
    *("expenditure-list", "expenditure-form", "expenditure-form-errors", "matchmaking-list"),
    *("profile-detail", "profile-form", "profile-form-errors", "chains", "chain-detail"),
    *("events-list", "event-detail", "event-form", "event-form-errors", "profile"),
    *("login", "login-errors", "certificate-lookup", "certificate-verify", "public-project"),
    *("survey-link", "not-found"),
    *("membership-list", "membership-cluster", "membership-types", "membership-type-form"),
    *("membership-type-form-errors", "applications", "invoicing-list", "cluster-invoices"),
    *("invoice-detail", "invoicing-settings-form", "invoicing-settings-form-errors"),
    *("mailings-list", "mailing-detail", "mailing-form", "mailing-form-errors", "jobs"),
    *("membership-apply", "membership-apply-errors", "directory", "directory-cluster"),
]


def test_the_checked_pages_are_the_built_ones(site):
    assert sorted(site[1]) == sorted(PAGE_KEYS)
    assert len(PAGE_KEYS) >= 40


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_page_has_no_wcag_violations_in_any_language(site, tabs, key):
    url, signed_in, submit_empty = site[1][key]
    problems = []
    for language in LANGUAGES:
        tab = tabs[language, signed_in]
        response = tab.goto(url)
        assert response.status == (404 if key == "not-found" else 200), f"{key} [{language}]"
        if submit_empty:
            with tab.expect_navigation():
                tab.evaluate(SUBMIT_EMPTY)
            assert tab.locator(".errorlist, [role=alert], .error-summary").count() > 0, (
                f"{key} [{language}]: no error shown after an empty submit"
            )
            assert tab.evaluate(ERRORS_TIED_AND_FOCUSED) == [], f"{key} [{language}]"
        assert tab.locator("html").get_attribute("lang") == language
        problems += [f"[{language}] {describe(v)}" for v in axe_violations(tab)]
        if problems and language == "en":
            RESULTS_DIR.mkdir(exist_ok=True)
            tab.screenshot(path=RESULTS_DIR / f"a11y-{key}.png", full_page=True)
    assert not problems, f"{key} ({url}):\n" + "\n".join(problems)


# The outermost elements that reach past the right edge, to say what makes a page too wide.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > 321
    && !(el.parentElement && el.parentElement.getBoundingClientRect().right > 321))
  .slice(0, 5)
  .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().replace(/ +/g, '.') : '')
    + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


def test_axe_finds_what_it_should(tabs):
    """A page with an unnamed image and an unlabelled field: axe must report both."""
    tab = tabs["en", False]
    tab.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>'
    )
    found = {v["id"] for v in axe_violations(tab)}
    assert {"image-alt", "label"} <= found, found
    tab.set_content(
        '<html lang="en"><title>t</title><nav aria-label="A"></nav><nav aria-label="A"></nav>'
        "<main><h1>One</h1><h3>Three</h3></main></html>"
    )
    found = {v["id"] for v in axe_violations(tab)}
    assert {"landmark-unique", "heading-order"} <= found, found


@pytest.mark.parametrize("key", ["project-budget", "cluster-dashboard", "assessment-area"])
def test_no_horizontal_page_scroll_at_320_px(site, tabs, key):
    tab = tabs["en", True]
    tab.set_viewport_size({"width": 320, "height": 800})
    try:
        tab.goto(site[1][key][0])
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        wide = tab.evaluate(WIDE_ELEMENTS)
    finally:
        tab.set_viewport_size({"width": 1280, "height": 720})
    assert width <= 320, f"{key} scrolls sideways at 320 px: {width} px wide; too wide: {wide}"
