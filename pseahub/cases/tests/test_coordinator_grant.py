"""A coordinator appointed after complaints arrived gets access from one who has it, on /cases/keys/ (every
complaint the giver can open) or on a case page (that complaint), with the complaints' referrals; one audit
entry per complaint; a repeated POST gives nothing twice."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.audit.models import Action
from pseahub.cases.services import user_exclude
from pseahub.vault.models import KeyGrant

from .helpers import LOCKED_NOTICE, events, events_on, file_complaint, text, user_with_role

URL = "/cases/keys/coordinators/"


def appoint():
    """A coordinator appointed now: on no complaint filed before."""
    return user_with_role("newcomer@example.org", Role.COORDINATOR)


@pytest.mark.django_db
def test_a_new_coordinator_gets_every_complaint_in_one_post(personas, unlocked_client_for):
    complaints = [file_complaint(narrative=f"Pelican-{n}") for n in range(2)]
    newcomer = appoint()
    newcomer_client = unlocked_client_for(newcomer)
    assert newcomer_client.get(f"/cases/{complaints[0].public_id}/").status_code == 404
    giver = unlocked_client_for(personas.coordinator)
    listing = text(giver.get("/cases/keys/"))
    assert newcomer.display_name in listing

    response = giver.post(URL, {"user": str(newcomer.public_id)}, follow=True)

    assert response.redirect_chain[-1][0] == "/cases/keys/"
    page = text(response)
    assert f"{newcomer.display_name} can now open 2 more complaint(s)." in page
    assert "Every coordinator can open the complaints you can open." in page
    for n, complaint in enumerate(complaints):
        assert f"Pelican-{n}" in text(newcomer_client.get(f"/cases/{complaint.public_id}/"))
        (event,) = events_on(complaint, Action.KEY_GRANTED)
        assert (event.actor, event.data) == (personas.coordinator, {"user": str(newcomer.public_id)})
    # Safe to repeat: nothing more to give, nothing more audited.
    again = text(giver.post(URL, {"user": str(newcomer.public_id)}, follow=True))
    assert f"{newcomer.display_name} can now open 0 more complaint(s)." in again
    assert len(events(Action.KEY_GRANTED)) == 2


@pytest.mark.django_db
def test_from_the_case_page_only_that_complaint(personas, unlocked_client_for):
    complaint, other = file_complaint(narrative="Cormorant"), file_complaint()
    newcomer = appoint()
    giver = unlocked_client_for(personas.coordinator)
    assert "Coordinators who cannot open this complaint" in text(giver.get(f"/cases/{complaint.public_id}/"))

    response = giver.post(URL, {"user": str(newcomer.public_id), "complaint": str(complaint.public_id)}, follow=True)

    assert response.redirect_chain[-1][0] == f"/cases/{complaint.public_id}/"
    assert "Coordinators who cannot open this complaint" not in text(response)
    assert KeyGrant.objects.filter(keyring=complaint.keyring, user=newcomer).exists()
    assert not KeyGrant.objects.filter(keyring=other.keyring, user=newcomer).exists()


@pytest.mark.django_db
def test_the_referrals_come_with_the_complaint(personas, unlocked_client_for):
    from pseahub.referrals.tests.helpers import refer, sea_complaint

    referral = refer(personas, sea_complaint(personas))
    newcomer = appoint()

    unlocked_client_for(personas.coordinator).post(URL, {"user": str(newcomer.public_id)})

    assert KeyGrant.objects.filter(keyring=referral.keyring, user=newcomer).exists()
    (event,) = events_on(referral.complaint, Action.KEY_GRANTED)
    assert event.data == {"user": str(newcomer.public_id), "referrals": 1}


@pytest.mark.django_db
def test_never_a_complaint_they_are_excluded_from(personas, unlocked_client_for):
    complaint, excluded = file_complaint(), file_complaint()
    newcomer = appoint()
    user_exclude(actor=personas.coordinator, complaint=excluded, user=newcomer)

    unlocked_client_for(personas.coordinator).post(URL, {"user": str(newcomer.public_id)})

    assert KeyGrant.objects.filter(keyring=complaint.keyring, user=newcomer).exists()
    assert not KeyGrant.objects.filter(keyring=excluded.keyring, user=newcomer).exists()


@pytest.mark.django_db
def test_only_to_a_coordinator(personas, unlocked_client_for):
    file_complaint()

    response = unlocked_client_for(personas.coordinator).post(
        URL, {"user": str(personas.focal_point_a.public_id)}, follow=True
    )

    assert "Only a coordinator who has set a password can be given access this way." in text(response)
    assert not KeyGrant.objects.filter(user=personas.focal_point_a).exists()
    assert not events(Action.KEY_GRANTED)


@pytest.mark.django_db
def test_a_locked_key_gives_nothing(personas, client_for):
    complaint = file_complaint()
    newcomer = appoint()

    response = client_for(personas.coordinator).post(URL, {"user": str(newcomer.public_id)}, follow=True)

    assert "Your key is locked." in text(response)
    assert not KeyGrant.objects.filter(keyring=complaint.keyring, user=newcomer).exists()
    assert LOCKED_NOTICE not in text(response)
