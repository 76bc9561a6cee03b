"""An allegation referral from the coordinator to the concerned organisation's focal point, end to end."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.cases.models import Complaint, Status, Term
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.referrals.models import Referral, ReferralState


def signed_in(user, password) -> Client:
    """A client that signed in for real, so the user's private key is unlocked in its session."""
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": password})
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="t", defaults={"confirmed": True})
    client.post("/accounts/two-factor/", {"token": f"{TOTP(device.bin_key).token():06d}"})
    return client


@pytest.mark.django_db
def test_a_focal_point_receives_only_what_is_shared_and_records_the_outcome(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = complaint_create(
        actor=None,
        data=ComplaintInput(
            channel="web",
            narrative="Secret narrative Quokka-4411",
            reported_organisation=personas.org_a,
            perpetrator_description="Driver called Zorro-9",
        ),
    )
    complaint = Complaint.objects.get(pk=submitted.complaint.pk)
    allegation = complaint.allegations.get()
    coordinator = signed_in(personas.coordinator, personas.password)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            f"/cases/{complaint.public_id}/allegations/{allegation.public_id}/refer/",
            {"summary": "A distributor asked a woman for sex for food, site X, last week."},
        )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.state == ReferralState.SENT
    assert referral.due_at is not None
    complaint.refresh_from_db()
    assert complaint.status == Status.REFERRED
    # The notice names the reference only.
    assert [m.to for m in mailoutbox] == [[personas.focal_point_a.email]]
    assert "Quokka" not in mailoutbox[0].body and "Zorro" not in mailoutbox[0].body
    assert complaint.reference in mailoutbox[0].subject

    focal_a = signed_in(personas.focal_point_a, personas.password)
    page = focal_a.get(f"/referrals/{referral.public_id}/")
    assert page.status_code == 200
    assert b"asked a woman for sex for food" in page.content
    assert b"Zorro-9" in page.content
    assert b"Quokka-4411" not in page.content  # the narrative itself was not shared
    assert focal_a.get(f"/cases/{complaint.public_id}/").status_code == 404

    focal_b = signed_in(personas.focal_point_b, personas.password)
    assert focal_b.get(f"/referrals/{referral.public_id}/").status_code == 404
    assert focal_b.post(f"/referrals/{referral.public_id}/acknowledge/").status_code == 404

    focal_a.post(f"/referrals/{referral.public_id}/acknowledge/")
    focal_a.post(f"/referrals/{referral.public_id}/progress/", {"note": "Investigation opened."})
    outcome = Term.objects.get(vocabulary="outcome", code="substantiated")
    focal_a.post(
        f"/referrals/{referral.public_id}/close/",
        {"outcome": outcome.code, "survivor_informed_on": "2026-11-20", "note": "Dismissed."},
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    assert referral.outcome == outcome
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
