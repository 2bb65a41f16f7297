"""Settings for ClusterHub.

Everything an operator changes comes from environment variables prefixed CLUSTERHUB_, so one
settings module serves development, tests and production.
"""

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps its data in ./var beside pyproject.toml; an installed package uses the
# working directory unless CLUSTERHUB_VAR_DIR says otherwise.
_checkout = PACKAGE_DIR.parent.parent
_default_var = (_checkout if (_checkout / "pyproject.toml").exists() else Path.cwd()) / "var"
VAR_DIR = Path(os.environ.get("CLUSTERHUB_VAR_DIR", _default_var))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("CLUSTERHUB_DEBUG", False)
PRODUCTION = _env_bool("CLUSTERHUB_PRODUCTION", False)
SECRET_KEY = os.environ.get("CLUSTERHUB_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("CLUSTERHUB_SECRET_KEY must be set when CLUSTERHUB_PRODUCTION is on.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105  # nosec B105  # dev only

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CLUSTERHUB_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CLUSTERHUB_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # Before the admin and the areas: it adds the per-language columns from each translation.py.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "ninja",
    # Background jobs (common/jobs.py): Django's task API and its database queue.
    "django_tasks",
    "django_tasks_db",
    "clusterhub.common",
    "clusterhub.accounts",
    "clusterhub.registry",
    "clusterhub.assessment",
    "clusterhub.services",
    "clusterhub.training",
    "clusterhub.strategy",
    "clusterhub.grants",
    "clusterhub.matchmaking",
    "clusterhub.events",
    "clusterhub.membership",
    "clusterhub.invoicing",
    "clusterhub.mailings",
    "clusterhub.directory",
    # Site-wide commands (demo, serve): above every area, so it may load all of them.
    "clusterhub.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clusterhub.common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and authentication: a signed-in user's profile language wins.
    "clusterhub.accounts.language.UserLanguageMiddleware",
    "clusterhub.accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "clusterhub.urls"
WSGI_APPLICATION = "clusterhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clusterhub.common.context_processors.navigation",
            ],
            # Every page translates and most format figures: these two need no {% load %}.
            "builtins": [
                "django.templatetags.i18n",
                "clusterhub.common.templatetags.clusterhub_tags",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("CLUSTERHUB_DATABASE_URL", f"sqlite:///{VAR_DIR / 'clusterhub.sqlite3'}"),
        conn_max_age=int(os.environ.get("CLUSTERHUB_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent readers with one writer, and a writer that waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The similarity validator above lets `staff12345` through for `staff`; docs/security.md
    # promises "not like the username".
    {"NAME": "clusterhub.accounts.passwords.UsernameInPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("lv", "Latviešu"), ("et", "Eesti"), ("sv", "Svenska")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One unambiguous date format per language (en "5 Dec 2026", lv "05.12.2026.", et "05.12.2026",
# sv "2026-12-05"); templates use the named formats only (tests/meta/test_date_formats.py).
FORMAT_MODULE_PATH = ["clusterhub.formats"]
# Organisers' texts (event titles, service descriptions...) have one column per language; the
# English column holds the original text, which every reader without a translation sees
# (docs/translation.md, "Content in several languages").
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "lv", "et", "sv")
TIME_ZONE = os.environ.get("CLUSTERHUB_TIME_ZONE", "Europe/Riga")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CLUSTERHUB_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("CLUSTERHUB_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production the finders serve the files: each is looked up when asked, rather than
# every app's files listed whenever a handler starts (the test client starts one per client,
# 40 ms each, most of the permission matrix's time).
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise warns on every start while collectstatic has never run; in development the
    # finders serve the files, so an empty folder is all it needs.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FORMS_URLFIELD_ASSUME_HTTPS = True

# Uploads: imports are read in memory up to this size and refused above it.
CLUSTERHUB_MAX_IMPORT_BYTES = int(os.environ.get("CLUSTERHUB_MAX_IMPORT_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = CLUSTERHUB_MAX_IMPORT_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = CLUSTERHUB_MAX_IMPORT_BYTES + 1024 * 1024

# API token throttling (accounts/throttling.py) counts failures in the cache. The default
# per-process memory cache is right for one process; a production install with several
# workers should share the counters: CLUSTERHUB_CACHE_URL=redis://127.0.0.1:6379/1 (needs the
# redis package).
_cache_url = os.environ.get("CLUSTERHUB_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CLUSTERHUB_LOGIN_MAX_FAILURES = int(os.environ.get("CLUSTERHUB_LOGIN_MAX_FAILURES", "5"))
CLUSTERHUB_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("CLUSTERHUB_LOGIN_LOCKOUT_SECONDS", "900"))
# MAX_FAILURES counts one username from one address; these count one address (any username:
# spraying; an office shares its NAT address) and one username (any address: a botnet).
CLUSTERHUB_LOGIN_ADDRESS_MAX_FAILURES = int(
    os.environ.get("CLUSTERHUB_LOGIN_ADDRESS_MAX_FAILURES", "20")
)
CLUSTERHUB_LOGIN_USERNAME_MAX_FAILURES = int(
    os.environ.get("CLUSTERHUB_LOGIN_USERNAME_MAX_FAILURES", "50")
)
# Behind a reverse proxy every request comes from the proxy's address; name the header the
# proxy sets to the client's address (e.g. HTTP_X_REAL_IP) so the per-address limits work.
CLUSTERHUB_CLIENT_IP_HEADER = os.environ.get("CLUSTERHUB_CLIENT_IP_HEADER", "REMOTE_ADDR")
# The header is read only from these peers (addresses or networks; "unix" is a peer on a unix
# socket), so a client reaching gunicorn directly cannot name its own address. The default
# trusts a proxy on the same machine; an empty value trusts none (common/security.py).
CLUSTERHUB_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("CLUSTERHUB_TRUSTED_PROXIES", "127.0.0.1,::1,unix").split(",")
    if p.strip()
]
for _proxy in CLUSTERHUB_TRUSTED_PROXIES:
    if _proxy != "unix":
        try:
            ipaddress.ip_network(_proxy, strict=False)
        except ValueError as exc:
            raise RuntimeError(
                f"CLUSTERHUB_TRUSTED_PROXIES: {_proxy!r} is not an address or network."
            ) from exc
# Wrong API bearer tokens (accounts/api_auth.py) are counted per token prefix and per address;
# the address limit is higher than for sign-ins because many API clients may share one NAT address.
CLUSTERHUB_API_TOKEN_MAX_FAILURES = int(os.environ.get("CLUSTERHUB_API_TOKEN_MAX_FAILURES", "10"))
CLUSTERHUB_API_MAX_FAILURES = int(os.environ.get("CLUSTERHUB_API_MAX_FAILURES", "50"))
CLUSTERHUB_API_LOCKOUT_SECONDS = int(os.environ.get("CLUSTERHUB_API_LOCKOUT_SECONDS", "900"))

# Background jobs (common/jobs.py, docs/jobs.md). CLUSTERHUB_TASKS picks the queue:
#   database  (default) jobs wait in a table; `clusterhub db_worker` runs them. `make run`,
#             `clusterhub demo` and `clusterhub serve` start that worker beside the web server.
#   rq        RQ on Redis at CLUSTERHUB_REDIS_URL; run `clusterhub rqworker default` (production,
#             several workers on several machines; docs/deployment.md).
#   immediate a job runs inside the request that starts it (after its commit); the test suite's
#             default, so a test asserts a job's result without a worker.
_tasks_default = "immediate" if "pytest" in sys.modules else "database"
CLUSTERHUB_TASKS = os.environ.get("CLUSTERHUB_TASKS", _tasks_default).strip().lower()
CLUSTERHUB_REDIS_URL = os.environ.get("CLUSTERHUB_REDIS_URL", "redis://127.0.0.1:6379/0")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if CLUSTERHUB_TASKS not in _task_backends:
    raise RuntimeError(
        f"CLUSTERHUB_TASKS: {CLUSTERHUB_TASKS!r} is not one of {', '.join(_task_backends)}."
    )
TASKS = {"default": {"BACKEND": _task_backends[CLUSTERHUB_TASKS], "QUEUES": ["default"]}}
# A running job writes a heartbeat this often; one silent for CLUSTERHUB_JOB_STALE_SECONDS lost
# its worker and is failed or queued again (common.jobs.reap_stale_jobs).
CLUSTERHUB_JOB_HEARTBEAT_SECONDS = float(os.environ.get("CLUSTERHUB_JOB_HEARTBEAT_SECONDS", "1"))
CLUSTERHUB_JOB_STALE_SECONDS = int(os.environ.get("CLUSTERHUB_JOB_STALE_SECONDS", "120"))
# django-rq reads its queues from RQ_QUEUES; the app is loaded only when RQ is the queue, so an
# install without Redis never imports it.
RQ_QUEUES = {
    "default": {
        "URL": CLUSTERHUB_REDIS_URL,
        "DEFAULT_TIMEOUT": int(os.environ.get("CLUSTERHUB_JOB_TIMEOUT_SECONDS", "3600")),
    }
}
# RQ workers must build django-tasks-rq's Job (rq's own cannot call a Task): every `rqworker`.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
if CLUSTERHUB_TASKS == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")

# Security headers: CSP and Permissions-Policy come from common/middleware.py; HSTS from
# SecurityMiddleware, which sends it only on HTTPS responses and only in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("CLUSTERHUB_SESSION_SECONDS", 14 * 24 * 3600))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("CLUSTERHUB_SSL_REDIRECT", True)
    # A plain-http rig on the loopback (bench/web.py) needs cookies that travel over http; the
    # switch counts only when the HTTPS redirect is off too, so a real site cannot lose the flag.
    _secure_cookies = SECURE_SSL_REDIRECT or _env_bool("CLUSTERHUB_SECURE_COOKIES", True)
    SESSION_COOKIE_SECURE = _secure_cookies
    CSRF_COOKIE_SECURE = _secure_cookies
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CLUSTERHUB_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# Mail: production sends through SMTP (CLUSTERHUB_EMAIL_HOST ...); a development install writes
# each message as a file under var/mail, so notifications can be read without a mail server.
DEFAULT_FROM_EMAIL = os.environ.get("CLUSTERHUB_FROM_EMAIL", "ClusterHub <noreply@localhost>")
EMAIL_BACKEND = os.environ.get(
    "CLUSTERHUB_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("CLUSTERHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CLUSTERHUB_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CLUSTERHUB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CLUSTERHUB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("CLUSTERHUB_EMAIL_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "clusterhub.common.logging.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLUSTERHUB_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["one_line"]}},
}

# The refused-form page in the site's layout, rendered with the request (navigation, sign-in).
CSRF_FAILURE_VIEW = "clusterhub.common.views.csrf_failure"
