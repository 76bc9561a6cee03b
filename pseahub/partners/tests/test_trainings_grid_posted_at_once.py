"""The same participants' grid posted twice at the same moment (a double click reaching two workers): its rows are
added once and both answers are the grid's redirect, not an error. On PostgreSQL: SQLite takes the write lock at
BEGIN (IMMEDIATE), so two of its writers never overlap, and its in-memory test database cannot wait."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from pseahub.audit.actions import Action
from pseahub.audit.models import AuditEvent

from .trainings_helpers import grid_data, make_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's writers never overlap"),
]


def test_two_posts_of_one_grid_at_once_add_its_rows_once(personas, client_for):
    session = make_session(personas.focal_point_a, personas.org_a)
    url = reverse("partners:training_participants", args=[session.public_id])
    rows = [{"organisation": personas.org_a.pk, "sex": sex, "role": "cfm_staff"} for sex in ("female", "male")]
    data = grid_data(rows)
    clients = [client_for(personas.focal_point_a) for _i in range(2)]
    start = threading.Barrier(2)
    answers: list[int] = []

    def send(client) -> None:
        try:
            start.wait()
            answers.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert answers == [302, 302]
    assert session.participants.count() == 2
    assert AuditEvent.objects.filter(action=Action.TRAINING_PARTICIPANTS_SAVED).count() == 1
