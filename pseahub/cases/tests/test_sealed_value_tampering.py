"""Someone who can write the database swaps sealed values between complaints, or between rows of one complaint:
the service refuses to show them, and the case page says so (no 500, nothing of the moved content shown)."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Complaint, Message, Survivor
from pseahub.cases.services import complaint_content_read, message_to_reporter, survivor_update
from pseahub.vault import services as vault
from pseahub.vault.crypto import SealedValueTamperedError
from pseahub.vault.models import Keyring

from .helpers import events_on, file_complaint, keyring_private, opened, text

NOTICE = "failed its integrity check and is not shown"


def _swap_complaints(one: Complaint, two: Complaint) -> None:
    """Swap the keyrings and the sealed narratives of two complaints, as a database writer could: coordinators
    hold grants on both, so before binding each complaint's page showed the other's narrative."""
    spare = Keyring.objects.create(public_key=b"\x00" * 32)
    Complaint.objects.filter(pk=one.pk).update(keyring=spare)
    Complaint.objects.filter(pk=two.pk).update(keyring=one.keyring_id, sealed=bytes(one.sealed))
    Complaint.objects.filter(pk=one.pk).update(keyring=two.keyring_id, sealed=bytes(two.sealed))


@pytest.fixture
def swapped(personas):
    one = file_complaint(narrative="Narrative-Of-One-Heron")
    two = file_complaint(narrative="Narrative-Of-Two-Ibis")
    _swap_complaints(one, two)
    return Complaint.objects.get(pk=one.pk), Complaint.objects.get(pk=two.pk)


@pytest.mark.django_db
def test_a_narrative_swapped_with_another_complaints_is_refused(personas, swapped):
    one, _two = swapped

    with pytest.raises(SealedValueTamperedError) as refused:
        opened(personas.coordinator, one, one)

    assert f"cases.complaint {one.public_id}, field sealed" in str(refused.value)
    assert "Ibis" not in str(refused.value)


@pytest.mark.django_db
def test_the_case_page_says_the_swapped_narrative_was_refused_and_shows_the_rest(
    personas, swapped, unlocked_client_for
):
    one, _two = swapped

    response = unlocked_client_for(personas.coordinator).get(f"/cases/{one.public_id}/")

    assert response.status_code == 200
    page = text(response)
    assert NOTICE in page
    assert f"cases.complaint {one.public_id}, field sealed" in page
    assert "Narrative-Of-Two-Ibis" not in page
    assert "Narrative-Of-One-Heron" not in page
    # Its own survivor row, still sealed to the keyring it lost, is refused too.
    (event,) = events_on(one, Action.SEALED_VALUE_REFUSED)
    assert event.data["values"][0] == f"cases.complaint {one.public_id}, field sealed"
    assert event.data["values"][1].startswith("cases.survivor ")


@pytest.mark.django_db
def test_a_survivors_name_moved_to_another_complaints_survivor_is_refused(personas):
    one, two = file_complaint(), file_complaint()
    named = one.survivors.get()
    survivor_update(
        actor=personas.coordinator,
        survivor=named,
        sex=named.sex,
        age_group=None,
        disability=named.disability,
        displacement=None,
        is_child=False,
        name="Survivor-Name-Quokka",
        contact="",
    )
    # The whole survivor row moved to the other complaint, its identifier and all.
    Survivor.objects.filter(pk=named.pk).update(complaint=two)

    content = complaint_content_read(
        actor=personas.coordinator, complaint=two, keyring_private=keyring_private(personas.coordinator, two)
    )

    assert "Survivor-Name-Quokka" not in str(content.survivors)
    assert content.survivors[named.pk] == {}
    assert content.refused == [f"cases.survivor {named.public_id}, field sealed"]


@pytest.mark.django_db
def test_messages_swapped_within_one_complaint_are_refused(personas):
    complaint = file_complaint()
    first = message_to_reporter(actor=personas.coordinator, complaint=complaint, body="First-Message-Tapir")
    second = message_to_reporter(actor=personas.coordinator, complaint=complaint, body="Second-Message-Yak")
    Message.objects.filter(pk=first.pk).update(sealed=bytes(second.sealed))
    Message.objects.filter(pk=second.pk).update(sealed=bytes(first.sealed))

    content = complaint_content_read(
        actor=personas.coordinator,
        complaint=complaint,
        keyring_private=keyring_private(personas.coordinator, complaint),
    )

    assert [body for _message, body in content.messages] == ["", ""]
    assert len(content.refused) == 2


@pytest.mark.django_db
def test_an_untouched_complaint_opens_and_refuses_nothing(personas):
    complaint = file_complaint(narrative="Untouched-Narrative-Kiwi")

    content = complaint_content_read(
        actor=personas.coordinator,
        complaint=complaint,
        keyring_private=keyring_private(personas.coordinator, complaint),
    )

    assert content.complaint["narrative"] == "Untouched-Narrative-Kiwi"
    assert content.refused == []
    assert not events_on(complaint, Action.SEALED_VALUE_REFUSED)


@pytest.mark.django_db
def test_a_narrative_forged_with_the_complaints_public_key_is_refused(personas):
    """A plain sealed box, which anyone with the public key can make (and all the server ever wrote before)."""
    from pseahub.vault.crypto import seal

    complaint = file_complaint()
    forged = seal(bytes(complaint.keyring.public_key), b'{"narrative": "Forged-Narrative-Gnu"}')
    Complaint.objects.filter(pk=complaint.pk).update(sealed=forged)
    complaint.refresh_from_db()

    with pytest.raises(SealedValueTamperedError):
        vault.open_data(keyring_private(personas.coordinator, complaint), bound_to=(complaint, "sealed"))


@pytest.mark.django_db
def test_an_attachment_swapped_with_another_is_refused_on_download(personas, unlocked_client_for):
    from pseahub.cases.services import AttachmentInput, attachment_add
    from pseahub.vault.models import SealedFile

    complaint = file_complaint()
    kept = attachment_add(
        complaint=complaint,
        attachment=AttachmentInput(content=b"kept", filename="kept.txt", content_type="text/plain"),
        from_reporter=True,
    )
    moved = attachment_add(
        complaint=complaint,
        attachment=AttachmentInput(content=b"moved", filename="moved.txt", content_type="text/plain"),
        from_reporter=True,
    )
    SealedFile.objects.filter(pk=moved.sealed_file_id).update(ciphertext=bytes(kept.sealed_file.ciphertext))

    response = unlocked_client_for(personas.coordinator).get(
        f"/cases/{complaint.public_id}/attachments/{moved.pk}/", follow=True
    )

    assert response.redirect_chain == [(f"/cases/{complaint.public_id}/", 302)]
    assert NOTICE in text(response)
    (event,) = events_on(complaint, Action.SEALED_VALUE_REFUSED)
    assert event.data == {"values": [f"vault.sealedfile {moved.sealed_file.public_id}, field ciphertext"]}
