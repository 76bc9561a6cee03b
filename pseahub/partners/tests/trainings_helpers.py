"""Helpers of the trainings tests: a session made through the service, and the grid's POST data."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pseahub.accounts.models import User
from pseahub.mapping.tests.factories import mali_areas
from pseahub.network.models import Organisation
from pseahub.partners.models import TrainingSession, TrainingTopic
from pseahub.partners.trainings import ParticipantRow, participants_save, session_create


def make_session(
    actor: User,
    organiser: Organisation,
    *,
    topic: str = TrainingTopic.PSEA_BASICS,
    held_on: dt.date = dt.date(2026, 3, 10),
    area: str = "ML05",
) -> TrainingSession:
    return session_create(
        actor=actor,
        data={
            "topic": topic,
            "held_on": held_on,
            "place": "Sévaré",
            "area": mali_areas()[area],
            "trainers": "Équipe PSEA",
            "organiser": organiser,
        },
    )


def add_participant(actor: User, session: TrainingSession, organisation: Organisation, **values: Any) -> None:
    row = {
        "id": None,
        "entry_key": "",
        "organisation": organisation,
        "sex": "female",
        "role": "focal_point",
        "name_consent": False,
        "name": "",
        "language": "fr",
        "pre_score": None,
        "post_score": None,
        "completed": True,
        **values,
    }
    participants_save(actor=actor, session=session, rows=[ParticipantRow(**row)])


def grid_data(rows: list[dict[str, Any]], *, initial: int = 0, total: int | None = None, submission: str = "") -> dict:
    """The grid's POST: ``rows`` fill the first rows (``initial`` of them are recorded participants)."""
    total = total if total is not None else max(len(rows), 10)
    data: dict[str, Any] = {
        "p-TOTAL_FORMS": str(total),
        "p-INITIAL_FORMS": str(initial),
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "submission": submission or str(uuid.uuid4()),
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"p-{index}-{key}"] = "on"
            elif value not in (False, None):
                data[f"p-{index}-{key}"] = str(value)
    return data
