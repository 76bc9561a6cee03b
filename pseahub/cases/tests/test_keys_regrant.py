"""keys_regrant: after a password reset the user's grants wait on /cases/keys/ and a coordinator re-grants
them all in one POST."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import user_password_reset, user_private_key_unlock
from pseahub.audit.models import Action
from pseahub.cases.services import keys_regrant
from pseahub.vault import services as vault
from pseahub.vault.models import KeyGrant

from .helpers import LOCKED_NOTICE, events, file_complaint, text, user_with_role

NEW_PASSWORD = "Otter-Lantern-Seventy-9"


@pytest.fixture
def second(personas):
    return user_with_role("coordinator2@example.org", Role.COORDINATOR)


@pytest.mark.django_db
def test_a_coordinator_regrants_a_reset_user_in_one_post(personas, second, unlocked_client_for):
    complaint = file_complaint(narrative="Marabou-Stork-Narrative")
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)
    second.refresh_from_db()
    reset = unlocked_client_for(second, password=NEW_PASSWORD)

    before = reset.get(f"/cases/{complaint.public_id}/")
    assert before.status_code == 200
    assert LOCKED_NOTICE in text(before)
    assert "Marabou-Stork-Narrative" not in text(before)

    coordinator = unlocked_client_for(personas.coordinator)
    listing = text(coordinator.get("/cases/keys/"))
    assert second.display_name in listing
    assert complaint.reference in listing

    response = coordinator.post("/cases/keys/", follow=True)
    page = text(response)
    assert "Access re-granted on 1 complaint(s)." in page
    assert "Nothing is waiting." in page

    after = text(reset.get(f"/cases/{complaint.public_id}/"))
    assert "Marabou-Stork-Narrative" in after
    assert LOCKED_NOTICE not in after
    grant = KeyGrant.objects.get(keyring=complaint.keyring, user=second)
    assert bytes(grant.recipient_public_key) == bytes(second.public_key)
    assert grant.granted_by == personas.coordinator
    (event,) = events(Action.KEYS_REGRANTED)
    assert event.actor == personas.coordinator
    assert event.data == {"count": 1}


@pytest.mark.django_db
def test_it_regrants_only_what_the_actor_can_open(personas, second):
    complaint = file_complaint()
    newcomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)  # no grant on the complaint
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)
    count = keys_regrant(
        actor=newcomer, actor_private=user_private_key_unlock(user=newcomer, password=personas.password)
    )

    assert count == 0
    assert vault.grants_waiting_regrant().filter(keyring=complaint.keyring).count() == 1
    assert not events(Action.KEYS_REGRANTED)


@pytest.mark.django_db
def test_with_nothing_waiting_it_does_nothing(personas, unlocked_client_for):
    file_complaint()

    response = unlocked_client_for(personas.coordinator).post("/cases/keys/", follow=True)

    assert "Access re-granted on 0 complaint(s)." in text(response)
    assert not events(Action.KEYS_REGRANTED)


@pytest.mark.django_db
def test_a_locked_key_cannot_regrant(personas, second, client_for):
    file_complaint()
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)

    response = client_for(personas.coordinator).post("/cases/keys/", follow=True)

    assert "Your key is locked." in text(response)
    assert vault.grants_waiting_regrant().count() == 1
    assert not events(Action.KEYS_REGRANTED)


@pytest.mark.django_db
def test_the_waiting_list_shows_only_complaints_the_viewer_may_open(personas, second, client_for):
    complaint = file_complaint()
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)
    latecomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)  # no grant on the complaint

    listing = text(client_for(latecomer).get("/cases/keys/"))

    assert complaint.reference not in listing
    assert "Nothing is waiting." in listing
    assert complaint.reference in text(client_for(personas.coordinator).get("/cases/keys/"))
