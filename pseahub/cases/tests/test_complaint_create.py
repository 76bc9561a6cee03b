"""complaint_create: sealed at intake, a keyring wrapped for every coordinator, the complainant and the
recovery key, a receipt, a reference, one audit row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from pseahub.accounts.models import Role
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import (
    Allegation,
    Attachment,
    Channel,
    Complaint,
    Consent,
    ConsentDecision,
    ConsentGiver,
    Survivor,
    Vocabulary,
)
from pseahub.cases.services import AttachmentInput, ConsentInput, entity_type_of
from pseahub.core.exceptions import ApplicationError
from pseahub.network.models import NetworkSettings
from pseahub.vault import services as vault
from pseahub.vault.models import GrantKind, KeyGrant, Keyring, SealedFile

from .helpers import events_on, file_complaint, keyring_private, opened, submit, term, user_with_role

JPEG = b"\xff\xd8\xff\xe0" + b"Wombat-Photo-Bytes-5521" * 10


@pytest.mark.django_db
def test_it_wraps_the_key_for_every_coordinator_the_complainant_and_the_recovery_key(personas):
    second = user_with_role("coordinator2@example.org", Role.COORDINATOR)
    vault.recovery_key_create()

    submitted = submit(narrative="The guard asked for sex.")

    grants = KeyGrant.objects.filter(keyring=submitted.complaint.keyring)
    assert sorted(g.user_id for g in grants if g.kind == GrantKind.USER) == sorted([personas.coordinator.pk, second.pk])
    assert grants.filter(kind=GrantKind.COMPLAINANT).count() == 1
    assert grants.filter(kind=GrantKind.RECOVERY).count() == 1
    for coordinator in (personas.coordinator, second):
        assert opened(coordinator, submitted.complaint, submitted.complaint)["narrative"] == (
            "The guard asked for sex."
        )
    keys = vault.receipt_derive(submitted.receipt)
    private = vault.keyring_open_for_complainant(keyring=submitted.complaint.keyring, complainant_key=keys.key)
    assert vault.open_data(private, bound_to=(submitted.complaint, "sealed"))["narrative"] == "The guard asked for sex."


@pytest.mark.django_db
def test_it_wraps_the_key_for_nobody_else(personas):
    complaint = file_complaint()

    others = [personas.focal_point_a, personas.focal_point_b, personas.provider, personas.operator]
    others += [personas.analyst, personas.admin, personas.no_role]
    assert not KeyGrant.objects.filter(keyring=complaint.keyring, user__in=others).exists()
    assert not KeyGrant.objects.filter(keyring=complaint.keyring, kind=GrantKind.RECOVERY).exists()


@pytest.mark.django_db
def test_it_skips_a_coordinator_without_a_key_pair(personas):
    keyless = UserFactory(email="keyless@example.org", password=None)
    from pseahub.accounts.services import role_grant

    role_grant(actor=None, user=keyless, role=Role.COORDINATOR)

    complaint = file_complaint()

    assert not KeyGrant.objects.filter(keyring=complaint.keyring, user=keyless).exists()
    assert KeyGrant.objects.filter(keyring=complaint.keyring, user=personas.coordinator).exists()


@pytest.mark.django_db
def test_it_gives_a_16_digit_receipt_stored_only_as_a_derived_lookup(personas):
    submitted = submit()

    assert re.fullmatch(r"[0-9]{16}", submitted.receipt)
    complaint = Complaint.objects.get()
    assert submitted.receipt not in complaint.receipt_lookup
    assert complaint.receipt_lookup == vault.receipt_derive(submitted.receipt).lookup


@pytest.mark.django_db
def test_it_numbers_references_by_country_and_year(personas):
    NetworkSettings.objects.create(country_code="MLI")
    year = timezone.now().year

    first, second = file_complaint(), file_complaint()
    older = file_complaint(received_at=dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC))

    assert first.reference == f"MLI-{year}-00001"
    assert second.reference == f"MLI-{year}-00002"
    assert older.reference == "MLI-2025-00001"


@pytest.mark.django_db
def test_it_uses_a_neutral_prefix_without_a_country(personas):
    assert re.fullmatch(r"PSEA-\d{4}-00001", file_complaint().reference)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("age_group", "child"), [("0-11", True), ("12-17", True), ("18-25", False), ("unknown", False)]
)
def test_it_sets_involves_child_from_a_child_age_group(personas, age_group, child):
    complaint = file_complaint(survivor_age_group=term(Vocabulary.AGE_GROUP, age_group))

    assert complaint.involves_child is child
    assert Survivor.objects.get(complaint=complaint).is_child is child


@pytest.mark.django_db
def test_it_keeps_the_child_flag_the_reporter_ticked(personas):
    complaint = file_complaint(involves_child=True)

    assert complaint.involves_child
    assert Survivor.objects.get(complaint=complaint).is_child


@pytest.mark.django_db
def test_it_seals_what_identifies_and_keeps_clear_what_counts(personas):
    submitted = submit(
        narrative="Narrative-Marker",
        location_detail="Camp-Marker",
        organisation_text="Org-Marker",
        perpetrator_category=term(Vocabulary.PERSONNEL_CATEGORY, "contractor"),
        perpetrator_description="Perp-Marker",
        reporter_name="Name-Marker",
        reporter_contact="+223 70 00 00 00",
        reported_organisation=personas.org_a,
        survivor_sex="female",
    )
    complaint = submitted.complaint

    for blob in (complaint.sealed, Allegation.objects.get(complaint=complaint).sealed):
        assert b"Marker" not in bytes(blob)
    assert opened(personas.coordinator, complaint, complaint) == {
        "narrative": "Narrative-Marker",
        "location_detail": "Camp-Marker",
        "organisation_text": "Org-Marker",
        "perpetrator_description": "Perp-Marker",
        "reporter_name": "Name-Marker",
        "reporter_contact": "+223 70 00 00 00",
    }
    allegation = Allegation.objects.get(complaint=complaint)
    assert (allegation.organisation, allegation.personnel_category.code) == (personas.org_a, "contractor")
    [perpetrator] = allegation.perpetrators.all()
    assert (perpetrator.organisation, perpetrator.entity_type) == (personas.org_a, entity_type_of(personas.org_a))
    assert opened(personas.coordinator, complaint, perpetrator) == {"name": "", "description": "Perp-Marker"}
    assert Survivor.objects.get(complaint=complaint).sex == "female"


@pytest.mark.django_db
def test_it_makes_no_allegation_when_nobody_is_named(personas):
    complaint = file_complaint()

    assert not Allegation.objects.filter(complaint=complaint).exists()


@pytest.mark.django_db
def test_it_seals_attachments(personas):
    complaint = file_complaint(
        attachments=[AttachmentInput(content=JPEG, filename="Wombat-name.jpg", content_type="image/jpeg")]
    )

    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.from_reporter
    sealed_file = attachment.sealed_file
    assert sealed_file.keyring_id == complaint.keyring_id
    assert sealed_file.size == len(JPEG)
    assert b"Wombat" not in bytes(sealed_file.ciphertext) + bytes(sealed_file.sealed_meta)
    content, meta = vault.sealed_file_open(
        sealed_file=sealed_file, keyring_private=keyring_private(personas.coordinator, complaint)
    )
    assert content == JPEG
    assert meta == {"filename": "Wombat-name.jpg", "content_type": "image/jpeg"}


@pytest.mark.django_db
def test_it_records_consents_asked_at_intake(personas):
    complaint = file_complaint(
        actor=personas.operator,
        channel=Channel.HOTLINE,
        consents=[
            ConsentInput(purpose="services", decision=ConsentDecision.GIVEN, given_by=ConsentGiver.SURVIVOR),
            ConsentInput(purpose="share_identity", decision=ConsentDecision.REFUSED, given_by=ConsentGiver.SURVIVOR),
        ],
    )

    consents = {c.purpose: c for c in Consent.objects.filter(complaint=complaint)}
    assert {p: c.decision for p, c in consents.items()} == {"services": "given", "share_identity": "refused"}
    assert all(c.recorded_by == personas.operator and c.decided_at == complaint.received_at for c in consents.values())
    assert complaint.created_by == personas.operator


@pytest.mark.django_db
def test_it_writes_one_audit_row_without_content(personas):
    complaint = file_complaint(
        narrative="Audit-Marker",
        attachments=[AttachmentInput(content=JPEG, filename="a.jpg", content_type="image/jpeg")],
    )

    (event,) = events_on(complaint, Action.COMPLAINT_CREATED)
    assert event.actor is None
    assert event.data == {"channel": "web", "attachments": 1}
    assert not any("Audit-Marker" in str(e.data) for e in AuditEvent.objects.all())


@pytest.mark.django_db
def test_it_records_the_operator_as_actor(personas):
    complaint = file_complaint(actor=personas.operator, channel=Channel.WALK_IN)

    (event,) = events_on(complaint, Action.COMPLAINT_CREATED)
    assert event.actor == personas.operator
    assert event.data["channel"] == "walk_in"


@pytest.mark.django_db
def test_it_refuses_an_unknown_channel_and_saves_nothing(personas):
    with pytest.raises(ApplicationError):
        submit(channel="pigeon")

    assert not Complaint.objects.exists()
    assert not Keyring.objects.exists()
    assert not SealedFile.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).exists()
