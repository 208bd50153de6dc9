"""CQĐT settings: every value comes from a ``CQDT_*`` environment variable with a safe default.

The variables are documented in docs/configuration.md. The embedded demo needs none of them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import structlog

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CQDT_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"CQDT_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# The default key is public; `cqdt serve` refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "cqdt-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for the form renderer below
    "django_prometheus",
    "django_tasks",
    "django_tasks_db",
    "cqdt.core",
    "cqdt.agencies",
    "cqdt.accounts",
    "cqdt.catalog",
    "cqdt.notifications",
    "cqdt.dossiers",
    "cqdt.signing",
    "cqdt.documents",
    "cqdt.portal",
    "axes",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cqdt.core.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cqdt.core.middleware.RequestContextMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "cqdt.urls"
WSGI_APPLICATION = "cqdt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cqdt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Forms render through the project's templates, so cqdt/templates/django/forms/ can replace four of Django's
# with the same HTML written inline: Django's <select> renders a template per option (a list of agencies or
# statuses cost more than the rest of a page), inputs and labels include their attributes' template, and a
# field renders its error list even when empty. Tested in cqdt/dossiers/tests/test_dossier_page_reads.py.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cqdt.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# The cache holds rate-limit counters and the public tracking snapshots. Several web workers must share it
# (Redis: CQDT_CACHE_URL=redis://host:6379/0); the per-process memory cache suits only the demo and tests.
CQDT_CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "cqdt.core.cache.RedisCache",
        "LOCATION": CQDT_CACHE_URL,
        "KEY_PREFIX": "cqdt",
    }
    if CQDT_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Sessions are read from the shared cache and written through to the database (which stays the record, so a
# flushed cache logs nobody out). Only with a shared cache: a per-process one would keep a logged-out session
# alive in the other workers.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if CQDT_CACHE_URL else "django.contrib.sessions.backends.db"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share the demo database.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters bound by the server let psycopg prepare a statement the second time a connection runs it,
    # so PostgreSQL plans the wide joins of the dossier page once per connection instead of on every request
    # (7 ms of planning for 0.5 ms of execution at 1 M dossiers). Turn off behind a transaction-pooling
    # PgBouncer, which cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dossiers:inbox"
LOGOUT_REDIRECT_URL = "login"
# Personal bearer tokens of the dossier API expire after this many days.
CQDT_API_TOKEN_MAX_AGE_DAYS = int(env("API_TOKEN_MAX_AGE_DAYS", "90"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "cqdt.portal.oidc.VneidBackend",
]
# Lockout after repeated failed logins (per username and address).
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"

# Citizen single sign-on (the national VNeID-style OpenID Connect provider); empty issuer = disabled.
CQDT_OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
CQDT_OIDC_CLIENT_ID = env("OIDC_CLIENT_ID")
CQDT_OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
CQDT_OIDC_SCOPES = env("OIDC_SCOPES", "openid profile email phone")
# Public tracking: attempts allowed per address, as "count/seconds".
CQDT_TRACKING_RATE_LIMIT = env("TRACKING_RATE_LIMIT", "20/600")
CQDT_TRACKING_CACHE_SECONDS = int(env("TRACKING_CACHE_SECONDS", "60"))
CQDT_INBOX_COUNTS_CACHE_SECONDS = int(env("INBOX_COUNTS_CACHE_SECONDS", "30"))
# SMS and Zalo gateways (HTTP adapters, docs/portal.md); empty URL = channel disabled.
CQDT_SMS_URL = env("SMS_URL")
CQDT_SMS_TOKEN = env("SMS_TOKEN")
CQDT_SMS_SENDER = env("SMS_SENDER")
CQDT_SMS_TIMEOUT = float(env("SMS_TIMEOUT", "15"))
CQDT_ZALO_URL = env("ZALO_URL")
CQDT_ZALO_TOKEN = env("ZALO_TOKEN")
CQDT_ZALO_SENDER = env("ZALO_SENDER")
CQDT_ZALO_TIMEOUT = float(env("ZALO_TIMEOUT", "15"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "cqdt" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["cqdt.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("UPLOAD_MAX_MEMORY_BYTES", str(5 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
CQDT_UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# The public address of the portal, printed in slips and QR codes.
CQDT_PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Signing (docs/signing.md): PDFs above this size are refused; CRLs are read from a local folder only.
CQDT_SIGNING_MAX_PDF_BYTES = int(env("SIGNING_MAX_PDF_BYTES", str(20 * 1024 * 1024)))
CQDT_SIGNING_CRL_DIR = env("SIGNING_CRL_DIR", "")
CQDT_SIGNING_REQUIRE_TRUSTED_CHAIN = env_bool("SIGNING_REQUIRE_TRUSTED_CHAIN", True)
CQDT_PKCS11_MODULE = env("PKCS11_MODULE", "")
CQDT_PKCS11_PIN = env("PKCS11_PIN", "")
# Handlers are warned this many working hours before a step or appointment deadline.
CQDT_DEADLINE_WARNING_HOURS = int(env("DEADLINE_WARNING_HOURS", "8"))

# Background work: the task row is written in the same transaction as the change (the outbox).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
CQDT_TASK_MAX_ATTEMPTS = int(env("TASK_MAX_ATTEMPTS", "6"))
CQDT_TASK_BACKOFF_SECONDS = int(env("TASK_BACKOFF_SECONDS", "30"))
CQDT_WORKER_HEARTBEAT_MAX_AGE_SECONDS = int(env("WORKER_HEARTBEAT_MAX_AGE_SECONDS", "120"))

# Working calendar: office hours in Vietnam time, as "HH:MM-HH:MM" sessions separated by commas.
CQDT_OFFICE_HOURS = env("OFFICE_HOURS", "07:00-11:30,13:30-17:00")
CQDT_LEGAL_TIME_ZONE = "Asia/Ho_Chi_Minh"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CQĐT <no-reply@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = int(env("SESSION_AGE_SECONDS", str(8 * 3600)))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None

PROMETHEUS_EXPORT_MIGRATIONS = False

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django.request": {"level": "WARNING"}},
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
