"""System checks for what production needs outside the database (reported by ``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from .secrets import MIN_SECRET_LENGTH

# Secrets that must be set, long and distinct in production: (setting, why).
REQUIRED_SECRETS = [
    ("VAULT_RECEIPT_PEPPER", "receipts are peppered with it; without it a stolen database allows receipt guessing"),
    ("INTEGRITY_KEY", "the audit log's MACs and the binding of sealed values to their rows are keyed with it"),
]


@register(Tags.security, deploy=True)
def check_secrets_outside_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name, why in REQUIRED_SECRETS:
        value = getattr(settings, name, "") or ""
        if not value:
            errors.append(
                Error(f"{name} is not set: {why}.", hint=f"Set {name} or {name}_FILE.", id=f"pseahub.E_{name}")
            )
        elif len(value) < MIN_SECRET_LENGTH:
            errors.append(
                Error(
                    f"{name} is shorter than {MIN_SECRET_LENGTH} characters.",
                    hint="Use `openssl rand -hex 32`.",
                    id=f"pseahub.E_{name}_SHORT",
                )
            )
        elif value == settings.SECRET_KEY:
            errors.append(Error(f"{name} must differ from SECRET_KEY.", id=f"pseahub.E_{name}_IS_SECRET_KEY"))
    return errors
