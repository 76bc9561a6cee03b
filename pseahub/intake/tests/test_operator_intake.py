"""Operator intake at /intake/operator/: channel, language and consent captured on the spot; the operator reads
the receipt out and then cannot open the complaint."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Channel, Complaint, Consent
from pseahub.cases.tests.helpers import events_on, opened, receipt_on_page, text
from pseahub.intake.services import receipt_open
from pseahub.vault.models import KeyGrant

from .helpers import post_form, report_data

URL = "/intake/operator/"


def operator_data(**overrides):
    data = report_data(
        channel="hotline",
        language="fr",
        consent_given_by="survivor",
        consent_manner="verbal",  # checked by default, as a browser sends it
        consent_services="given",
        consent_share_identity="refused",
        consent_investigation="",
        consent_statistics="given",
    )
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "focal_point_b", "provider", "analyst", "admin", "no_role"])
def test_it_is_forbidden_to_other_roles(personas, client_for, name):
    client = client_for(getattr(personas, name))

    assert client.get(URL).status_code == 403
    assert client.post(URL, operator_data()).status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.post(URL, operator_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["operator", "coordinator"])
def test_it_opens_for_operators_and_coordinators(personas, client_for, name):
    response = client_for(getattr(personas, name)).get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_operator_files_reads_the_receipt_and_loses_access(personas, client_for):
    client = client_for(personas.operator)

    response = post_form(client, URL, operator_data(narrative="Hotline-Caller-Narrative", reporter_name="Caller-Name"))

    assert response.status_code == 200
    receipt = receipt_on_page(response)
    complaint = Complaint.objects.get()
    assert complaint.reference in text(response)
    assert (complaint.channel, complaint.language, complaint.created_by) == (Channel.HOTLINE, "fr", personas.operator)
    consents = {c.purpose: (c.decision, c.given_by, c.recorded_by) for c in Consent.objects.filter(complaint=complaint)}
    assert consents == {
        "services": ("given", "survivor", personas.operator),
        "share_identity": ("refused", "survivor", personas.operator),
        "statistics": ("given", "survivor", personas.operator),
    }
    (event,) = events_on(complaint, Action.COMPLAINT_CREATED)
    assert event.actor == personas.operator and event.data["channel"] == "hotline"

    assert client.get(f"/cases/{complaint.public_id}/").status_code == 404
    assert not KeyGrant.objects.filter(keyring=complaint.keyring, user=personas.operator).exists()
    assert "Hotline-Caller-Narrative" not in text(client.get(URL))
    assert opened(personas.coordinator, complaint, complaint)["reporter_name"] == "Caller-Name"
    assert receipt_open(receipt_text=receipt) is not None  # the caller can follow up with it


@pytest.mark.django_db
def test_a_coordinator_filing_keeps_access_as_coordinator(personas, unlocked_client_for):
    client = unlocked_client_for(personas.coordinator)

    post_form(client, URL, operator_data(channel="walk_in", narrative="Walk-In-Narrative"))

    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WALK_IN
    assert "Walk-In-Narrative" in text(client.get(f"/cases/{complaint.public_id}/"))


@pytest.mark.django_db
def test_a_best_interests_determination_needs_a_child(personas, client_for):
    client = client_for(personas.operator)

    decided = {"consent_given_by": "best_interests", "consent_child_assent": "not_asked"}
    adult = post_form(client, URL, operator_data(**decided, survivor_age_group="26-40"))
    child = post_form(client, URL, operator_data(**decided, survivor_age_group="12-17"))

    assert "A best-interests determination is only for a child survivor." in text(adult)
    assert 'id="receipt"' in child.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.involves_child
    assert set(Consent.objects.values_list("given_by", flat=True)) == {"best_interests"}


@pytest.mark.django_db
def test_the_web_channel_is_not_offered_to_operators(personas, client_for):
    response = client_for(personas.operator).post(URL, operator_data(channel="web"))

    assert "Select a valid choice. web is not one of the available choices." in text(response)
    assert not Complaint.objects.exists()
