"""Django settings for the samkart web registry.

Everything an operator may set comes from the environment, each variable listed in ``ENV_SETTINGS``
with its meaning (the README documents the same list, and a test fails when one is missing there).
The defaults are safe for a single user on 127.0.0.1: DEBUG off, SQLite in the data folder, a secret
key generated once and kept in that folder.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from samkart.register.cache import code_version

ENV_SETTINGS = {
    "SAMKART_DATA_DIR": "folder for the SQLite database and the secret key (default ./samkart-data)",
    "DATABASE_URL": "database as a URL, e.g. postgres://user:pass@host:5432/name (default: SQLite "
                    "in SAMKART_DATA_DIR)",
    "SAMKART_SECRET_KEY": "Django's secret key (default: generated once, kept in SAMKART_DATA_DIR)",
    "SAMKART_DEBUG": "1 shows Django's debug pages; never in production (default 0)",
    "SAMKART_ALLOWED_HOSTS": "comma-separated host names the site answers to (default "
                             "127.0.0.1,localhost)",
    "SAMKART_HTTPS": "1 behind an HTTPS reverse proxy: secure cookies, HSTS, trust "
                     "X-Forwarded-Proto (default 0)",
    "SAMKART_LOGIN_ATTEMPTS": "failed logins before an account and address are locked for "
                              "15 minutes (default 5)",
    "SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS": "failed logins from one address, whatever the user "
                                          "names, before the address is locked for 15 minutes "
                                          "(default 20)",
    "SAMKART_EMAIL_BACKEND": "Django e-mail backend for survey reminders (default: print to the "
                             "console; django.core.mail.backends.smtp.EmailBackend for SMTP)",
    "SAMKART_EMAIL_HOST": "SMTP host (with the SMTP backend; port 587 and STARTTLS)",
    "SAMKART_EMAIL_USER": "SMTP user name",
    "SAMKART_EMAIL_PASSWORD": "SMTP password",
    "SAMKART_EMAIL_FROM": "sender address of reminders (default samkart@localhost)",
    "SAMKART_CACHE_URL": "a cache shared by the server's processes: redis://host:6379/0 (Redis, "
                         "with `pip install samkart[redis]`) or file:///folder (default: each "
                         "process keeps its own, in memory)",
    "SAMKART_CACHE_MB": "megabytes of pages each process keeps in memory when no shared cache is "
                        "set (default 64)",
    "SAMKART_UPLOAD_MAX_MB": "largest register or response file accepted for upload, in MB; larger "
                             "requests are refused before they are read (default 20)",
    "SAMKART_BRREG_URL": "address of Enhetsregisteret's open API, for the comparison page and "
                         "samkart import brreg --fetch (default "
                         "https://data.brreg.no/enhetsregisteret/api)",
}


def _flag(name: str) -> bool:
    return os.environ.get(name, "0").strip().lower() in ("1", "true", "ja", "yes")


DATA_DIR = Path(os.environ.get("SAMKART_DATA_DIR", "samkart-data")).resolve()


def _private_folder(path: Path) -> None:
    """The data folder holds the database, the secret key and uploads: its owner's only."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True)


def _secret_key() -> str:
    if os.environ.get("SAMKART_SECRET_KEY"):
        return os.environ["SAMKART_SECRET_KEY"]
    # One key per installation, so that sessions survive restarts and every worker agrees.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        _private_folder(DATA_DIR)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text("utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("SAMKART_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SAMKART_ALLOWED_HOSTS",
                                                   "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",  # served by WhiteNoise: the site's, the admin's, the API docs'
    "ninja",  # the API docs' scripts from the package, not from a CDN
    "axes",
    "samkart.web.registry",
    "samkart.web.survey",
]
MIDDLEWARE = [
    "samkart.web.registry.limits.RequestSizeMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samkart.web.registry.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samkart.web.registry.language.LanguageMiddleware",  # bokmål unless English is chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "samkart.web.registry.cache.SteadyVersionMiddleware",
    "samkart.web.registry.cache.ApiCacheMiddleware",
]
ROOT_URLCONF = "samkart.web.urls"
WSGI_APPLICATION = "samkart.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "samkart.web.registry.context.site",
    ]},
}]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'samkart.sqlite3'}", conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _private_folder(DATA_DIR)
    # SQLite creates its file with the process's umask (readable by every local user): it is
    # made first, readable by its owner only.
    _db_file = Path(DATABASES["default"]["NAME"])
    if not _db_file.exists():
        os.close(os.open(_db_file, os.O_WRONLY | os.O_CREAT, 0o600))
    # Writers wait for each other instead of failing ("database is locked"), and a transaction
    # takes the write lock at its start, so two concurrent saves are ordered, never interleaved.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Tests use a file, not shared-cache memory: concurrent connections then wait as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Uploads: the size limit, and files readable by the server's user only.
SAMKART_UPLOAD_MAX_BYTES = int(float(os.environ.get("SAMKART_UPLOAD_MAX_MB", "20")) * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields other than files

# Caches (samkart/web/registry/cache.py): pages for anonymous readers in "default", shared by the
# server's processes when SAMKART_CACHE_URL names a shared cache; live objects computed from the
# data in "objects", per process. Keys carry the data version, so nothing is ever stale (a
# restore, which takes the version back, clears the shared cache).
def _page_cache() -> dict:
    url = os.environ.get("SAMKART_CACHE_URL", "").strip()
    # What is kept was rendered by this code: a shared cache that outlives an upgrade must not
    # serve the old templates' pages, so the keys carry the code's version.
    prefix = f"samkart-{code_version()[:16]}"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "TIMEOUT": 24 * 3600, "KEY_PREFIX": prefix}
    if url.startswith("file://"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": url.removeprefix("file://"), "TIMEOUT": 24 * 3600,
                "KEY_PREFIX": prefix, "OPTIONS": {"MAX_ENTRIES": 20_000}}
    if url:
        raise ValueError(f"SAMKART_CACHE_URL: {url!r} is neither redis://, rediss://, unix:// "
                         "nor file://")
    megabytes = float(os.environ.get("SAMKART_CACHE_MB", "64"))
    return {"BACKEND": "samkart.web.registry.cache.BoundedMemoryCache", "TIMEOUT": None,
            "OPTIONS": {"MAX_BYTES": int(megabytes * 1024 * 1024), "MAX_ENTRIES": 100_000}}


CACHES = {
    "default": _page_cache(),
    "objects": {"BACKEND": "samkart.web.registry.cache.ObjectCache", "TIMEOUT": None,
                "OPTIONS": {"MAX_ENTRIES": 256}},
    "reports": {"BACKEND": "samkart.web.registry.cache.ObjectCache", "TIMEOUT": None,
                "OPTIONS": {"MAX_ENTRIES": 6}},
}

# Enhetsregisteret's open API (the comparison page); tests point it at a local server.
SAMKART_BRREG_URL = (os.environ.get("SAMKART_BRREG_URL")
                     or "https://data.brreg.no/enhetsregisteret/api")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # for collectstatic; WhiteNoise also serves from the packages
# The report's sorting script is the site's too: served from the report package, not copied.
STATICFILES_DIRS = [("samkart/report", Path(__file__).resolve().parents[1] / "report" / "static")]
# WhiteNoise serves the static files from the installed packages (no collectstatic step needed),
# with far-future caching only for what collectstatic has given a content hash.
WHITENOISE_USE_FINDERS = True
if not STATIC_ROOT.exists():
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "samkart.web.registry.throttle.AddressThrottleBackend",  # one password across many users
    "axes.backends.AxesStandaloneBackend",  # throttles logins before the password is checked
    "samkart.web.registry.users.ProfileBackend",  # Django's, loading the profile with the user
]
AXES_FAILURE_LIMIT = int(os.environ.get("SAMKART_LOGIN_ATTEMPTS", "5"))
SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS", "20"))
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the per-address count reads it
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registry/locked.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]  # samkart/locale (samkart.i18n)
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# Security headers and cookies; the HTTPS-only ones when a TLS proxy is in front.
SESSION_ENGINE = "samkart.web.registry.sessions"  # Django's database sessions, read cheaply
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _flag("SAMKART_HTTPS"):
    # Behind the reverse proxy every request comes from the proxy: the client's address (for
    # login throttling) is the last one the proxy adds to X-Forwarded-For.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

EMAIL_BACKEND = os.environ.get("SAMKART_EMAIL_BACKEND",
                               "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("SAMKART_EMAIL_HOST", "localhost")
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = os.environ.get("SAMKART_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMKART_EMAIL_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("SAMKART_EMAIL_FROM", "samkart@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
