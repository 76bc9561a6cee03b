"""The whole public path: report → receipt → coordinator reads and answers → reporter reads the answer."""

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import events_on, receipt_on_page, text

from .helpers import post_report, report_data


@pytest.mark.django_db
def test_a_report_reaches_the_coordinator_and_the_answer_reaches_the_reporter(client, personas, unlocked_client_for):
    response = post_report(
        client,
        report_data(
            narrative="The distributor asked my sister for sex in exchange for food.",
            complainant_type="witness",
            survivor_sex="female",
        ),
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    receipt = receipt_on_page(response)
    assert len(receipt) == 16
    complaint = Complaint.objects.get()
    assert events_on(complaint, Action.COMPLAINT_CREATED)

    coordinator = unlocked_client_for(personas.coordinator)
    assert complaint.reference in text(coordinator.get("/cases/inbox/"))
    page = coordinator.get(f"/cases/{complaint.public_id}/")
    assert page.status_code == 200
    assert "asked my sister for sex" in text(page)
    coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": "Thank you, we are looking into it."})

    reporter = client.post("/report/follow", {"receipt": receipt}, follow=True)
    assert "Thank you, we are looking into it." in text(reporter)


@pytest.mark.django_db
def test_a_wrong_receipt_gets_the_same_answer_as_an_unknown_one(client, personas):
    a = client.post("/report/follow", {"receipt": "1234 5678 9012 3456"})
    b = client.post("/report/follow", {"receipt": "12"})
    assert a.status_code == b.status_code == 200
    assert "could not find a report" in text(a) and "could not find a report" in text(b)
