"""Web hardening: security headers, production settings, no inline scripts, escaped user text."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

import clusterhub
from clusterhub.common.security import CONTENT_SECURITY_POLICY
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory

SRC = Path(clusterhub.__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def _production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERHUB_")}
    env.update(
        CLUSTERHUB_PRODUCTION="1",
        CLUSTERHUB_SECRET_KEY=secrets.token_urlsafe(60),
        CLUSTERHUB_ALLOWED_HOSTS="clusterhub.example",
        DJANGO_SETTINGS_MODULE="clusterhub.settings",
    )
    return env


# --- templates --------------------------------------------------------------------------------


def _templates() -> list[Path]:
    return sorted(SRC.glob("*/templates/**/*.html"))


def test_templates_have_no_inline_scripts_or_event_handlers():
    templates = _templates()
    assert len(templates) > 20  # the scan really found the project's templates
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I):
            attributes, body = match.groups()
            # A JSON data block never runs; anything else inline would need 'unsafe-inline'.
            if body.strip() and "application/json" not in attributes:
                offenders.append(f"{path.relative_to(SRC)}: inline <script>")
        for match in re.finditer(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.I):
            offenders.append(f"{path.relative_to(SRC)}: handler {match.group(0)[-20:]!r}")
    assert offenders == []


# --- headers ----------------------------------------------------------------------------------


def test_csp_forbids_inline_scripts_and_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:profile",
        "registry:dashboard_index",
        "registry:cluster_list",
        "registry:organisation_list",
    ],
)
def test_pages_carry_the_security_headers(world, client_for, url_name):
    response = client_for(world["admin"]).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    # Development serves plain HTTP: no HSTS.
    assert "Strict-Transport-Security" not in response


def test_anonymous_login_page_and_api_carry_the_csp(db, client):
    assert client.get(reverse("accounts:login"))["Content-Security-Policy"] == (
        CONTENT_SECURITY_POLICY
    )
    api = client.get("/api/openapi.json")
    assert api["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_only_over_https(db, client):
    secure = client.get(reverse("accounts:login"), secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = client.get(reverse("accounts:login"))
    assert "Strict-Transport-Security" not in plain


# --- production settings ------------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = _production_env()
    env["CLUSTERHUB_VAR_DIR"] = str(tmp_path)
    # What common/checks.py wants of a production install: PostgreSQL (not contacted without
    # --database), a shared cache (not contacted by the check) and collected static files.
    env["CLUSTERHUB_DATABASE_URL"] = "postgres://clusterhub@127.0.0.1:5432/clusterhub"
    env["CLUSTERHUB_CACHE_URL"] = "redis://127.0.0.1:6379/1"
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")
    result = subprocess.run(  # noqa: S603 - fixed command, our own executable
        [str(VENV_BIN / "clusterhub"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_secure_and_http_only(tmp_path):
    env = _production_env()
    env["CLUSTERHUB_VAR_DIR"] = str(tmp_path)
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "PASSWORD_HASHERS",
    ]
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_set_on_sign_in_carry_the_flags(world, client):
    from tests.conftest import PASSWORD

    page = client.get(reverse("accounts:login"), secure=True)
    assert page.cookies["csrftoken"]["secure"] is True
    response = client.post(
        reverse("accounts:login"),
        {"username": "manager_a", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


# --- escaping -----------------------------------------------------------------------------------


def test_script_payloads_in_user_text_are_escaped_everywhere(world, client_for):
    cluster = ClusterFactory(
        name=SCRIPT,
        acronym=IMG,
        city=SCRIPT,
        address=IMG,
        description=SCRIPT + IMG,
        internal_notes=IMG,
    )
    organisation = OrganisationFactory(name=IMG, city=SCRIPT, address=IMG, description=SCRIPT + IMG)
    membership = MembershipFactory(cluster=cluster, organisation=organisation, internal_notes=IMG)
    person = PersonFactory(
        organisation=organisation,
        first_name=SCRIPT,
        last_name=IMG,
        job_title=SCRIPT,
        phone=IMG[:40],
        notes=SCRIPT + IMG,
    )
    client = client_for(world["admin"])
    urls = [
        reverse("registry:cluster_list"),
        reverse("registry:cluster_detail", args=[cluster.pk]),
        reverse("registry:cluster_dashboard", args=[cluster.pk]),
        reverse("registry:dashboard_index"),
        reverse("registry:cluster_members", args=[cluster.pk]),
        reverse("registry:organisation_list"),
        reverse("registry:organisation_detail", args=[organisation.pk]),
        reverse("registry:person_list"),
        reverse("registry:person_detail", args=[person.pk]),
        reverse("registry:membership_edit", args=[membership.pk]),
    ]
    not_shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SCRIPT not in body, url
        assert "<img src=x" not in body, url
        assert "onerror=alert(1)>" not in body, url
        if "&lt;script&gt;alert(1)&lt;/script&gt;" not in body and "&lt;img src=x" not in body:
            not_shown.append(url)
    # Every page really showed some payload, escaped: the test exercised the escaping.
    assert not_shown == []
