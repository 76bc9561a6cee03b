"""Test settings: fast hashing and key derivation, tasks run at once, mail kept in memory. The cache and the
rate-limit counters are the real shared ones (the database, or Redis with REDIS_URL), as in production."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECRETS_DEV_FALLBACK = True
# The production hasher at the cheap vault costs below (it follows them).
PASSWORD_HASHERS = ["pseahub.accounts.hashers.VaultArgon2PasswordHasher"]
VAULT_ARGON2_OPSLIMIT = 1
VAULT_ARGON2_MEMLIMIT = 8 * 1024
VAULT_RECEIPT_OPSLIMIT = 1
VAULT_RECEIPT_MEMLIMIT = 8 * 1024
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the apps (no collectstatic in development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
