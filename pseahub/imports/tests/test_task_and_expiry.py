"""The background path: the task runs the dry run and the import with the worker's key (not the
coordinator's), the page shows progress while they run, and uploads expire after seven days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.cases.models import Complaint
from pseahub.imports.models import ImportRun, ImportState
from pseahub.imports.services import imports_expire
from pseahub.imports.tasks import import_execute_task
from pseahub.vault.models import KeyGrant, SealedFile

from .helpers import uploaded_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(personas, areas, unlocked_client_for):
    return uploaded_run(unlocked_client_for(personas.coordinator))


def test_the_task_checks_and_imports_without_any_signed_in_user(run):
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.CHECKING)
    result = import_execute_task.enqueue(run_id=run.pk, dry_run=True)
    assert result.return_value == {"valid": 3, "errors": 4, "duplicates": 0}
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, valid_only=True, claimed_at=None)
    result = import_execute_task.enqueue(run_id=run.pk, dry_run=False)
    assert result.return_value == {"imported": 3, "errors": 4, "duplicates": 0}
    assert Complaint.objects.filter(is_imported=True).count() == 3


def test_a_run_not_queued_is_left_alone(run):
    assert import_execute_task.enqueue(run_id=run.pk, dry_run=False).return_value == {"skipped": 1}
    assert Complaint.objects.count() == 0


def test_a_task_delivered_twice_runs_once(run):
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, valid_only=True)
    ImportRun.objects.filter(pk=run.pk).update(claimed_at=timezone.now())  # another worker has it
    assert import_execute_task.enqueue(run_id=run.pk, dry_run=False).return_value == {"skipped": 1}
    assert Complaint.objects.count() == 0


def test_all_or_nothing_in_the_task_too(run):
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, valid_only=False)
    assert import_execute_task.enqueue(run_id=run.pk, dry_run=False).return_value == {"imported": 0, "errors": 4}
    run.refresh_from_db()
    assert run.state == ImportState.REFUSED and Complaint.objects.count() == 0


def test_the_page_shows_progress_and_refreshes_while_running(personas, run, client_for):
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, done_rows=2)
    page = client_for(personas.coordinator).get(f"/cases/import/{run.public_id}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="progress" max="7" value="2">' in page
    assert "2 of 7 rows" in page
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.CHECKED)
    page = client_for(personas.coordinator).get(f"/cases/import/{run.public_id}/").content.decode()
    assert "http-equiv" not in page


def test_uploads_expire_after_seven_days(run):
    assert imports_expire() == 0
    assert imports_expire(now=timezone.now() + dt.timedelta(days=7, minutes=1)) == 1
    run.refresh_from_db()
    assert run.purged_at and run.upload_id is None and run.worker_key is None and run.report is None
    assert run.state == ImportState.DISCARDED
    assert not SealedFile.objects.exists() and not KeyGrant.objects.filter(keyring=run.keyring).exists()


def test_with_the_database_backend_the_worker_runs_what_the_page_queued(
    personas, run, client_for, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker tidies connections between tasks, which would close the test's own transaction on PostgreSQL.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client = client_for(personas.coordinator)  # the worker needs nobody's key: a locked one will do
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cases/import/{run.public_id}/check/")
    run.refresh_from_db()
    assert run.state == ImportState.CHECKING
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [], "kwargs": {"run_id": run.pk, "dry_run": True}}  # no content
    page = client.get(f"/cases/import/{run.public_id}/").content.decode()
    assert "Dry run in progress" in page and 'http-equiv="refresh"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    run.refresh_from_db()
    assert run.state == ImportState.CHECKED and (run.valid_rows, run.error_rows) == (3, 4)


def test_a_failure_while_storing_leaves_nothing_half_imported(run, monkeypatch):
    from pseahub.audit.models import Action, AuditEvent
    from pseahub.imports import execute

    calls = []

    def store_then_fail(ready, *, actor):
        calls.append(len(ready))
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real_store(ready, actor=actor)

    real_store = execute.complaints_store_bulk
    monkeypatch.setattr(execute, "CHUNK", 2)  # three valid rows: two inserts, the second fails
    monkeypatch.setattr(execute, "complaints_store_bulk", store_then_fail)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, valid_only=True)
    with pytest.raises(RuntimeError):  # raised again, so that the worker records the task as failed
        execute.import_execute(run_id=run.pk, dry_run=False)
    assert calls == [2, 1]
    run.refresh_from_db()
    assert run.state == ImportState.FAILED and run.failure == "storing failed: nothing was imported"
    assert Complaint.objects.count() == 0
    assert not AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).exists()
