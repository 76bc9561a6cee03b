"""complaint_grant_coordinator: a coordinator appointed after intake gets access from one who has it."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import user_private_key_unlock
from pseahub.audit.models import Action
from pseahub.cases.services import complaint_grant_coordinator
from pseahub.core.exceptions import ApplicationError
from pseahub.vault.models import KeyGrant

from .helpers import events_on, file_complaint, opened, user_with_role


@pytest.mark.django_db
def test_it_grants_a_new_coordinator_and_audits(personas):
    complaint = file_complaint(narrative="Flamingo-Narrative")
    newcomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)
    private = user_private_key_unlock(user=personas.coordinator, password=personas.password)

    complaint_grant_coordinator(actor=personas.coordinator, complaint=complaint, actor_private=private, user=newcomer)

    assert opened(newcomer, complaint, complaint)["narrative"] == "Flamingo-Narrative"
    (event,) = events_on(complaint, Action.KEY_GRANTED)
    assert event.actor == personas.coordinator
    assert event.data == {"user": str(newcomer.public_id)}


@pytest.mark.django_db
def test_it_refuses_anyone_but_a_coordinator(personas):
    complaint = file_complaint()
    private = user_private_key_unlock(user=personas.coordinator, password=personas.password)

    with pytest.raises(ApplicationError):
        complaint_grant_coordinator(
            actor=personas.coordinator, complaint=complaint, actor_private=private, user=personas.focal_point_a
        )

    assert not KeyGrant.objects.filter(user=personas.focal_point_a).exists()
    assert not events_on(complaint, Action.KEY_GRANTED)
