"""Helpers of the import tests: upload through the page, then run the dry run and the import as the
coordinator does (the task backend runs them at once in tests)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pseahub.imports.models import ImportRun

from .messy import messy_tracker


def upload(client: Client, content: bytes | None = None, name: str = "suivi.xlsx") -> Any:
    content = messy_tracker() if content is None else content
    return client.post("/cases/import/", {"file": SimpleUploadedFile(name, content)})


def uploaded_run(client: Client, content: bytes | None = None, name: str = "suivi.xlsx") -> ImportRun:
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def post_run(client: Client, run: ImportRun, action: str, capture: Any, **data: Any) -> Any:
    """POST an action of the run's page, running the tasks it queues once the request's transaction commits."""
    with capture(execute=True):
        response = client.post(f"/cases/import/{run.public_id}/{action}/", data)
    run.refresh_from_db()
    return response
