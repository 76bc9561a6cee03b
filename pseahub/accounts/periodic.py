"""Periodic tasks of accounts, discovered by ``manage.py run_scheduler``: (task, every N seconds)."""

from __future__ import annotations

from typing import Any

from .tasks import key_grants_tidy

PERIODIC_TASKS: list[tuple[Any, int]] = [(key_grants_tidy, 5 * 60)]
