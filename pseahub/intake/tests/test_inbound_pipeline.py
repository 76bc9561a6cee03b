"""The one pipeline behind every external channel: exactly-once, threaded by a hashed sender."""

import pytest

from pseahub.cases.models import Complaint, Message
from pseahub.intake.models import Conversation, InboundMessage, IntakeChannel
from pseahub.intake.pipeline import InboundInput, inbound_receive


@pytest.fixture
def sms_channel(db):
    return IntakeChannel.objects.create(name="SMS 3030", slug="sms", type="sms", provider="africastalking")


@pytest.mark.django_db
def test_it_creates_one_complaint_per_external_id(personas, sms_channel):
    first = inbound_receive(
        channel=sms_channel, data=InboundInput(external_id="m-1", body="help", sender="+22370000001")
    )
    again = inbound_receive(
        channel=sms_channel, data=InboundInput(external_id="m-1", body="help", sender="+22370000001")
    )
    assert first.created and len(first.receipt) == 16
    assert again.duplicate and again.complaint == first.complaint
    assert Complaint.objects.count() == 1
    assert InboundMessage.objects.count() == 1


@pytest.mark.django_db
def test_it_threads_a_senders_next_message_into_the_open_complaint(personas, sms_channel):
    first = inbound_receive(
        channel=sms_channel, data=InboundInput(external_id="m-1", body="one", sender="+22370000001")
    )
    second = inbound_receive(
        channel=sms_channel, data=InboundInput(external_id="m-2", body="two", sender="+223 70 00 00 01")
    )
    other = inbound_receive(channel=sms_channel, data=InboundInput(external_id="m-3", body="x", sender="+22370000002"))
    assert second.complaint == first.complaint and not second.created
    assert other.created and other.complaint != first.complaint
    assert Message.objects.filter(complaint=first.complaint).count() == 1
    # The number is kept only as a keyed hash.
    assert not Conversation.objects.filter(sender_hash__contains="22370000001").exists()
