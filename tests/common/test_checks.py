"""`clusterhub check`: each misconfiguration gives its own check id; a sound install gives none."""

import sys

import dj_database_url
import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion

STRONG_KEY = "k3Y-" + "x7Qp9sLm2vRt8wZb4nHc6jFd1gKa5eYu0oTi3rWq7zXs9bNm2cVl"
REDIS = "django.core.cache.backends.redis.RedisCache"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def findings(*, deploy=True, databases=("default",)):
    """(id, message) of ClusterHub's own checks, run the way `clusterhub check` runs them."""
    messages = run_checks(
        tags=["clusterhub"],
        include_deployment_checks=deploy,
        databases=list(databases) if databases else None,
    )
    return sorted((m.id, m.msg) for m in messages)


def ids(**kwargs):
    return [check_id for check_id, _ in findings(**kwargs)]


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """A sound production configuration; each test breaks one thing."""
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.SECRET_KEY = STRONG_KEY
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/1"}}
    settings.EMAIL_BACKEND = SMTP
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text("{}")
    settings.STATIC_ROOT = static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    # Only the engine's name is read by W001; the test database itself stays as it is.
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    return settings


def test_the_test_configuration_has_no_findings(db):
    assert findings() == []


def test_a_sound_production_configuration_has_no_findings(db, production):
    assert findings() == []


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-9Qz",
        "insecure-development-key-never-use-in-production" + "x" * 10,
        "django-insecure-" + "a1b2c3d4e5" * 5,
        "ab" * 40,
    ],
    ids=["short", "development-key", "django-generated", "few-characters"],
)
def test_weak_secret_key_in_production_is_e001(db, production, key):
    production.SECRET_KEY = key
    assert findings() == [
        (
            "clusterhub.E001",
            "CLUSTERHUB_SECRET_KEY is too weak for production: it must be at least 50 random "
            f"characters and not a development key (it has {len(key)}).",
        )
    ]


def test_weak_secret_key_outside_production_is_not_reported(db, settings):
    settings.SECRET_KEY = "short"
    assert ids() == []


def test_debug_in_production_is_e002(db, production):
    production.DEBUG = True
    assert ids() == ["clusterhub.E002"]


@pytest.mark.parametrize(
    ("hosts", "problem"), [([], "empty"), (["hub.example.org", "*"], "'*' (any host)")]
)
def test_allowed_hosts_empty_or_any_in_production_is_e003(db, production, hosts, problem):
    production.ALLOWED_HOSTS = hosts
    assert findings() == [
        ("clusterhub.E003", f"CLUSTERHUB_ALLOWED_HOSTS is {problem} in production.")
    ]


def test_sqlite_in_production_is_w001(db, production, monkeypatch):
    monkeypatch.setitem(production.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    assert ids() == ["clusterhub.W001"]


@pytest.fixture
def unreachable(monkeypatch, settings):
    """A real PostgreSQL connection to a port nothing listens on."""
    config = dj_database_url.parse("postgres://clusterhub:s3cret-pw@127.0.0.1:1/clusterhub")
    both = {"default": dict(settings.DATABASES["default"]), "unreachable": config}
    config = connections.configure_settings(both)["unreachable"]
    monkeypatch.setitem(connections.settings, "unreachable", config)
    monkeypatch.setitem(settings.DATABASES, "unreachable", config)
    yield "unreachable"
    connections["unreachable"].close()
    del connections["unreachable"]


def test_unreachable_database_is_e004_naming_the_host_without_the_password(db, unreachable):
    found = findings(databases=[unreachable])
    assert [check_id for check_id, _ in found] == ["clusterhub.E004"]
    message = found[0][1]
    assert message.startswith(
        "Database 'unreachable' (postgresql://clusterhub@127.0.0.1:1/clusterhub) is unreachable: "
    )
    assert "s3cret-pw" not in message


def test_database_checks_need_the_database_option(db, unreachable):
    assert ids(databases=None) == []


def test_unapplied_migration_is_w002(db):
    MigrationRecorder(connection).record_unapplied("sessions", "0001_initial")
    assert findings() == [
        ("clusterhub.W002", "Database 'default' has 1 unapplied migration (apps: sessions).")
    ]


def test_pending_migrations_and_reference_data_are_deploy_checks(db):
    # `migrate` runs the database checks first; it must not warn about what it is about to do.
    MigrationRecorder(connection).record_unapplied("sessions", "0001_initial")
    NutsRegion.objects.all().delete()
    assert ids(deploy=False) == []


@pytest.mark.parametrize(
    ("empty", "missing"),
    [((NutsRegion,), "NUTS"), ((NutsRegion, NaceCode), "NACE and NUTS")],
)
def test_missing_reference_data_is_w006(db, empty, missing):
    for model in empty:
        # Children first: NACE codes protect their parents.
        for level in (4, 3, 2, 1):
            model.objects.filter(level=level).delete()
    assert findings() == [
        (
            "clusterhub.W006",
            f"Reference data not loaded in database 'default': {missing} codes are missing, "
            "so sectors and regions cannot be chosen.",
        )
    ]


def test_media_root_that_cannot_be_created_is_e005(db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    found = findings()
    assert [check_id for check_id, _ in found] == ["clusterhub.E005"]
    assert found[0][1].startswith(f"CLUSTERHUB_MEDIA_ROOT ({blocker / 'media'}) is not writable")


def test_missing_folders_that_can_be_created_are_fine(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "new" / "var"
    settings.MEDIA_ROOT = tmp_path / "new" / "media"
    assert ids() == []


def test_static_files_not_collected_in_production_is_e006(db, production):
    (production.STATIC_ROOT / "staticfiles.json").unlink()
    assert findings() == [
        (
            "clusterhub.E006",
            f"STATIC_ROOT ({production.STATIC_ROOT}) holds no collected static files: "
            "pages cannot be rendered.",
        )
    ]


def test_static_check_without_a_manifest_storage_wants_files(db, production):
    production.STORAGES = {
        **production.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (production.STATIC_ROOT / "staticfiles.json").unlink()
    assert ids() == ["clusterhub.E006"]
    (production.STATIC_ROOT / "style.css").write_text("body {}")
    assert ids() == []


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_per_process_cache_in_production_is_w003(db, production, backend):
    production.CACHES = {"default": {"BACKEND": backend}}
    assert ids() == ["clusterhub.W003"]


@pytest.mark.parametrize("name", ["console", "filebased", "locmem", "dummy"])
def test_mail_backend_that_sends_nothing_in_production_is_w004(db, production, name):
    production.EMAIL_BACKEND = f"django.core.mail.backends.{name}.EmailBackend"
    assert ids() == ["clusterhub.W004"]


def test_weasyprint_without_pango_is_w005(db, monkeypatch):
    # A None entry makes `import weasyprint` fail the way a missing library does.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    found = findings()
    assert [check_id for check_id, _ in found] == ["clusterhub.W005"]
    assert found[0][1].endswith(": PDF reports and certificates will fail.")


def test_plain_check_runs_only_the_unsafe_settings_checks(db, production, monkeypatch):
    production.DEBUG = True
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    production.SECRET_KEY = "short"
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert ids(deploy=False, databases=None) == ["clusterhub.E001", "clusterhub.E002"]


def test_the_check_command_fails_on_a_misconfigured_production_install(db, production):
    production.DEBUG = True
    with pytest.raises(SystemCheckError, match=r"clusterhub\.E002"):
        call_command("check", "--deploy", "--database", "default")
