"""The retention purge, run as the periodic task: after the retention period a closed complaint loses its sealed
content — sealed fields emptied, messages, notes and attachments deleted, every key wrap of the complaint and of
its referrals destroyed — while the clear statistical record and the audit trail stay. Nothing is purged before
the period ends, and running it again changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import chain_verify
from pseahub.cases.models import Attachment, CaseNote, Complaint, Consent, Message, Status
from pseahub.cases.services import (
    AttachmentInput,
    ComplaintInput,
    ConsentInput,
    complaint_close,
    complaint_create,
    complaint_triage,
    message_to_reporter,
    reporter_information_add,
    survivor_update,
)
from pseahub.cases.tasks import retention_purge
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.tests.factories import AreaFactory
from pseahub.referrals.models import Referral, ReferralUpdate, Reminder
from pseahub.referrals.reminders import deadlines_process
from pseahub.referrals.services import (
    allegation_refer,
    assistance_refer,
    referral_acknowledge,
    referral_close,
    referral_progress,
)
from pseahub.referrals.tests.helpers import events_on, network, private_key, sign_in, term, text
from pseahub.vault.models import KeyGrant, Keyring, RecoveryKey, SealedFile
from pseahub.vault.services import recovery_key_create

CLOSED_AT = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
RETENTION_DAYS = 30
PURGE_TIME = CLOSED_AT + dt.timedelta(days=RETENTION_DAYS)


def run_purge(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        result = retention_purge.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    return result.return_value


@pytest.fixture
def closed(personas):
    """A complaint with something in every sealed place and two referrals, closed on CLOSED_AT."""
    network(retention_days=RETENTION_DAYS)
    recovery_key_create()
    area = AreaFactory(pcode="ML05", name="Mopti")
    coordinator_key = private_key(personas.coordinator)
    with time_machine.travel(CLOSED_AT - dt.timedelta(days=40), tick=False):
        submitted = complaint_create(
            actor=None,
            data=ComplaintInput(
                channel="web",
                narrative="NARRATIVE-Quokka",
                location_detail="Behind the warehouse",
                area=area,
                reported_organisation=personas.org_a,
                perpetrator_category=term("personnel_category", "agency_staff"),
                perpetrator_description="Driver called Zorro",
                reporter_name="Awa",
                complainant_type="survivor",
                attachments=[
                    AttachmentInput(content=b"%PDF-1.4 x", filename="photo.pdf", content_type="application/pdf")
                ],
                consents=[ConsentInput(purpose="services", decision="given", given_by="survivor")],
            ),
        )
        complaint = submitted.complaint
        survivor_update(
            actor=personas.coordinator,
            survivor=complaint.survivors.get(),
            sex="female",
            age_group=term("age_group", "18-25"),
            disability="no",
            displacement=None,
            is_child=False,
            name="Aminata",
            contact="+223 70 00 11 22",
        )
        complaint_triage(
            actor=personas.coordinator,
            complaint=complaint,
            classification="sea",
            complainant_type="survivor",
            is_urgent=False,
            involves_child=False,
            note="Triage note",
        )
        message_to_reporter(actor=personas.coordinator, complaint=complaint, body="We are on it.")
        reporter_information_add(
            complaint=complaint,
            body="More details",
            attachments=[
                AttachmentInput(content=b"\xff\xd8\xff\xe0 jpeg", filename="b.jpg", content_type="image/jpeg")
            ],
        )
        allegation = complaint.allegations.get()
        allegation.sea_type = term("sea_type", "transactional_sex")
        allegation.save()
        referral = allegation_refer(
            actor=personas.coordinator,
            allegation=allegation,
            summary="Summary",
            share_identity=False,
            actor_private=coordinator_key,
        )
        referral_acknowledge(actor=personas.focal_point_a, referral=referral)
        referral_progress(actor=personas.focal_point_a, referral=referral, note="Investigator appointed")
        referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", "substantiated"))
        # An assistance referral the provider never answered: it stays open after closure.
        assistance_refer(
            actor=personas.coordinator,
            complaint=complaint,
            service=ServiceFactory(provider=personas.org_a),
            summary="Needs care",
            actor_private=coordinator_key,
        )
    with time_machine.travel(CLOSED_AT, tick=False):
        complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn", note="Closure note")
    return Complaint.objects.get(pk=complaint.pk), submitted.receipt


def _keyrings(complaint):
    return [complaint.keyring_id, *complaint.referrals.values_list("keyring_id", flat=True)]


@pytest.mark.django_db
def test_nothing_is_purged_before_the_retention_period_ends(personas, closed):
    complaint, _receipt = closed

    assert run_purge(PURGE_TIME - dt.timedelta(minutes=1)) == 0

    complaint.refresh_from_db()
    assert complaint.purged_at is None
    assert bytes(complaint.sealed) != b""
    assert complaint.messages.count() == 2
    assert KeyGrant.objects.filter(keyring__in=_keyrings(complaint)).exists()
    assert events_on(complaint, Action.COMPLAINT_PURGED) == []


@pytest.mark.django_db
def test_it_destroys_the_sealed_content_and_every_key_wrap(personas, closed):
    complaint, _receipt = closed
    keyrings = _keyrings(complaint)
    assert Attachment.objects.filter(complaint=complaint).count() == 2

    assert run_purge(PURGE_TIME) == 1

    complaint.refresh_from_db()
    assert complaint.purged_at == PURGE_TIME
    assert bytes(complaint.sealed) == b""
    assert list(complaint.survivors.values_list("sealed", flat=True)) == [None]
    assert list(complaint.allegations.values_list("sealed", flat=True)) == [None]
    # The alleged perpetrator's sealed name and description too.
    assert list(complaint.perpetrators.values_list("sealed", flat=True)) == [None]
    assert not Message.objects.filter(complaint=complaint).exists()
    assert not CaseNote.objects.filter(complaint=complaint).exists()
    assert not Attachment.objects.filter(complaint=complaint).exists()
    assert not SealedFile.objects.filter(keyring__in=keyrings).exists()
    # Every wrap of every keyring: users, the complainant's receipt, the network recovery key.
    assert RecoveryKey.objects.exists()
    assert not KeyGrant.objects.filter(keyring__in=keyrings).exists()
    assert Keyring.objects.filter(pk__in=keyrings, purged_at=PURGE_TIME).count() == len(keyrings) == 3
    assert list(Referral.objects.filter(complaint=complaint).values_list("sealed", flat=True)) == [None, None]
    assert not ReferralUpdate.objects.filter(referral__complaint=complaint, sealed_note__isnull=False).exists()
    (event,) = events_on(complaint, Action.COMPLAINT_PURGED)
    assert event.actor is None


@pytest.mark.django_db
def test_it_keeps_the_clear_record_and_the_audit_trail(personas, closed):
    complaint, _receipt = closed
    trail = list(AuditEvent.objects.values_list("seq", "action", "entry_hash"))

    run_purge(PURGE_TIME)

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closure_reason == "withdrawn"
    assert complaint.received_at == CLOSED_AT - dt.timedelta(days=40)
    assert complaint.closed_at == CLOSED_AT
    assert complaint.area.pcode == "ML05"
    assert (complaint.channel, complaint.classification) == ("web", "sea")
    allegation = complaint.allegations.get()
    assert (allegation.organisation, allegation.personnel_category.code, allegation.sea_type.code) == (
        personas.org_a,
        "agency_staff",
        "transactional_sex",
    )
    survivor = complaint.survivors.get()
    assert (survivor.sex, survivor.age_group.code) == ("female", "18-25")
    assert list(Consent.objects.filter(complaint=complaint).values_list("purpose", "decision")) == [
        ("services", "given")
    ]
    allegation_referral = complaint.referrals.get(kind="allegation")
    assert (allegation_referral.state, allegation_referral.outcome.code) == ("closed", "substantiated")
    assert allegation_referral.acknowledged_at is not None and allegation_referral.closed_at is not None
    assert list(allegation_referral.updates.values_list("state", flat=True)) == [
        "sent",
        "acknowledged",
        "in_progress",
        "closed",
    ]
    # The audit trail is whole: every earlier entry unchanged, one more appended, the chain intact.
    assert list(AuditEvent.objects.values_list("seq", "action", "entry_hash"))[: len(trail)] == trail
    assert AuditEvent.objects.count() == len(trail) + 1
    assert chain_verify() is None


@pytest.mark.django_db
def test_running_it_again_changes_nothing(personas, closed):
    complaint, _receipt = closed
    run_purge(PURGE_TIME)
    rows = AuditEvent.objects.count()

    assert run_purge(PURGE_TIME + dt.timedelta(days=1)) == 0

    complaint.refresh_from_db()
    assert complaint.purged_at == PURGE_TIME
    assert AuditEvent.objects.count() == rows
    assert len(events_on(complaint, Action.COMPLAINT_PURGED)) == 1


@pytest.mark.django_db
def test_after_the_purge_no_one_can_open_it(personas, closed):
    complaint, receipt = closed
    referral = complaint.referrals.get(kind="assistance")
    run_purge(PURGE_TIME)

    with time_machine.travel(PURGE_TIME + dt.timedelta(hours=1), tick=False):
        assert sign_in(personas.provider).get(f"/referrals/{referral.public_id}/").status_code == 404
        assert sign_in(personas.coordinator).get(f"/cases/{complaint.public_id}/").status_code == 404
        response = Client().post("/report/follow", {"receipt": receipt}, follow=True)
    assert "We could not find a report with this receipt code." in text(response)


@pytest.mark.django_db
def test_an_open_referral_of_a_purged_complaint_is_no_longer_chased(personas, closed, mailoutbox):
    complaint, _receipt = closed
    run_purge(PURGE_TIME)

    with time_machine.travel(PURGE_TIME + dt.timedelta(hours=1), tick=False):
        deadlines_process()

    assert not Reminder.objects.filter(referral__complaint=complaint, created_at__gte=PURGE_TIME).exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_only_complaints_past_their_date_are_purged(personas, closed):
    open_one = complaint_create(actor=None, data=ComplaintInput(channel="web", narrative="Still open")).complaint

    run_purge(PURGE_TIME + dt.timedelta(days=3650))

    open_one.refresh_from_db()
    assert open_one.purged_at is None
    assert KeyGrant.objects.filter(keyring=open_one.keyring).exists()


@pytest.mark.django_db
def test_a_forwarded_complaint_is_purged_after_its_retention_too(personas):
    network(retention_days=RETENTION_DAYS)
    with time_machine.travel(CLOSED_AT, tick=False):
        complaint = complaint_create(actor=None, data=ComplaintInput(channel="web", narrative="Short ration")).complaint
        complaint_triage(
            actor=personas.coordinator,
            complaint=complaint,
            classification="programme_feedback",
            complainant_type="anonymous",
            is_urgent=False,
            involves_child=False,
            forward_to=personas.org_b,
            note="Forwarded.",
        )

    assert run_purge(PURGE_TIME - dt.timedelta(minutes=1)) == 0
    assert run_purge(PURGE_TIME) == 1

    complaint.refresh_from_db()
    assert complaint.purged_at == PURGE_TIME
    assert not CaseNote.objects.filter(complaint=complaint).exists()
    assert not KeyGrant.objects.filter(keyring=complaint.keyring).exists()
