"""The periodic reminder: when a service becomes due for verification, its provider's users and the coordinators
get one e-mail with how many services need verifying and a link (no service detail); not again until the service
is verified and due again."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from pseahub.mapping.models import Service
from pseahub.mapping.service_access import verification_reminders_send
from pseahub.mapping.tasks import service_verification_remind
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _verified(service: Service, when: dt.datetime) -> None:
    Service.objects.filter(pk=service.pk).update(last_verified_at=when)


def _sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def due(personas):
    service = ServiceFactory(provider=personas.org_a, name="Clinique confidentielle", contact_phone="+223 70 99 99 99")
    _verified(service, timezone.now() - dt.timedelta(days=200))
    ServiceFactory(provider=personas.org_b, name="Beta fresh")  # never verified either: org_b has no provider user
    _verified(Service.objects.get(name="Beta fresh"), timezone.now() - dt.timedelta(days=10))
    mail.outbox.clear()
    return service


def test_the_provider_and_the_coordinators_get_one_email(personas, due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = service_verification_remind.enqueue()

    assert result.return_value == {"emails": 2}
    assert _sent_to() == ["coordinator@example.org", "provider@example.org"]
    message = mail.outbox[0]
    assert "1." in message.body and "/mapping/services/?overdue=on" in message.body
    assert "Clinique" not in message.body + message.subject and "99 99" not in message.body
    due.refresh_from_db()
    assert due.verification_reminded_at is not None


def test_not_again_until_verified_and_due_again(personas, due, django_capture_on_commit_callbacks):
    now = timezone.now()

    def emails_after_a_run(days: int) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            verification_reminders_send(now=now + dt.timedelta(days=days))
        return len(mail.outbox)

    assert emails_after_a_run(0) == 2
    assert emails_after_a_run(1) == 2  # still due, already reminded
    _verified(due, now + dt.timedelta(days=2))
    assert emails_after_a_run(100) == 2  # verified: not due
    assert emails_after_a_run(2 + 190) == 4  # due again: reminded again, once
    assert emails_after_a_run(2 + 191) == 4


def test_nothing_is_sent_when_nothing_became_due(personas, django_capture_on_commit_callbacks):
    service = ServiceFactory(provider=personas.org_a)
    _verified(service, timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert verification_reminders_send() == 0
    assert mail.outbox == []


def test_an_inactive_service_is_not_chased(personas, django_capture_on_commit_callbacks):
    ServiceFactory(provider=personas.org_a, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert verification_reminders_send() == 0
    assert mail.outbox == []
