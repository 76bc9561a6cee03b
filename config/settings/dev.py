"""Local development: `make run`. Debug on, SQLite by default, e-mail printed to the console."""

import os

from config.env import envint, envstr

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = envstr("SECRET_KEY", "") or "dev-only-insecure-key-" + str(BASE_DIR)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# `make run PORT=8001` (bin/run-dev) serves on PORT: links in e-mail notices and demo_logins follow it,
# unless SITE_URL is set outright.
PORT = envint("PORT", 8000)
SITE_URL = envstr("SITE_URL", "") or f"http://127.0.0.1:{PORT}"
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
PSEAHUB_DEMO = True
SECRETS_DEV_FALLBACK = True
# Cheaper key derivation so the demo logs in quickly on a laptop; production keeps the base cost.
VAULT_ARGON2_MEMLIMIT = 64 * 1024 * 1024
VAULT_ARGON2_OPSLIMIT = 2
VAULT_RECEIPT_OPSLIMIT = 2
VAULT_RECEIPT_MEMLIMIT = 16 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the apps (no collectstatic in development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Demo channel secrets (pseahub/intake/demo.py): real installations set their own in the environment.
os.environ.setdefault("PSEAHUB_DEMO_SMS_SECRET", "demo-sms-secret")
os.environ.setdefault("PSEAHUB_DEMO_KOBO_TOKEN", "demo-kobo-token")
