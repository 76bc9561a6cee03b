"""gunicorn.conf.py: one sync worker per core unless WEB_CONCURRENCY says otherwise."""

import os
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"


def test_one_sync_worker_per_core_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)

    conf = runpy.run_path(str(CONF))

    assert conf["workers"] == (os.cpu_count() or 1)
    assert conf["worker_class"] == "sync"


def test_web_concurrency_sets_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "5")

    assert runpy.run_path(str(CONF))["workers"] == 5
