"""referral_decline: "not our staff" sends the referral back to the coordinator to re-route. The recipients lose
their key wrap (and the page), the coordinators are notified without content, and the decline is audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Status
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.models import DeclineReason, ReferralState
from pseahub.referrals.services import referral_acknowledge, referral_content_read, referral_decline
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events_on, private_key, refer, sea_complaint, sign_in, text


@pytest.mark.django_db
def test_it_sends_the_referral_back_to_the_coordinator(personas, mailoutbox, django_capture_on_commit_callbacks):
    referral = refer(personas, sea_complaint(personas))
    complaint = referral.complaint
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referral_decline(actor=personas.focal_point_a, referral=referral, reason=DeclineReason.NOT_OUR_STAFF)

    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
    assert referral.decline_reason == DeclineReason.NOT_OUR_STAFF
    assert referral.declined_at is not None
    assert referral.due_at is None
    complaint.refresh_from_db()
    assert complaint.status == Status.TRIAGED  # back with the coordinator, to re-route
    users = set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))
    assert users == {personas.coordinator.pk}
    (event,) = events_on(complaint, Action.REFERRAL_DECLINED)
    assert event.actor == personas.focal_point_a
    assert event.data == {"referral": str(referral.public_id), "reason": "not_our_staff"}
    (notice,) = mailoutbox
    assert notice.to == [personas.coordinator.email]
    assert notice.subject == f"[PSEA Hub] Referral {complaint.reference} declined: re-route it"
    # The coordinator still reads what was shared, and the history.
    content = referral_content_read(
        actor=personas.coordinator, referral=referral, actor_private=private_key(personas.coordinator)
    )
    assert [update.state for update, _note in content.updates] == ["sent", "declined"]


@pytest.mark.django_db
def test_the_focal_point_declines_on_the_page_and_then_loses_it(personas):
    referral = refer(personas, sea_complaint(personas))
    client = sign_in(personas.focal_point_a)

    response = client.post(
        f"/referrals/{referral.public_id}/decline/", {"reason": "not_our_staff", "note": "No such driver."}, follow=True
    )

    assert response.redirect_chain == [("/referrals/", 302)]
    assert "Declined. The coordinator will re-route it." in text(response)
    assert referral.complaint.reference not in text(response)  # gone from the inbox
    assert client.get(f"/referrals/{referral.public_id}/").status_code == 404
    assert client.post(f"/referrals/{referral.public_id}/acknowledge/").status_code == 404


@pytest.mark.django_db
def test_it_can_be_declined_after_acknowledging(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)

    referral_decline(actor=personas.focal_point_a, referral=referral, reason=DeclineReason.NO_CAPACITY)

    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED


@pytest.mark.django_db
def test_other_needs_a_note_and_the_reason_must_be_known(personas):
    referral = refer(personas, sea_complaint(personas))

    with pytest.raises(ApplicationError, match="Say why you decline"):
        referral_decline(actor=personas.focal_point_a, referral=referral, reason=DeclineReason.OTHER, note=" ")
    with pytest.raises(ApplicationError, match="Choose why you decline"):
        referral_decline(actor=personas.focal_point_a, referral=referral, reason="bored")

    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert events_on(referral.complaint, Action.REFERRAL_DECLINED) == []
    referral_decline(actor=personas.focal_point_a, referral=referral, reason=DeclineReason.OTHER, note="Wrong country.")
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
