"""Production: refuses to start without a secret key, allowed hosts and a database."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envint, envlist, envsecret

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = envsecret("SECRET_KEY")
# Secrets kept outside the database (pseahub.core.secrets): no silent fallback to SECRET_KEY here.
VAULT_RECEIPT_PEPPER = envsecret("VAULT_RECEIPT_PEPPER")
INTEGRITY_KEY = envsecret("INTEGRITY_KEY")
# Web processes need the dispatch key's public half, the task worker its private half (pseahub.intake.dispatch).
if not (DISPATCH_PUBLIC_KEY or DISPATCH_PRIVATE_KEY):
    raise ImproperlyConfigured(
        "DISPATCH_PUBLIC_KEY (web processes) or DISPATCH_PRIVATE_KEY (the task worker) must be set; "
        "`manage.py dispatch_keygen` makes a pair."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this installation serves.")
if not (os.environ.get("DATABASE_URL") or os.environ.get("DATABASE_URL_FILE")):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (postgres://… or sqlite:///…).")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
