"""Post/redirect/get on the report forms: a reload, a double click or a resubmitted form never files a second
complaint; the receipt is shown once, from a copy that is encrypted at rest and deleted as it is shown; a form
without a valid one-time token files nothing and keeps what the reporter wrote."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection

from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import receipt_on_page, text
from pseahub.intake.models import FormSubmission
from pseahub.vault.services import receipt_format as vault_format

from .helpers import TOKEN_RE, form_token, report_data

ALREADY = "This report was already sent."
REFUSED = "Your report was not sent: this form has expired or was changed."


def _everything_at_rest() -> str:
    """The waiting receipts and claims (``FormSubmission``) and the shared cache, as text."""
    rows = " ".join(f"{row.name} {bytes(row.sealed)!r}" for row in FormSubmission.objects.all())
    if settings.REDIS_URL:
        redis = cache._cache.get_client(None)  # type: ignore[attr-defined]
        return rows + " ".join(f"{key!r} {redis.get(key)!r}" for key in redis.scan_iter())
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM pseahub_cache")
        return rows + " ".join(f"{key} {value}" for key, value in cursor.fetchall())


def _send(client, token, **overrides):
    return client.post("/report", {**report_data(**overrides), "form_token": token})


@pytest.mark.django_db
def test_a_report_redirects_to_its_receipt_which_is_shown_once(client, personas):
    response = _send(client, form_token(client))

    assert response.status_code == 302
    assert response["Location"] == "/report/receipt"
    assert "no-store" in response["Cache-Control"]
    shown = client.get("/report/receipt")
    assert "no-store" in shown["Cache-Control"]
    assert len(receipt_on_page(shown)) == 16
    assert Complaint.objects.count() == 1

    reload = client.get("/report/receipt")

    assert reload.status_code == 200
    assert 'id="receipt"' not in reload.content.decode()
    assert ALREADY in text(reload)
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_sending_the_same_form_twice_files_one_complaint(client, personas):
    token = form_token(client)

    first = _send(client, token)
    second = _send(client, token)  # a double click: the receipt is not yet shown

    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/report/receipt"
    assert Complaint.objects.count() == 1
    assert len(receipt_on_page(client.get("/report/receipt"))) == 16
    third = client.post("/report", {**report_data(), "form_token": token}, follow=True)  # resubmitted later
    assert ALREADY in text(third)
    assert 'id="receipt"' not in third.content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_second_of_a_double_click_also_leads_to_the_receipt(client, personas):
    """The browser keeps the last answer of a double click: that one must open the receipt too."""
    token = form_token(client)
    _send(client, token)
    client.cookies.clear()  # the first answer, with its cookie, was dropped by the browser

    second = _send(client, token)

    assert len(receipt_on_page(client.get(second["Location"]))) == 16
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_receipt_is_not_readable_at_rest(client, personas):
    client.get("/report")
    _send(client, form_token(client))
    # Filed, receipt not yet shown: what the database holds now is all there is at rest.
    stored = _everything_at_rest()
    assert "receipt:" in stored  # the encrypted copy waiting for the receipt page

    shown = receipt_on_page(client.get("/report/receipt"))

    assert shown not in stored
    assert vault_format(shown) not in stored
    assert not FormSubmission.objects.filter(name__startswith="receipt:").exists()  # deleted as it was shown
    assert all(shown not in str(s.get_decoded()) and shown not in s.session_data for s in Session.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token", ["", "garbage", "1700000000.abc.0123456789abcdef0123456789abcdef"], ids=["missing", "junk", "forged"]
)
def test_a_missing_or_forged_token_files_nothing_and_keeps_the_words(client, personas, token):
    response = _send(client, token, narrative="Keep-These-Words")

    assert response.status_code == 400
    assert REFUSED in text(response)
    assert "Keep-These-Words" in response.content.decode()
    assert not Complaint.objects.exists()
    fresh = TOKEN_RE.search(response.content.decode()).group(1)
    assert _send(client, fresh).status_code == 302  # sent again with the page's new token
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_an_altered_token_is_refused(client, personas):
    issued, nonce, mac = form_token(client).split(".")

    response = _send(client, f"{issued}.{nonce[:-2]}AA.{mac}")

    assert response.status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_expired_form_is_refused(client, personas, time_machine):
    time_machine.move_to("2026-03-01 10:00Z", tick=False)
    token = form_token(client)
    time_machine.move_to("2026-03-02 11:00Z", tick=False)

    response = _send(client, token, narrative="Keep-These-Words")

    assert response.status_code == 400
    assert REFUSED in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_operator_forms_token_does_not_open_the_public_form(client, personas, client_for):
    operator = client_for(personas.operator)
    token = form_token(operator, "/intake/operator/")

    assert _send(client, token).status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_resubmitted_form_does_not_count_towards_the_report_limit(client, personas, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    token = form_token(client)
    _send(client, token)

    for _i in range(3):
        assert _send(client, token).status_code == 302

    assert Complaint.objects.count() == 1
