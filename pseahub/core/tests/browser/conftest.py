"""Fixtures for the browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Each test gets a fresh browser context (no cookies, no cache) on one chromium per test session (per xdist
worker). The tests are skipped, with the reason given, only on a machine where Debian's chromium is not
installed; we never download a browser (``playwright install`` does, and fails here).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an asyncio event loop running in the main thread from the first browser test
# to the end of the session, so Django would refuse every ORM call made in that thread afterwards, in these
# tests and in the ones that run after them (SynchronousOnlyOperation). That is why this is process-wide and
# set at import. Nothing actually runs concurrently: the live server answers from its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Debian's chromium is not installed: apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Generous for a loaded 2-core CI machine, short enough that a hang fails the test instead of the job.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context; keyword arguments go to ``browser.new_context`` (e.g. no JavaScript)."""
    contexts: list[Any] = []

    def open_page(**context_options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page in a fresh desktop context with JavaScript on."""
    return new_page()
