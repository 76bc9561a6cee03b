"""Benchmarks (``bench/``): the production settings, served over plain HTTP on localhost.

Only what a benchmark on one machine needs differs from ``prod``: no HTTPS redirect or secure-only cookies
(so the cookies lose their ``__Host-`` prefix), a throwaway secret key, a rate limit that 32 clients sharing
one address cannot reach, and a URLconf with an empty view for the server's ceiling. DEBUG stays off, the
Argon2id costs are the production ones, static files are collected (hashed, precompressed by WhiteNoise).
The bench scripts set DATABASE_URL; the defaults below only let ``manage.py`` start.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-throwaway-key-never-used-for-real-data-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("VAULT_RECEIPT_PEPPER", "bench-only-throwaway-pepper-0123456789abcdef")
os.environ.setdefault("INTEGRITY_KEY", "bench-only-throwaway-integrity-key-0123456789")
# base64 of "bench-only-throwaway-dispatch-k!"
os.environ.setdefault("DISPATCH_PRIVATE_KEY", "YmVuY2gtb25seS10aHJvd2F3YXktZGlzcGF0Y2gtayE=")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/pseahub-bench.sqlite3")

from pathlib import Path

from .prod import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
INTAKE_REPORTS_PER_HOUR = 10**9
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/pseahub-bench-static"))  # noqa: S108
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
