"""referral_revoke: the coordinator withdraws a referral; the recipients' key wraps are removed, so the referral
page and every action on it answer 404; the coordinator keeps access; the revocation is audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Status
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.models import ReferralState
from pseahub.referrals.services import referral_content_read, referral_revoke
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events_on, private_key, refer, sea_complaint, sign_in, text


def _user_grants(referral):
    return set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))


@pytest.mark.django_db
def test_it_removes_the_recipients_key_wraps(personas):
    referral = refer(personas, sea_complaint(personas))
    focal_point = sign_in(personas.focal_point_a)
    assert focal_point.get(f"/referrals/{referral.public_id}/").status_code == 200

    referral_revoke(actor=personas.coordinator, referral=referral, note="Sent to the wrong agency.")

    referral.refresh_from_db()
    assert referral.state == ReferralState.REVOKED
    assert referral.revoked_at is not None
    assert referral.due_at is None
    assert _user_grants(referral) == {personas.coordinator.pk}
    assert (
        referral_content_read(
            actor=personas.focal_point_a, referral=referral, actor_private=private_key(personas.focal_point_a)
        )
        is None
    )
    for url in ("", "acknowledge/", "decline/", "progress/", "close/", "follow-up/"):
        method = focal_point.get if url == "" else focal_point.post
        assert method(f"/referrals/{referral.public_id}/{url}").status_code == 404, url
    assert referral.complaint.reference not in text(focal_point.get("/referrals/?all=1"))
    (event,) = events_on(referral.complaint, Action.REFERRAL_REVOKED)
    assert event.actor == personas.coordinator
    assert event.data == {"referral": str(referral.public_id)}
    referral.complaint.refresh_from_db()
    assert referral.complaint.status == Status.TRIAGED


@pytest.mark.django_db
def test_the_coordinator_revokes_from_the_case_page(personas):
    referral = refer(personas, sea_complaint(personas))
    client = sign_in(personas.coordinator)

    response = client.post(f"/referrals/{referral.public_id}/revoke/", {"note": ""}, follow=True)

    assert response.redirect_chain == [(f"/cases/{referral.complaint.public_id}/", 302)]
    assert "Referral revoked; the recipients can no longer open it." in text(response)
    referral.refresh_from_db()
    assert referral.state == ReferralState.REVOKED
    # The coordinator still opens the referral and its history.
    page = client.get(f"/referrals/{referral.public_id}/")
    assert page.status_code == 200
    assert "Revoked" in text(page)


@pytest.mark.django_db
def test_a_finished_referral_cannot_be_revoked(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_revoke(actor=personas.coordinator, referral=referral)

    with pytest.raises(ApplicationError, match="This referral is Revoked; that step is not possible now"):
        referral_revoke(actor=personas.coordinator, referral=referral)
    assert len(events_on(referral.complaint, Action.REFERRAL_REVOKED)) == 1
