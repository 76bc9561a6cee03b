"""The follow-up page: the right receipt shows the status in plain words and the coordinator's messages; wrong,
unknown and malformed receipts all get the same answer."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Classification, Complaint
from pseahub.cases.services import complaint_triage, message_to_reporter
from pseahub.cases.tests.helpers import events_on, text
from pseahub.vault.services import receipt_format

from .helpers import file_report, follow, without_csrf

NOT_FOUND = "We could not find a report with this receipt code. Check the 16 digits and try again."


def _triage(personas, complaint, **extra):
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification=extra.pop("classification", Classification.SEA),
        complainant_type="anonymous",
        is_urgent=False,
        involves_child=False,
        **extra,
    )


@pytest.mark.django_db
def test_the_right_receipt_shows_the_status_and_the_messages(client, personas):
    receipt = file_report(client)
    complaint = Complaint.objects.get()
    message_to_reporter(actor=personas.coordinator, complaint=complaint, body="We-Are-Looking-Into-It")

    response = follow(client, receipt)

    assert response.redirect_chain == [("/report/status", 302)]
    page = text(response)
    assert "We have received your report. The PSEA coordinator will read it soon." in page
    assert "We-Are-Looking-Into-It" in page
    assert "From the PSEA coordinator" in page
    assert "no-store" in response["Cache-Control"]
    (event,) = events_on(complaint, Action.REPORTER_FOLLOWED_UP)
    assert event.actor is None


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{spaced}", "{dashed}", "{arabic}"])
def test_the_receipt_may_be_typed_as_people_type_it(client, personas, typed):
    receipt = file_report(client)
    arabic = receipt.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    dashed = "-".join(receipt[i : i + 4] for i in range(0, 16, 4))

    response = follow(client, typed.format(spaced=receipt_format(receipt), dashed=dashed, arabic=arabic))

    assert response.redirect_chain == [("/report/status", 302)]


@pytest.mark.django_db
def test_the_status_follows_triage_in_plain_words(client, personas):
    receipt = file_report(client)
    complaint = Complaint.objects.get()
    _triage(personas, complaint)

    assert "The PSEA coordinator is looking at your report." in text(follow(client, receipt))


@pytest.mark.django_db
def test_a_forwarded_report_says_where_it_went(client, personas):
    receipt = file_report(client)
    _triage(
        personas,
        Complaint.objects.get(),
        classification=Classification.PROGRAMME_FEEDBACK,
        forward_to=personas.org_b,
        note="To BETA feedback.",
    )

    page = text(follow(client, receipt))

    assert "we passed it to the organisation's feedback service" in page
    assert "To BETA feedback." not in page  # internal notes stay internal


@pytest.mark.django_db
def test_wrong_unknown_and_malformed_receipts_get_the_same_answer(client, personas):
    receipt = file_report(client)
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)

    answers = [client.post("/report/follow", {"receipt": r}) for r in (wrong, "0000000000000000", "12", "abcd")]

    assert {a.status_code for a in answers} == {200}
    assert len({without_csrf(a.content) for a in answers}) == 1
    assert NOT_FOUND in text(answers[0])
    assert not events_on(Complaint.objects.get(), Action.REPORTER_FOLLOWED_UP)


@pytest.mark.django_db
def test_the_status_page_needs_the_receipt_first(client, personas):
    file_report(client)

    response = client.get("/report/status")

    assert response.status_code == 302
    assert response["Location"] == "/report/follow"


@pytest.mark.django_db
def test_closing_the_report_on_this_device_forgets_the_key(client, personas):
    receipt = file_report(client)
    follow(client, receipt)

    response = client.post("/report/leave")

    assert response.status_code == 302
    assert client.get("/report/status")["Location"] == "/report/follow"


@pytest.mark.django_db
def test_the_session_alone_does_not_open_the_report(client, personas):
    receipt = file_report(client)
    follow(client, receipt)
    del client.cookies["pseahub_vault_reporter"]  # the cookie half of the key (the browser was closed)

    assert client.get("/report/status")["Location"] == "/report/follow"


@pytest.mark.django_db
def test_a_receipt_opens_only_its_own_report(client, personas):
    first = file_report(client, narrative="First-Report-Text")
    file_report(client, narrative="Second-Report-Text")
    message_to_reporter(
        actor=personas.coordinator, complaint=Complaint.objects.order_by("received_at").last(), body="Second-Only"
    )

    page = text(follow(client, first))

    assert "Second-Only" not in page
    assert "No messages yet." in page
