"""Who may confirm held WhatsApp messages (``POST /cases/<uuid>/messages/held/``): a coordinator with a grant on
the complaint. Every other role, a coordinator without a grant on it, and an anonymous visitor are refused
(404, or the login page), and nothing is queued or sent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.accounts.models import Role
from pseahub.audit.models import AuditEvent
from pseahub.cases.tests.helpers import user_with_role
from pseahub.intake.models import Dispatch, HeldMessage

from .dispatch_helpers import BACK, HELD_TEXT, complaint_with_held_message, sent_texts, whatsapp_channel
from .hooks_helpers import FakeProvider

REFUSED = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role", "latecomer"]


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture
def complaint(client, personas, monkeypatch, provider):
    return complaint_with_held_message(client, personas, whatsapp_channel(monkeypatch, provider.url))


def _state():
    return (
        Dispatch.objects.count(),
        HeldMessage.objects.filter(sent_at__isnull=True).count(),
        AuditEvent.objects.count(),
    )


def _user(personas, name):
    if name == "latecomer":  # a coordinator without a grant on this complaint
        return user_with_role("latecomer@example.org", Role.COORDINATOR)
    return getattr(personas, name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", REFUSED)
def test_everyone_but_a_coordinator_with_a_grant_is_refused(
    personas, complaint, provider, unlocked_client_for, name, django_capture_on_commit_callbacks
):
    user = _user(personas, name)
    refused = unlocked_client_for(user)  # even with their key unlocked
    before = _state()

    with (
        time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = refused.post(f"/cases/{complaint.public_id}/messages/held/")

    assert response.status_code == 404
    assert complaint.reference not in response.content.decode()
    assert _state() == before and HELD_TEXT not in sent_texts(provider)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, complaint, provider):
    before = _state()

    response = client.post(f"/cases/{complaint.public_id}/messages/held/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _state() == before and HELD_TEXT not in sent_texts(provider)


@pytest.mark.django_db
def test_a_get_is_not_allowed(personas, complaint, unlocked_client_for):
    assert (
        unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/messages/held/").status_code == 405
    )


@pytest.mark.django_db
def test_the_coordinator_with_a_grant_may(
    personas, complaint, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = unlocked_client_for(personas.coordinator).post(f"/cases/{complaint.public_id}/messages/held/")

    assert response.status_code == 302
    assert HELD_TEXT in sent_texts(provider)
