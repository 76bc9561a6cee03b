"""No e-mail carries sealed text. Complaints are filed with distinctive text in every sealed place (narrative,
location, names, contacts, perpetrator, attachment name, notes, summaries, messages both ways), referrals and
reminders are driven through the real services, and every message the real SMTP backend delivered to a real SMTP
server (aiosmtpd) is decoded: its subject and body name the reference and a link, and none of that text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.cases.models import Complaint
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
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.reminders import deadlines_process
from pseahub.referrals.services import (
    allegation_refer,
    assistance_refer,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_progress,
    referral_revoke,
)

from .helpers import mail_text, network, private_key, term

SEALED = {
    "narrative": "NARRATIVE-Quokka-4411",
    "location": "LOCATION-Baobab-9981",
    "organisation_text": "ORGTEXT-Pelican-2290",
    "perpetrator": "PERPETRATOR-Zorro-7302",
    "reporter_name": "REPORTER-Ibis-2204",
    "reporter_contact": "REPCONTACT-5512",
    "survivor_name": "SURVIVOR-Aminata-3307",
    "survivor_contact": "SURVCONTACT-7000-1122",
    "attachment": "ATTACHMENT-Fennec-4410",
    "triage_note": "TRIAGENOTE-Kestrel-1187",
    "summary": "SUMMARY-Heron-6620",
    "assistance_summary": "ASSIST-Gazelle-8841",
    "progress_note": "PROGRESS-Lynx-5530",
    "close_note": "CLOSENOTE-Oryx-1029",
    "decline_note": "DECLINE-Jackal-7765",
    "revoke_note": "REVOKE-Hyrax-2047",
    "closure_note": "CLOSURE-Serval-8812",
    "message": "MESSAGE-Okapi-6654",
    "reply": "REPLY-Civet-3321",
}
FRIDAY = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)
SITE = "http://127.0.0.1:8000/"


def _sealed_complaint(personas, organisation, suffix: str) -> Complaint:
    data = ComplaintInput(
        channel="hotline",
        narrative=f"{SEALED['narrative']} {suffix}",
        location_detail=SEALED["location"],
        reported_organisation=organisation,
        organisation_text=SEALED["organisation_text"],
        perpetrator_description=SEALED["perpetrator"],
        reporter_name=SEALED["reporter_name"],
        reporter_contact=SEALED["reporter_contact"],
        complainant_type="survivor",
        contact_method="phone",
        attachments=[
            AttachmentInput(
                content=b"%PDF-1.4 x", filename=f"{SEALED['attachment']}.pdf", content_type="application/pdf"
            )
        ],
        consents=[
            ConsentInput(purpose="services", decision="given", given_by="survivor"),
            ConsentInput(purpose="share_identity", decision="given", given_by="survivor"),
        ],
    )
    complaint = complaint_create(actor=personas.operator, data=data).complaint
    survivor_update(
        actor=personas.coordinator,
        survivor=complaint.survivors.get(),
        sex="female",
        age_group=term("age_group", "18-25"),
        disability="no",
        displacement=None,
        is_child=False,
        name=SEALED["survivor_name"],
        contact=SEALED["survivor_contact"],
    )
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification="sea",
        complainant_type="survivor",
        is_urgent=True,
        involves_child=False,
        note=SEALED["triage_note"],
    )
    message_to_reporter(actor=personas.coordinator, complaint=complaint, body=SEALED["message"])
    reporter_information_add(complaint=complaint, body=SEALED["reply"], attachments=[])
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.django_db
def test_it_delivers_only_the_reference_and_a_link(personas, smtp_server, django_capture_on_commit_callbacks):
    network(timezone="Africa/Bamako", weekend_days=[6, 7], country_code="MLI")
    personas.focal_point_a.language = "fr"
    personas.focal_point_a.save(update_fields=["language"])
    coordinator_key = private_key(personas.coordinator)
    service = ServiceFactory(provider=personas.org_a, name="Clinique Espoir")
    outcome = term("outcome", "substantiated")

    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = _sealed_complaint(personas, personas.org_a, "first")
        second = _sealed_complaint(personas, personas.org_b, "second")
        third = _sealed_complaint(personas, personas.org_a, "third")
        allegation_refer(
            actor=personas.coordinator,
            allegation=first.allegations.get(),
            summary=SEALED["summary"],
            share_identity=True,
            actor_private=coordinator_key,
        )
        assistance_refer(
            actor=personas.coordinator,
            complaint=first,
            service=service,
            summary=SEALED["assistance_summary"],
            actor_private=coordinator_key,
        )
        declined = allegation_refer(
            actor=personas.coordinator,
            allegation=second.allegations.get(),
            summary=SEALED["summary"],
            share_identity=True,
            actor_private=coordinator_key,
        )
        referral_decline(
            actor=personas.focal_point_b, referral=declined, reason="not_our_staff", note=SEALED["decline_note"]
        )
        revoked = allegation_refer(
            actor=personas.coordinator,
            allegation=third.allegations.get(),
            summary=SEALED["summary"],
            share_identity=False,
            actor_private=coordinator_key,
        )
        referral_revoke(actor=personas.coordinator, referral=revoked, note=SEALED["revoke_note"])
        allegation = first.referrals.get(kind="allegation")
        referral_acknowledge(actor=personas.focal_point_a, referral=allegation)
        referral_progress(actor=personas.focal_point_a, referral=allegation, note=SEALED["progress_note"])
        referral_close(
            actor=personas.focal_point_a,
            referral=allegation,
            note=SEALED["close_note"],
            outcome=outcome,
            survivor_informed_on=dt.date(2026, 1, 16),
        )
        complaint_close(actor=personas.coordinator, complaint=third, reason="other", note=SEALED["closure_note"])

    # Saturday: the assistance referral (24 h) is overdue, the second complaint is back unreferred.
    with time_machine.travel(FRIDAY + dt.timedelta(hours=25), tick=False):
        deadlines_process()
    # The deadline fell on Saturday: once Monday, the next working day, has passed, the coordinator hears of it.
    with time_machine.travel(dt.datetime(2026, 1, 20, 0, 30, tzinfo=dt.UTC), tick=False):
        deadlines_process()

    references = {c.reference for c in (first, second, third)}
    delivered = []
    for (recipients, raw), message in zip(smtp_server.received, smtp_server.messages, strict=True):
        subject, body = mail_text(message)
        everything = "\n".join([subject, body, *(f"{k}: {v}" for k, v in message.items())])
        for name, marker in SEALED.items():
            assert marker not in everything, f"{name} leaked into an e-mail: {subject!r}"
            assert marker.encode() not in raw, f"{name} leaked into the raw message: {subject!r}"
        (reference,) = [r for r in references if r in subject]
        assert reference in body
        assert SITE in body
        delivered.append((recipients[0], subject.replace(reference, "REF")))

    assert sorted(delivered) == sorted(
        [
            # Intake tells the coordinators that three complaints arrived (flow 1).
            *[(personas.coordinator.email, "[PSEA Hub] New complaint REF")] * 3,
            # Focal point A reads French: notices go out in each recipient's language.
            (personas.focal_point_a.email, "[PSEA Hub] Nouveau référencement REF"),
            (personas.provider.email, "[PSEA Hub] New referral REF"),
            (personas.focal_point_b.email, "[PSEA Hub] New referral REF"),
            (personas.focal_point_a.email, "[PSEA Hub] Nouveau référencement REF"),  # the one later revoked
            (personas.coordinator.email, "[PSEA Hub] Referral REF declined: re-route it"),
            (personas.coordinator.email, "[PSEA Hub] Referral REF closed"),
            (personas.provider.email, "[PSEA Hub] Referral REF is overdue"),
            (personas.coordinator.email, "[PSEA Hub] Complaint REF is not referred yet"),
            (personas.coordinator.email, "[PSEA Hub] Overdue referral REF needs your follow-up"),
        ]
    )
