"""A memo that lives for one request: a read repeated while answering one request runs once.

For small reads that several layers need (the network's settings: the context processor, a service, the
template). Outside a request (tasks, commands, tests that call services directly) nothing is memoised, so
long-running processes never keep stale data.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")

_memo: ContextVar[dict[str, Any] | None] = ContextVar("pseahub_request_memo", default=None)


def _request_started(**_kwargs: Any) -> None:
    _memo.set({})


def _request_finished(**_kwargs: Any) -> None:
    _memo.set(None)


def request_memo(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request under ``key``; every call outside a request computes afresh."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


def request_memo_forget(key: str) -> None:
    """Drop ``key`` after a write in the same request changed what it holds."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def connect() -> None:
    request_started.connect(_request_started, dispatch_uid="pseahub.core.memo.started")
    request_finished.connect(_request_finished, dispatch_uid="pseahub.core.memo.finished")
