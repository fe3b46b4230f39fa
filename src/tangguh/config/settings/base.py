"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def _whole_number(name: str, default: str, *, minimum: int) -> int:
    """An environment variable that must be a whole number (a clear error, not a traceback)."""
    raw = os.environ.get(name, default).strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number from {minimum} up, not {raw!r}.")
    return int(raw)


PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # src/tangguh
# Where the SQLite file and uploads live: TANGGUH_HOME, else the checkout (editable install), else cwd.
_CHECKOUT = PACKAGE_DIR.parent.parent
PROJECT_DIR = Path(
    os.environ.get("TANGGUH_HOME")
    or (_CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd())
)

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "tangguh.core.admin_apps.AdminConfig",  # django.contrib.admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our static files
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "tangguh.core",
    "tangguh.accounts",
    "tangguh.institutions",
    "tangguh.people",
    "tangguh.certification",
    "tangguh.development",
    "tangguh.competencies",
    "tangguh.rankings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tangguh.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tangguh.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tangguh.core.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tangguh.config.urls"
WSGI_APPLICATION = "tangguh.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tangguh.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'tangguh.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import job writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The lockout's address: the client's, behind this many trusted proxies that append to
# X-Forwarded-For (0: REMOTE_ADDR, the header ignored). accounts/client_address.py.
TANGGUH_TRUSTED_PROXY_COUNT = _whole_number("TANGGUH_TRUSTED_PROXY_COUNT", "0", minimum=0)
AXES_CLIENT_IP_CALLABLE = "tangguh.accounts.client_address.client_address"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tangguh.config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = PROJECT_DIR / "var" / "static"
MEDIA_ROOT = PROJECT_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Register imports: limits against hostile files and a runaway import (docs/operations.md,
# "Hostile files and the import worker"). Largest upload per format, checked before the
# file is stored: a national register of 4.3 million is ~610 MB of CSV; an XLSX holds at
# most 1,048,576 rows (a million rows of 12 columns: 58 MB with shared texts, 77 MB with
# inline texts).
TANGGUH_IMPORT_MAX_CSV_BYTES = _whole_number("TANGGUH_IMPORT_MAX_CSV_MB", "1024", minimum=1) << 20
TANGGUH_IMPORT_MAX_XLSX_BYTES = _whole_number("TANGGUH_IMPORT_MAX_XLSX_MB", "128", minimum=1) << 20
# The longest line of a CSV file (a row of the register is a few hundred bytes).
TANGGUH_IMPORT_CSV_MAX_LINE_BYTES = 1 << 20
# What an XLSX may hold once unpacked: parts, sizes, compression ratio, cells, shared
# texts, nesting (keys and defaults: core/importing/guard.py, XlsxLimits).
TANGGUH_IMPORT_XLSX_LIMITS: dict[str, int] = {}
# Each import runs in a child process of the worker, killed beyond this resident memory
# (MB) or wall time (seconds); the job then fails with a sentence. ISOLATED=0 runs the
# import in the worker process itself, unprotected (the tests do).
TANGGUH_IMPORT_MEMORY_MB = _whole_number("TANGGUH_IMPORT_MEMORY_MB", "3072", minimum=128)
TANGGUH_IMPORT_TIME_LIMIT = _whole_number("TANGGUH_IMPORT_TIME_LIMIT", "3600", minimum=1)
TANGGUH_IMPORT_ISOLATED = os.environ.get("TANGGUH_IMPORT_ISOLATED", "1") != "0"
# A running job whose worker gave no sign of life for this long (seconds) is failed.
TANGGUH_IMPORT_LEASE_SECONDS = _whole_number("TANGGUH_IMPORT_LEASE_SECONDS", "300", minimum=2)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
TANGGUH_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# No inline script or style anywhere: the templates load js/ and css/ from static
# (htmx's own indicator style is off, its rule is in tangguh.css). core/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tangguh.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tangguh.core.api_permissions.RestrictedPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "tangguh.core.api_permissions.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tangguh.core.api_errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tangguh API",
    "DESCRIPTION": "Competency development and certification of Indonesia's civil servants.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN, works offline, and
    # the page runs under the site-wide Content-Security-Policy (core/api_docs.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would fetch from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Choice sets that share a field name ("status") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "EmploymentStatusEnum": "tangguh.people.models.EmploymentStatus",
        "BatchStatusEnum": "tangguh.certification.models.BatchStatus",
        "ProgrammeStatusEnum": "tangguh.development.models.ProgrammeStatus",
        "SessionStatusEnum": "tangguh.development.models.SessionStatus",
        "EnrolmentStatusEnum": "tangguh.development.models.EnrolmentStatus",
        "ActivityStatusEnum": "tangguh.development.models.ActivityStatus",
        "BudgetRevisionStatusEnum": "tangguh.development.models.RevisionStatus",
        "DevelopmentPlanStatusEnum": "tangguh.competencies.models.PlanStatus",
        "DictionaryVersionStatusEnum": "tangguh.competencies.models.VersionStatus",
        "PlanDecisionEnum": [("approve", "approve"), ("return", "return")],
        "ApprovalDecisionEnum": [("approve", "approve"), ("reject", "reject")],
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The institution that hosts BPSDM Kemendagri, the national coordinator.
TANGGUH_NATIONAL_COORDINATOR_CODE = os.environ.get("TANGGUH_NATIONAL_COORDINATOR_CODE", "K.09")

# Days an API token works after it is issued (docs/api.md, Authentication).
TANGGUH_API_TOKEN_DAYS = _whole_number("TANGGUH_API_TOKEN_DAYS", "30", minimum=1)

# Certification (docs/operations.md, "Certificates and their keys"). The address the
# public reaches this server at: QR codes, credentials and their status point there.
TANGGUH_PUBLIC_URL = os.environ.get("TANGGUH_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The private keys that sign credentials live in files here, never in the database
# (created on first use when missing; TANGGUH_CREDENTIAL_KEY_DIR moves them).
TANGGUH_CREDENTIAL_KEY_DIR = Path(
    os.environ.get("TANGGUH_CREDENTIAL_KEY_DIR") or (PROJECT_DIR / "var" / "keys")
)
# Rankings: who signs the award certificates (piagam penghargaan) of a published ranking.
TANGGUH_AWARD_SIGNATORY_TITLE = os.environ.get(
    "TANGGUH_AWARD_SIGNATORY_TITLE", "Kepala Badan Pengembangan Sumber Daya Manusia"
)
TANGGUH_AWARD_SIGNATORY_ORGANISATION = os.environ.get(
    "TANGGUH_AWARD_SIGNATORY_ORGANISATION", "Kementerian Dalam Negeri"
)
TANGGUH_AWARD_SIGNATORY_NAME = os.environ.get("TANGGUH_AWARD_SIGNATORY_NAME", "")
# The public verification API's rate limit per client address, counted in the
# "throttle" cache: files every server process on this machine shares (no table to
# create). Several machines: point it at a shared cache (docs/operations.md).
TANGGUH_VERIFY_API_RATE = os.environ.get("TANGGUH_VERIFY_API_RATE", "60/minute")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "tangguh.certification.verify_cache.SharedFileCache",
        "LOCATION": os.environ.get("TANGGUH_THROTTLE_CACHE_DIR")
        or str(PROJECT_DIR / "var" / "throttle"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # The public verification pages, kept rendered (certification/verify_cache.py).
    "public": {
        "BACKEND": "tangguh.certification.verify_cache.SharedFileCache",
        "LOCATION": os.environ.get("TANGGUH_PUBLIC_CACHE_DIR")
        or str(PROJECT_DIR / "var" / "public-cache"),
        "OPTIONS": {"MAX_ENTRIES": 50000},
    },
}
