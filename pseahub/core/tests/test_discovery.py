"""run_scheduler and load_demo find each app's periodic.py and demo.py through the installed apps, so core
imports no app above it: the tasks that were in run_scheduler's own list are found in their apps, and an app
added to INSTALLED_APPS is picked up without touching core."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from pseahub.cases.tasks import retention_purge
from pseahub.core.discovery import DemoOptions, demo_loaders, periodic_tasks
from pseahub.intake.tasks import mailbox_poll_all
from pseahub.referrals.tasks import deadlines_check

from .discovered_app import demo as probe_demo
from .discovered_app import periodic as probe_periodic

WITH_PROBE = override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "pseahub.core.tests.discovered_app"])


@pytest.fixture(autouse=True)
def _keep_signal_handlers() -> Iterator[None]:
    # run_scheduler installs its own SIGTERM/SIGINT handlers; give pytest its own back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_the_apps_periodic_tasks_are_found_with_their_intervals():
    found = periodic_tasks()

    assert (deadlines_check, 5 * 60) in found
    assert (retention_purge, 6 * 60 * 60) in found
    assert (mailbox_poll_all, 60) in found


def test_the_demo_loaders_run_in_their_order():
    labels = [label for label, _load in demo_loaders()]
    assert labels == ["network", "mapping", "intake", "cases", "referrals", "insights", "planning", "partners"]


@pytest.mark.django_db
def test_another_apps_periodic_task_is_enqueued_by_run_scheduler():
    probe_periodic.RUNS.clear()
    with WITH_PROBE:
        assert (probe_periodic.tick, 3600) in periodic_tasks()
        call_command("run_scheduler", "--once")

    assert probe_periodic.RUNS == ["tick"]  # the test settings run tasks at once


def test_another_apps_demo_loader_takes_its_place_and_the_options():
    with WITH_PROBE:
        loaders = demo_loaders()

    assert [label for label, _load in loaders][:3] == ["network", "discovered_app", "mapping"]
    probe_demo.LOADED.clear()
    assert dict(loaders)["discovered_app"](DemoOptions(complaints=7)) == {"probes": 1}
    assert [DemoOptions(complaints=7)] == probe_demo.LOADED
