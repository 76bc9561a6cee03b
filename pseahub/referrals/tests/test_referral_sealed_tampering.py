"""A referral's packet or history note moved in the database is refused (the page says so, the rest stays
readable, the refusal is audited); a complaint whose sealed allegation was swapped is not referred at all."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.models import Referral, ReferralUpdate
from pseahub.referrals.services import referral_content_read
from pseahub.vault import services as vault
from pseahub.vault.models import Keyring

from .helpers import events_on, private_key, refer, sea_complaint, sign_in, text

NOTICE = "failed its integrity check and is not shown"


@pytest.mark.django_db
def test_a_packet_swapped_between_two_referrals_is_refused_on_the_page(personas):
    one = refer(personas, sea_complaint(personas), summary="Summary-One-Civet")
    two = refer(personas, sea_complaint(personas), summary="Summary-Two-Dingo")
    # Swap the referrals' keyrings and packets, so that each packet still opens with the key its row points to.
    spare = Keyring.objects.create(public_key=b"\x00" * 32)
    Referral.objects.filter(pk=one.pk).update(keyring=spare)
    Referral.objects.filter(pk=two.pk).update(keyring=one.keyring_id, sealed=bytes(one.sealed))
    Referral.objects.filter(pk=one.pk).update(keyring=two.keyring_id, sealed=bytes(two.sealed))
    one = Referral.objects.get(pk=one.pk)

    content = referral_content_read(
        actor=personas.focal_point_a, referral=one, actor_private=private_key(personas.focal_point_a)
    )
    assert content is not None
    assert content.packet == {}
    assert f"referrals.referral {one.public_id}, field sealed" in content.refused

    response = sign_in(personas.focal_point_a).get(f"/referrals/{one.public_id}/")
    assert response.status_code == 200
    assert NOTICE in text(response)
    assert "Summary-Two-Dingo" not in text(response)
    assert events_on(one.complaint, Action.SEALED_VALUE_REFUSED)


@pytest.mark.django_db
def test_a_history_note_moved_to_another_update_is_refused(personas):
    referral = refer(personas, sea_complaint(personas))
    first = referral.updates.get()
    second = ReferralUpdate.objects.create(referral=referral, at=first.at, state=first.state)
    first.sealed_note = vault.seal_data(referral.keyring, {"note": "Note-Wombat"}, bound_to=(first, "sealed_note"))
    first.save()
    ReferralUpdate.objects.filter(pk=second.pk).update(sealed_note=bytes(first.sealed_note))

    content = referral_content_read(
        actor=personas.focal_point_a, referral=referral, actor_private=private_key(personas.focal_point_a)
    )

    assert content is not None
    assert [note for _update, note in content.updates] == ["Note-Wombat", ""]
    assert content.refused == [f"referrals.referralupdate {second.public_id}, field sealed_note"]


@pytest.mark.django_db
def test_an_allegation_with_a_swapped_description_is_not_referred(personas):
    complaint = sea_complaint(personas, perpetrator_description="Perp-Of-This-One")
    other = sea_complaint(personas, perpetrator_description="Perp-Of-Another")
    Allegation.objects.filter(complaint=complaint).update(sealed=bytes(other.allegations.get().sealed))

    with pytest.raises(ApplicationError, match="failed its integrity check: nothing was referred"):
        refer(personas, complaint)

    assert not Referral.objects.filter(complaint=complaint).exists()
