"""A focal point files a complaint their own organisation's channels received (issue 12, item 6): the operator's
form with the consent script, received by their organisation (not chosen), channel "focal point", sealed to the
coordinators, who are told; the focal point sees the receipt once and never the complaint."""

from __future__ import annotations

import pytest
from django.core import mail

from pseahub.accounts.models import Role, RoleAssignment
from pseahub.cases.models import Channel, Complaint, Consent
from pseahub.cases.tests.helpers import opened, receipt_on_page, text
from pseahub.intake.services import receipt_open
from pseahub.vault.models import KeyGrant

from .helpers import post_form
from .staff_helpers import focal_point_data

URL = "/intake/focal-point/"
RECEIPT_URL = "/intake/focal-point/receipt"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, RECEIPT_URL])
def test_anonymous_visitors_go_to_the_login_page(client, path):
    for response in (client.get(path), client.post(path, focal_point_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, RECEIPT_URL])
@pytest.mark.parametrize("name", ["coordinator", "provider", "analyst", "operator", "admin", "no_role"])
def test_it_is_forbidden_to_other_roles(personas, client_for, name, path):
    client = client_for(getattr(personas, name))

    assert client.get(path).status_code == 403
    assert client.post(path, focal_point_data()).status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, RECEIPT_URL])
def test_a_focal_point_without_an_active_organisation_is_refused(personas, client_for, path):
    personas.org_a.is_active = False
    personas.org_a.save()
    client = client_for(personas.focal_point_a)

    assert client.get(path).status_code == 403
    assert client.post(path, focal_point_data()).status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_form_has_the_consent_script_and_names_the_organisation(personas, client_for):
    page = text(client_for(personas.focal_point_a).get(URL))

    assert "Read out:" in page
    assert "Do you want us to put you in touch with services that can help you?" in page
    assert "Received by Alpha Relief" in page
    assert 'name="received_by_organisation"' not in page and 'name="channel"' not in page


@pytest.mark.django_db
def test_the_focal_point_files_hands_over_the_receipt_and_loses_access(
    personas, client_for, unlocked_client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.focal_point_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            client,
            URL,
            focal_point_data(
                narrative="Focal-Point-Narrative-3310",
                received_by_organisation=str(personas.org_b.pk),  # not on the form: ignored
                received_by_person="Box-Keeper-Marker",
            ),
        )

    assert response.status_code == 200
    receipt = receipt_on_page(response)
    complaint = Complaint.objects.get()
    assert complaint.reference in text(response)
    assert (complaint.channel, complaint.received_by_organisation) == (Channel.FOCAL_POINT, personas.org_a)
    assert complaint.created_by == personas.focal_point_a
    consents = {c.purpose: (c.decision, c.channel, c.manner) for c in Consent.objects.filter(complaint=complaint)}
    assert consents == {
        "services": ("given", "focal_point", "written"),
        "share_identity": ("refused", "focal_point", "written"),
    }
    assert receipt_open(receipt_text=receipt) is not None
    # Shown once; afterwards the page says it was saved.
    assert receipt not in text(client.get(RECEIPT_URL))
    # The focal point never reads it again.
    assert client.get(f"/cases/{complaint.public_id}/").status_code in (403, 404)
    assert not KeyGrant.objects.filter(keyring=complaint.keyring, user=personas.focal_point_a).exists()
    assert "Focal-Point-Narrative-3310" not in text(client.get(URL))
    # The coordinators are told and can open it.
    assert any(personas.coordinator.email in m.to and complaint.reference in m.subject for m in mail.outbox)
    assert opened(personas.coordinator, complaint, complaint)["received_by_person"] == "Box-Keeper-Marker"
    page = text(unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/"))
    assert "Focal-Point-Narrative-3310" in page


@pytest.mark.django_db
def test_a_focal_point_for_two_organisations_chooses_one_of_theirs(personas, client_for):
    RoleAssignment.objects.create(user=personas.focal_point_a, role=Role.FOCAL_POINT, organisation=personas.org_b)
    client = client_for(personas.focal_point_a)

    assert 'name="received_by_organisation"' in client.get(URL).content.decode()
    missing = post_form(client, URL, focal_point_data())
    assert "This field is required." in missing.content.decode().split('id="id_received_by_organisation_error"')[1]
    post_form(client, URL, focal_point_data(received_by_organisation=str(personas.org_b.pk)))
    assert Complaint.objects.get().received_by_organisation == personas.org_b


@pytest.mark.django_db
def test_the_header_links_to_the_form_for_focal_points_only(personas, client_for):
    link = 'href="/intake/focal-point/"'

    assert link in client_for(personas.focal_point_a).get("/accounts/profile/").content.decode()
    personas.org_b.is_active = False
    personas.org_b.save()
    for name in ("coordinator", "operator", "provider", "focal_point_b"):
        assert link not in client_for(getattr(personas, name)).get("/accounts/profile/").content.decode()
