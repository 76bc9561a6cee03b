"""Who may open what, for every view of the cases app.

Lists (tracker, inbox, keys) belong to coordinators: anyone else signed in gets 403, anonymous visitors go to
the login page. A complaint's pages answer 404 to everyone without a grant on it — a focal point, an operator,
an analyst, an admin, a user with no role, and a coordinator appointed after the complaint came in — exactly
as for a complaint that does not exist, and nothing changes.
"""

from __future__ import annotations

import uuid

import pytest

from pseahub.accounts.models import Role
from pseahub.audit.models import AuditEvent
from pseahub.cases.models import (
    Allegation,
    Attachment,
    CaseNote,
    Complaint,
    Consent,
    Message,
    Perpetrator,
    Survivor,
)
from pseahub.cases.services import AttachmentInput

from .helpers import file_complaint, user_with_role

LIST_PAGES = ["/cases/", "/cases/inbox/", "/cases/keys/"]
OUTSIDERS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role", "latecomer"]
NOT_COORDINATORS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role"]
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def complaint(personas):
    return file_complaint(
        reported_organisation=personas.org_a,
        attachments=[AttachmentInput(content=JPEG, filename="photo.jpg", content_type="image/jpeg")],
    )


def _user(personas, name):
    if name == "latecomer":  # a coordinator appointed after the complaint arrived: no grant on it
        return user_with_role("latecomer@example.org", Role.COORDINATOR)
    return getattr(personas, name)


def _complaint_requests(complaint, personas):
    """Every view of one complaint, with a request that would change it if it were allowed."""
    base = f"/cases/{complaint.public_id}"
    survivor = Survivor.objects.get(complaint=complaint)
    perpetrator = Perpetrator.objects.get(complaint=complaint)
    attachment = Attachment.objects.get(complaint=complaint)
    return [
        ("get", f"{base}/", {}),
        ("post", f"{base}/triage/", {"classification": "sea", "complainant_type": "witness", "is_urgent": "on"}),
        (
            "post",
            f"{base}/intake/",
            {"first_reported_at": "2020-01-02T10:00", "reported_before": "yes", "goods_exchanged": "no"},
        ),
        (
            "post",
            f"{base}/allegations/",
            {"organisation": str(personas.org_b.public_id), "sea_type": "rape", "perpetrators": [perpetrator.pk]},
        ),
        (
            "post",
            f"{base}/survivors/{survivor.pk}/",
            {f"s{survivor.pk}-sex": "male", f"s{survivor.pk}-disability": "no"},
        ),
        (
            "post",
            f"{base}/survivors/",
            {"survivor-new-sex": "female", "survivor-new-disability": "no", "survivor-new-name": "Added-Name"},
        ),
        ("post", f"{base}/perpetrators/", {"role": "staff", "sex": "male", "name": "Added-Perpetrator"}),
        (
            "post",
            f"{base}/perpetrators/{perpetrator.public_id}/",
            {"role": "volunteer", "sex": "female", "description": "Changed"},
        ),
        ("post", f"{base}/consents/", {"purpose": "services", "decision": "given", "given_by": "survivor"}),
        ("post", f"{base}/messages/", {"body": "Hello"}),
        ("post", f"{base}/messages/held/", {}),
        ("get", f"{base}/attachments/{attachment.pk}/", {}),
    ]


def _state(complaint):
    complaint = Complaint.objects.get(pk=complaint.pk)
    return (
        AuditEvent.objects.count(),
        Allegation.objects.count(),
        Consent.objects.count(),
        Message.objects.count(),
        CaseNote.objects.count(),
        complaint.status,
        complaint.classification,
        complaint.is_urgent,
        tuple(Survivor.objects.values_list("sex", "disability")),
        tuple(Perpetrator.objects.values_list("role", "sex", "sealed")),
        complaint.first_reported_at,
        complaint.reported_before,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page_from_lists(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page_from_complaint_pages(client, personas, complaint):
    before = _state(complaint)

    for method, path, data in _complaint_requests(complaint, personas):
        response = getattr(client, method)(path, data)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
        assert str(complaint.reference) not in response["Location"]

    assert _state(complaint) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", NOT_COORDINATORS)
@pytest.mark.parametrize("path", LIST_PAGES)
def test_lists_are_forbidden_to_anyone_but_a_coordinator(personas, client_for, name, path):
    client = client_for(getattr(personas, name))

    assert client.get(path).status_code == 403
    if path == "/cases/keys/":
        assert client.post(path).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PAGES)
def test_lists_open_for_a_coordinator(personas, client_for, path):
    assert client_for(personas.coordinator).get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_every_complaint_page_and_change_nothing(personas, client_for, complaint, name):
    client = client_for(_user(personas, name))
    before = _state(complaint)

    for method, path, data in _complaint_requests(complaint, personas):
        response = getattr(client, method)(path, data)
        assert response.status_code == 404, (name, path)
        assert complaint.reference not in response.content.decode()

    assert _state(complaint) == before


@pytest.mark.django_db
def test_an_outsider_with_an_unlocked_key_still_gets_404(personas, unlocked_client_for, complaint):
    client = unlocked_client_for(personas.focal_point_a)  # the organisation the reporter named

    for method, path, data in _complaint_requests(complaint, personas):
        assert getattr(client, method)(path, data).status_code == 404, path


@pytest.mark.django_db
def test_a_complaint_that_does_not_exist_gets_the_same_404(personas, client_for, complaint):
    client = client_for(personas.coordinator)
    missing = f"/cases/{uuid.uuid4()}"

    assert client.get(f"{missing}/").status_code == 404
    assert client.post(f"{missing}/messages/", {"body": "Hello"}).status_code == 404
    assert client.get(f"{missing}/attachments/1/").status_code == 404


@pytest.mark.django_db
def test_a_deactivated_coordinator_loses_access(personas, client_for, complaint):
    client = client_for(personas.coordinator)
    personas.coordinator.is_active = False
    personas.coordinator.save()

    response = client.get(f"/cases/{complaint.public_id}/")

    assert response.status_code in (302, 404)
    assert complaint.reference not in response.content.decode()


@pytest.mark.django_db
def test_the_coordinator_with_a_grant_can_use_every_complaint_page(personas, unlocked_client_for, complaint):
    client = unlocked_client_for(personas.coordinator)

    for method, path, data in _complaint_requests(complaint, personas):
        response = getattr(client, method)(path, data)
        assert response.status_code == (200 if method == "get" else 302), path
