"""The whole public path: report → receipt → coordinator reads and answers → reporter reads the answer."""

import re

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Complaint


def _receipt(response) -> str:
    match = re.search(rb'id="receipt">([0-9 ]+)<', response.content)
    assert match, response.content[:2000]
    return match.group(1).decode().replace(" ", "")


@pytest.mark.django_db
def test_a_report_reaches_the_coordinator_and_the_answer_reaches_the_reporter(client, personas, client_for):
    response = client.post(
        "/report",
        {
            "narrative": "The distributor asked my sister for sex in exchange for food.",
            "complainant_type": "witness",
            "survivor_sex": "female",
            "disability": "unknown",
            "contact_method": "none",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    receipt = _receipt(response)
    assert len(receipt) == 16
    complaint = Complaint.objects.get()
    assert AuditEvent.objects.filter(action="complaint_created", target_id=str(complaint.public_id)).exists()

    coordinator = client_for(personas.coordinator)
    # The test client has no unlocked key: sign in through the real login to unlock it.
    from django.test import Client

    staff = Client()
    staff.post("/accounts/login/", {"username": personas.coordinator.email, "password": personas.password})
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=personas.coordinator, name="t", confirmed=True)
    staff.post("/accounts/two-factor/", {"token": f"{TOTP(device.bin_key).token():06d}"})
    page = staff.get(f"/cases/{complaint.public_id}/")
    assert page.status_code == 200
    assert b"asked my sister for sex" in page.content
    staff.post(f"/cases/{complaint.public_id}/messages/", {"body": "Thank you, we are looking into it."})

    assert coordinator.get("/cases/").status_code == 200

    reporter = client.post("/report/follow", {"receipt": receipt}, follow=True)
    assert b"Thank you, we are looking into it." in reporter.content


@pytest.mark.django_db
def test_a_wrong_receipt_gets_the_same_answer_as_an_unknown_one(client, personas):
    a = client.post("/report/follow", {"receipt": "1234 5678 9012 3456"})
    b = client.post("/report/follow", {"receipt": "12"})
    assert a.status_code == b.status_code == 200
    assert b"could not find a report" in a.content and b"could not find a report" in b.content
