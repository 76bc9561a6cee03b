"""The media addresses are stored only until fetched: finished runs of the fetch task are forgotten by the
next run, where the database task backend would otherwise keep their arguments."""

from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pseahub.intake.tasks import _media_runs_forget, media_fetch, media_fetch_run

URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1/Media/ME1"


@pytest.mark.django_db
def test_finished_fetch_runs_are_forgotten_with_their_arguments(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    items = [{"url": URL, "content_type": "image/jpeg", "filename": "", "number": 1, "total": 1}]
    done = media_fetch.enqueue(channel_id=1, complaint_id=1, items=items)
    waiting = media_fetch.enqueue(channel_id=1, complaint_id=2, items=items)
    DBTaskResult.objects.filter(id=done.id).update(status=TaskResultStatus.SUCCESSFUL)

    _media_runs_forget()

    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [str(waiting.id)]
    # A run for a complaint that no longer exists does nothing.
    assert media_fetch_run(channel_id=1, complaint_id=999, items=items)["skipped"] == 1
