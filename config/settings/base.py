"""Settings shared by every environment. Values come from the environment through ``config.env``."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = envstr("SECRET_KEY", "")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "pseahub.core",
    "pseahub.accounts",
    "pseahub.audit",
    "pseahub.vault",
    "pseahub.network",
    "pseahub.cases",
    "pseahub.intake",
    "pseahub.referrals",
    "pseahub.mapping",
    "pseahub.tracker",
    "pseahub.backup",
    "pseahub.imports",
    "pseahub.insights",
    "pseahub.planning",
    "pseahub.partners",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pseahub.core.csrf.FetchMetadataCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pseahub.accounts.middleware.UserLanguageMiddleware",
    "pseahub.accounts.middleware.VaultSessionMiddleware",
    "pseahub.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pseahub.core.middleware.NoStoreMiddleware",
    # Axes must be last: it turns a lockout signalled by the authentication backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pseahub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pseahub.network.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL -------------------------------
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Connections are kept for a minute (checked before reuse): opening one per request costs a PostgreSQL
# backend process, or SQLite's pragmas, on every page. DB_CONN_MAX_AGE=0 closes them after each request.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that looks at the socket instead of a round trip per request.
    DATABASES["default"]["ENGINE"] = "pseahub.core.db.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers that wait for the lock in 1 ms steps (see pseahub/core/db/sqlite3).
    DATABASES["default"]["ENGINE"] = "pseahub.core.db.sqlite3"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, two-factor, lockout --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "pseahub.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id at the vault's cost (VAULT_ARGON2_*): the login hash is no cheaper to attack than the private-key wrap
# the same password protects. Older Argon2 hashes (Django's defaults) are re-hashed at the next sign-in.
PASSWORD_HASHERS = [
    "pseahub.accounts.hashers.VaultArgon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout (django-axes): per (account name, client), with a higher ceiling per account name, so that a stranger
# guessing from one place cannot lock a coordinator out everywhere; the user gets an e-mail notice
# (pseahub.accounts.lockout). The client is a keyed hash of its address (AXES_CLIENT_IP_CALLABLE), never the
# address: we keep no reporters' or staff IP addresses.
LOGIN_FAILURES_PER_CLIENT = envint("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ACCOUNT = envint("LOGIN_FAILURES_PER_ACCOUNT", 20)
AXES_FAILURE_LIMIT = "pseahub.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# Attempts refused while locked are not counted: otherwise one client hammering on would reach the per-name
# ceiling alone and lock the owner out everywhere.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pseahub.accounts.views.lockout"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "pseahub.accounts.lockout.client_tag"

OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "PSEA Hub")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle timeout: the session lives SESSION_IDLE_MINUTES after the last request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Vault: Argon2id cost for keys derived from passwords and receipts -----------------------------------
# One Argon2id cost (one lane) for the password-wrapped private keys AND the login password hash
# (accounts.hashers): the hash must not be a cheaper way to test guesses than the wrap. A sign-in therefore
# derives twice (hash check, then unwrap). libsodium's "moderate" (3 passes over 256 MiB) took ~0.9 s per sign-in
# on this 2-core machine idle and 1.0-1.5 s with other work running (bench P6), over the 1 s target; 2 passes
# over the same 256 MiB take ~0.6 s idle, ~0.75 s loaded. Memory is what makes guessing costly on GPUs and ASICs,
# so it stays at 256 MiB; one pass less costs an attacker a third fewer operations per guess, still far above
# OWASP's minimum (2 passes, 19 MiB). Stored with each wrap and hash: changing these re-wraps and re-hashes each
# user's at their next sign-in. Tests lower them through the test settings.
VAULT_ARGON2_OPSLIMIT = envint("VAULT_ARGON2_OPSLIMIT", 2)
VAULT_ARGON2_MEMLIMIT = envint("VAULT_ARGON2_MEMLIMIT", 256 * 1024 * 1024)
VAULT_COOKIE_NAME = "pseahub_vault"
# Receipts: 16 random digits (10^16) peppered with a secret outside the database, then Argon2id with one pass
# over 64 MiB (~35 ms of a core). One pass over as much memory as can be afforded is the form RFC 9106
# recommends (its first choice is 2 GiB); OWASP's single-pass minimum is 46 MiB. The database alone allows no
# guessing; with database AND pepper stolen, finding any one of 100,000 receipts still costs ~10^11 guesses,
# over 100 core-years. Each intake pays one derivation, so this also sets the intake ceiling (bench P2: 2
# cores take ~40 reports/s at p99 < 1 s). Fixed per installation at first use (vault.ReceiptKdf), so changing
# these only affects new installations.
VAULT_RECEIPT_OPSLIMIT = envint("VAULT_RECEIPT_OPSLIMIT", 1)
VAULT_RECEIPT_MEMLIMIT = envint("VAULT_RECEIPT_MEMLIMIT", 64 * 1024 * 1024)
# Mixed into every receipt (HMAC) before Argon2id and never stored in the database: a leaked database alone
# allows no offline guessing of receipts. Required in production (config.settings.prod, check --deploy); only
# dev and test fall back to a derivation of SECRET_KEY (SECRETS_DEV_FALLBACK).
VAULT_RECEIPT_PEPPER = envstr("VAULT_RECEIPT_PEPPER", "")
# The root of the keyed checks a database writer must not be able to redo (audit MACs, sealed values bound to
# their rows): pseahub.core.secrets. Required in production; never stored in the database.
INTEGRITY_KEY = envstr("INTEGRITY_KEY", "")
# Dev and test only: derive the two secrets above from SECRET_KEY when they are not set.
SECRETS_DEV_FALLBACK = False
# The dispatch key pair (X25519, base64; `manage.py dispatch_keygen` makes one): messages to reporters leave
# the web request sealed to its public half, and only the task worker, which holds the private half, opens
# and sends them (pseahub.intake.dispatch). Web processes need only DISPATCH_PUBLIC_KEY (derived from the
# private half where that is set). Never in the database; required in production (check --deploy); dev and
# test derive a default pair from SECRET_KEY (SECRETS_DEV_FALLBACK).
DISPATCH_PUBLIC_KEY = envstr("DISPATCH_PUBLIC_KEY", "")
DISPATCH_PRIVATE_KEY = envstr("DISPATCH_PRIVATE_KEY", "")

# --- Audit log: anchors outside the database, anonymous failures counted per window -----------------------
# The chain's head (entry number and MAC, nothing about any case) goes to these addresses once a day and is
# appended to this file every hour (pseahub/audit/periodic.py); `verify_audit --anchors FILE` checks them.
AUDIT_ANCHOR_EMAILS = envlist("AUDIT_ANCHOR_EMAILS", [])
AUDIT_ANCHOR_FILE = envstr("AUDIT_ANCHOR_FILE", "")
# Failed sign-ins for unknown accounts and refused webhook calls: one entry per window of this many seconds.
AUDIT_FAILURE_WINDOW_SECONDS = envint("AUDIT_FAILURE_WINDOW_SECONDS", 5 * 60)

# --- Intake: uploads stay in memory until sealed; limits for the public pages ----------------------------
FILE_UPLOAD_HANDLERS = ["pseahub.intake.uploads.SealedMemoryUploadHandler"]
INTAKE_MAX_ATTACHMENTS = envint("INTAKE_MAX_ATTACHMENTS", 5)
INTAKE_MAX_ATTACHMENT_BYTES = envint("INTAKE_MAX_ATTACHMENT_MB", 10) * 1024 * 1024
INTAKE_REPORTS_PER_HOUR = envint("INTAKE_REPORTS_PER_HOUR", 10)
INTAKE_RECEIPT_TRIES_PER_HOUR = envint("INTAKE_RECEIPT_TRIES_PER_HOUR", 10)
# Wrong receipt codes network-wide: this many within the window notifies the coordinators (once per window).
INTAKE_RECEIPT_BURST_THRESHOLD = envint("INTAKE_RECEIPT_BURST_THRESHOLD", 100)
INTAKE_RECEIPT_BURST_WINDOW_MINUTES = envint("INTAKE_RECEIPT_BURST_WINDOW_MINUTES", 60)

# --- Clients behind proxies, and the shared store for rate limits -------------------------------------------
# How many reverse proxies of ours stand in front of the application. 0: the client is REMOTE_ADDR. N: the
# client is the address the outermost of our proxies appended, the N-th value from the right of
# X-Forwarded-For (values further left are written by the client and never trusted). Used by every limiter
# and by the lockout (pseahub.core.client), only ever as a keyed hash.
TRUSTED_PROXY_HOPS = envint("TRUSTED_PROXY_HOPS", 1 if envstr("INTAKE_CLIENT_IP_HEADER", "") else 0)
TRUSTED_PROXY_HEADER = envstr("INTAKE_CLIENT_IP_HEADER", "") or "HTTP_X_FORWARDED_FOR"
# Rate-limit counters and the cache are shared by every process: Redis when REDIS_URL is set, otherwise the
# database (the cache table and core_counter, both made by `migrate`).
REDIS_URL = envstr("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Short-lived values (e.g. the tracker's counts). The report forms' one-time tokens and waiting receipts are not
    # here but in their own table (pseahub.intake.submission), written in the complaint's transaction. The cache
    # culls only far beyond its default of 300 entries, which would drop live values.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pseahub_cache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }

# --- Languages --------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "pseahub_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# Dates per language (pseahub/core/formats/<lang>/formats.py); templates use the named formats, exports ISO.
FORMAT_MODULE_PATH = ["pseahub.core.formats"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# --- Backups (pseahub/backup) ---------------------------------------------------------------------------------
# The age public key(s) (age1…, one a line) that `manage.py backup` encrypts to; the secret half stays offline.
BACKUP_RECIPIENT = envstr("BACKUP_RECIPIENT", "")

# --- Security headers ---------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Background tasks -------------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail: never put sensitive content in a body or subject ------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "psea-hub@localhost")

# --- Logging: no request bodies, no query strings with personal data --------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the path of failing requests; paths never carry personal data here.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

PSEAHUB_DEMO = envbool("PSEAHUB_DEMO", False)
# The address people use to reach this installation; links in e-mail notices start with it.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
