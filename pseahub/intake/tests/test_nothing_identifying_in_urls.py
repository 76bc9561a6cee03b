"""Nothing identifying in any URL or log line: receipts travel in POST bodies only, redirects carry no receipt,
no narrative, no name; the request log carries none either."""

from __future__ import annotations

import logging

import pytest

from pseahub.cases.models import Complaint
from pseahub.cases.services import message_to_reporter
from pseahub.vault.services import receipt_format

from .helpers import JPEG, post_report, report_data, upload

NARRATIVE = "Pangolin-Narrative-4410"
NAME = "Pangolin-Reporter-Name"
CONTACT = "pangolin@example.net"
ADDED = "Pangolin-Added-Info"


@pytest.mark.django_db
def test_no_url_and_no_log_line_carries_the_receipt_or_what_was_reported(client, personas, caplog):
    caplog.set_level(logging.DEBUG)
    urls: list[str] = []

    def record(response):
        urls.extend(url for url, _status in getattr(response, "redirect_chain", []))
        if response.has_header("Location"):
            urls.append(response["Location"])
        urls.append(response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", ""))
        return response

    response = record(
        post_report(
            client,
            report_data(
                narrative=NARRATIVE,
                reporter_name=NAME,
                reporter_contact=CONTACT,
                contact_method="email",
                attachments=[upload("pangolin-photo.jpg", JPEG)],
            ),
        )
    )
    receipt = response.content.decode().split('id="receipt">')[1].split("<")[0]
    message_to_reporter(actor=personas.coordinator, complaint=Complaint.objects.get(), body="Reply")
    record(client.post("/report/follow", {"receipt": receipt}, follow=True))
    record(client.post("/report/status", {"body": ADDED}, follow=True))
    record(client.get("/report/status"))
    record(client.post("/report/leave", follow=True))
    record(client.post("/report/follow", {"receipt": "0000 0000 0000 0000"}, follow=True))

    assert any(url.startswith("/report/status") for url in urls)
    digits = receipt.replace(" ", "")
    secrets = [digits, receipt, receipt_format(digits), digits[:8], NARRATIVE, NAME, CONTACT, ADDED, "pangolin"]
    for url in urls:
        for secret in secrets:
            assert secret.lower() not in url.lower(), url
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret.lower() not in logged.lower()


@pytest.mark.django_db
def test_the_receipt_in_a_query_string_opens_nothing(client, personas):
    response = post_report(client, report_data())
    receipt = response.content.decode().split('id="receipt">')[1].split("<")[0].replace(" ", "")

    page = client.get(f"/report/follow?receipt={receipt}")
    status = client.get(f"/report/status?receipt={receipt}")

    assert page.status_code == 200 and "A man from the distribution" not in page.content.decode()
    assert status.status_code == 302 and status["Location"] == "/report/follow"
