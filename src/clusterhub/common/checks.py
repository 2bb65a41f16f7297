"""System checks for a misconfigured install: `clusterhub check [--deploy] [--database default]`.

Three groups, so that a check never gets in the way of the command that would fix it:

- always (every management command runs them): settings that make a production install unsafe:
  E001 weak SECRET_KEY, E002 DEBUG on, E003 ALLOWED_HOSTS empty or '*'. They only fire when
  CLUSTERHUB_PRODUCTION is on, read settings only and cost nothing.
- `--deploy`: the state of the machine: W001 SQLite in production, E005 a data folder not
  writable, E006 static files not collected, W003 no shared cache for login throttling, W004 mail
  not really sent, W005 WeasyPrint's Pango missing. They are deploy checks because they would
  otherwise block the command that repairs them (an error stops `collectstatic` itself) or nag
  on every command.
- `--database default` (tagged `database`; Django passes `databases` only to `check --database`
  and `migrate`): E004 the database unreachable. With `--deploy` as well: W002 migrations not
  applied and W006 reference data not loaded (registered by the registry, which owns that data:
  registry/checks.py); these are deploy checks because `migrate` runs the database checks first
  and would otherwise warn about exactly what it is about to do.

The full check of a production install is `clusterhub check --deploy --database default`.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.checks import Tags
from django.core.checks import Warning
from django.core.checks import register
from django.db import connections

TAG = "clusterhub"

# The key settings.py falls back to outside production, and Django's own generated prefix.
_KNOWN_WEAK_KEYS = ("insecure-development-key", "django-insecure")
_MIN_SECRET_KEY_LENGTH = 50
_MIN_SECRET_KEY_CHARACTERS = 5
_NOT_SENDING_BACKENDS = ("console", "locmem", "dummy", "filebased")
_PER_PROCESS_CACHES = ("LocMemCache", "DummyCache")


def _production() -> bool:
    return bool(getattr(settings, "PRODUCTION", False))


def check_secret_key(app_configs=None, **kwargs) -> list:
    key = str(settings.SECRET_KEY or "")
    if not _production():
        return []
    weak = (
        len(key) < _MIN_SECRET_KEY_LENGTH
        or len(set(key)) < _MIN_SECRET_KEY_CHARACTERS
        or key.startswith(_KNOWN_WEAK_KEYS)
    )
    if not weak:
        return []
    return [
        Error(
            "CLUSTERHUB_SECRET_KEY is too weak for production: it must be at least "
            f"{_MIN_SECRET_KEY_LENGTH} random characters and not a development key "
            f"(it has {len(key)}).",
            hint="Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))' "
            "and put it in the environment file.",
            id="clusterhub.E001",
        )
    ]


def check_debug(app_configs=None, **kwargs) -> list:
    if not (_production() and settings.DEBUG):
        return []
    return [
        Error(
            "CLUSTERHUB_DEBUG is on in production: error pages would show settings and code.",
            hint="Remove CLUSTERHUB_DEBUG from the environment file (it defaults to off).",
            id="clusterhub.E002",
        )
    ]


def check_allowed_hosts(app_configs=None, **kwargs) -> list:
    if not _production():
        return []
    hosts = list(settings.ALLOWED_HOSTS)
    if hosts and "*" not in hosts:
        return []
    problem = "empty" if not hosts else "'*' (any host)"
    return [
        Error(
            f"CLUSTERHUB_ALLOWED_HOSTS is {problem} in production.",
            hint="Set it to the site's host names, comma-separated, e.g. "
            "CLUSTERHUB_ALLOWED_HOSTS=hub.example.org",
            id="clusterhub.E003",
        )
    ]


def check_sqlite_in_production(app_configs=None, **kwargs) -> list:
    engine = settings.DATABASES.get("default", {}).get("ENGINE", "")
    if not (_production() and engine.endswith("sqlite3")):
        return []
    return [
        Warning(
            "Production runs on SQLite: one writer at a time, and no server-side backups.",
            hint="Use PostgreSQL: CLUSTERHUB_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME "
            "(docs/deployment.md).",
            id="clusterhub.W001",
        )
    ]


def _writable(path: Path) -> bool:
    """Whether the folder is writable, or could be created by this user where it is missing."""
    path = Path(path)
    while not path.exists():
        if path.parent == path:
            return False
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def check_writable_folders(app_configs=None, **kwargs) -> list:
    folders = {"CLUSTERHUB_VAR_DIR": settings.VAR_DIR, "CLUSTERHUB_MEDIA_ROOT": settings.MEDIA_ROOT}
    return [
        Error(
            f"{name} ({path}) is not writable by this user (uid {os.getuid()}).",
            hint="Run ClusterHub as the user that owns the folder, or give that user write "
            f"access: chown -R clusterhub: {path}",
            id="clusterhub.E005",
        )
        for name, path in folders.items()
        if not _writable(path)
    ]


def check_static_collected(app_configs=None, **kwargs) -> list:
    if not _production():
        return []
    root = Path(settings.STATIC_ROOT)
    storage = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    if "Manifest" in storage:
        # The manifest maps names to hashed names; without it every page that links CSS fails.
        collected = (root / "staticfiles.json").is_file()
    else:
        collected = root.is_dir() and any(root.iterdir())
    if collected:
        return []
    return [
        Error(
            f"STATIC_ROOT ({root}) holds no collected static files: pages cannot be rendered.",
            hint="Run: clusterhub collectstatic --noinput",
            id="clusterhub.E006",
        )
    ]


def check_shared_cache(app_configs=None, **kwargs) -> list:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not (_production() and backend.endswith(_PER_PROCESS_CACHES)):
        return []
    return [
        Warning(
            "The cache is per process: with several gunicorn workers each one counts failed "
            "sign-ins and API token failures separately, so the throttling limits multiply.",
            hint="Set CLUSTERHUB_CACHE_URL=redis://127.0.0.1:6379/1 (install with "
            "'pip install clusterhub[production]'), or run a single worker.",
            id="clusterhub.W003",
        )
    ]


def check_email_backend(app_configs=None, **kwargs) -> list:
    backend = settings.EMAIL_BACKEND
    if not (_production() and backend.rsplit(".", 2)[-2] in _NOT_SENDING_BACKENDS):
        return []
    return [
        Warning(
            f"The mail backend ({backend}) does not send mail: invitations, password resets "
            "and notifications will not arrive.",
            hint="Remove CLUSTERHUB_EMAIL_BACKEND (SMTP is the production default) and set "
            "CLUSTERHUB_EMAIL_HOST, CLUSTERHUB_EMAIL_PORT, CLUSTERHUB_EMAIL_USER, "
            "CLUSTERHUB_EMAIL_PASSWORD and CLUSTERHUB_EMAIL_TLS.",
            id="clusterhub.W004",
        )
    ]


def check_pango(app_configs=None, **kwargs) -> list:
    try:
        import weasyprint  # noqa: F401  (imports Pango through cffi and fails without it)
    except (ImportError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [
            Warning(
                f"WeasyPrint cannot load ({reason}): PDF reports and certificates will fail.",
                hint="Install Debian's Pango libraries: "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                id="clusterhub.W005",
            )
        ]
    return []


def describe_database(alias: str) -> str:
    """The database as a URL without its password, for messages an operator may paste."""
    db = settings.DATABASES[alias]
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return f"sqlite:///{db.get('NAME', '')}"
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"{vendor}://{user}{db.get('HOST') or 'localhost'}{port}/{db.get('NAME', '')}"


def reachable(alias: str) -> str | None:
    """None when the database answers, else the first line of the error (no password in it)."""
    try:
        connections[alias].ensure_connection()
    except Exception as exc:  # any driver error means the same thing here: it does not answer
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        password = settings.DATABASES[alias].get("PASSWORD")
        return first_line.replace(password, "********") if password else first_line
    return None


def check_database_reachable(app_configs=None, databases=None, **kwargs) -> list:
    errors = []
    for alias in databases or ():
        problem = reachable(alias)
        if problem is not None:
            errors.append(
                Error(
                    f"Database '{alias}' ({describe_database(alias)}) is unreachable: {problem}",
                    hint="Check CLUSTERHUB_DATABASE_URL, that the server runs (pg_isready) and "
                    "that the role and database exist (docs/deployment.md).",
                    id="clusterhub.E004",
                )
            )
    return errors


def check_migrations_applied(app_configs=None, databases=None, **kwargs) -> list:
    from django.db.migrations.executor import MigrationExecutor

    warnings = []
    for alias in databases or ():
        if reachable(alias) is not None:
            continue  # E004 says so already
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            pending = sorted({migration.app_label for migration, _ in plan})
            warnings.append(
                Warning(
                    f"Database '{alias}' has {len(plan)} unapplied "
                    f"migration{'' if len(plan) == 1 else 's'} (apps: {', '.join(pending)}).",
                    hint="Back up, then run: clusterhub migrate",
                    id="clusterhub.W002",
                )
            )
    return warnings


def register_checks() -> None:
    """Called from CommonConfig.ready()."""
    for check in (check_secret_key, check_debug, check_allowed_hosts):
        register(check, TAG, Tags.security)
    for check in (
        check_sqlite_in_production,
        check_writable_folders,
        check_static_collected,
        check_shared_cache,
        check_email_backend,
        check_pango,
    ):
        register(check, TAG, deploy=True)
    register(check_database_reachable, TAG, Tags.database)
    register(check_migrations_applied, TAG, Tags.database, deploy=True)
