"""Two POSTs of the same form at the same moment (a double click reaching two workers): one complaint; the
second waits for the first's transaction (the claim's primary key), rolls back what it wrote, and both answers
lead to the one receipt, shown once. On PostgreSQL: SQLite's in-memory test database takes shared-cache table
locks that fail at once instead of waiting (a file database waits; the browser test's double click covers it)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import receipt_on_page
from pseahub.core.models import Counter
from pseahub.vault.models import Keyring

from .helpers import form_token, report_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's in-memory test database cannot wait"),
]


def test_two_posts_of_one_form_at_once_file_one_complaint(personas):
    client = Client()
    token = form_token(client)
    events_before = AuditEvent.objects.count()
    start = threading.Barrier(2)
    answers: list[object] = []

    def send() -> None:
        try:
            start.wait()
            answers.append(Client().post("/report", {**report_data(), "form_token": token}))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [answer.status_code for answer in answers] == [302, 302]  # type: ignore[attr-defined]
    assert Complaint.objects.count() == 1
    assert Keyring.objects.count() == 1, "the second POST's rows were not rolled back"
    assert AuditEvent.objects.count() == events_before + 1
    assert sum(Counter.objects.values_list("value", flat=True)) == 1, "the second POST counted towards the limit"
    client.cookies.update(answers[1].cookies)  # type: ignore[attr-defined]
    assert len(receipt_on_page(client.get("/report/receipt"))) == 16
    assert 'id="receipt"' not in client.get("/report/receipt").content.decode()
