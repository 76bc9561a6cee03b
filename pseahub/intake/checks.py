"""``check --deploy``: the dispatch key pair (``dispatch.py``) must be set, well formed and consistent."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from .dispatch import dispatch_key_problems


@register(Tags.security, deploy=True)
def check_dispatch_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="`manage.py dispatch_keygen` prints a new pair.", id="pseahub.E_DISPATCH_KEY")
        for problem in dispatch_key_problems()
    ]
