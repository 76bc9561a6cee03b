"""An assistance referral without the survivor's consent needs the `referrals.override_consent` permission AND a
written reason; it is audited (CONSENT_OVERRIDDEN), flagged on the referral and on the case page, and the
reason is kept sealed in the referral's history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Referral
from pseahub.referrals.services import assistance_refer, referral_content_read

from .helpers import events_on, private_key, sea_complaint, sign_in, text

REASON = "Life-threatening injuries; survivor unconscious, no caregiver reachable."


def _grant_override(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(content_type__app_label="referrals", codename="override_consent"))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


def _refer(actor, complaint, service, reason):
    return assistance_refer(
        actor=actor,
        complaint=complaint,
        service=service,
        summary="Urgent medical care.",
        override_reason=reason,
        actor_private=private_key(actor),
    )


@pytest.fixture
def service(personas):
    return ServiceFactory(provider=personas.org_a)


@pytest.mark.django_db
def test_with_the_permission_and_a_reason_it_refers_audited_and_flagged(personas, service):
    coordinator = _grant_override(personas.coordinator)
    complaint = sea_complaint(personas)

    referral = _refer(coordinator, complaint, service, REASON)

    assert referral.consent_override is True
    (event,) = events_on(complaint, Action.CONSENT_OVERRIDDEN)
    assert event.actor == coordinator
    assert event.data == {"referral": str(referral.public_id)}
    assert REASON not in str(event.data)  # the reason is sealed, not in the audit log
    content = referral_content_read(actor=coordinator, referral=referral, actor_private=private_key(coordinator))
    assert REASON in [note for _update, note in content.updates]


@pytest.mark.django_db
def test_the_permission_without_a_reason_is_refused(personas, service):
    coordinator = _grant_override(personas.coordinator)
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError, match="not consented"):
        _refer(coordinator, complaint, service, "   ")

    assert not Referral.objects.exists()
    assert events_on(complaint, Action.CONSENT_OVERRIDDEN) == []


@pytest.mark.django_db
def test_a_reason_without_the_permission_is_refused(personas, service):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError) as error:
        _refer(personas.coordinator, complaint, service, REASON)

    assert error.value.message == "You are not allowed to refer without consent."
    assert not Referral.objects.exists()
    assert events_on(complaint, Action.CONSENT_OVERRIDDEN) == []


@pytest.mark.django_db
def test_with_consent_a_reason_is_no_override(personas, service):
    coordinator = _grant_override(personas.coordinator)
    complaint = sea_complaint(personas, consents=("services",))

    referral = _refer(coordinator, complaint, service, REASON)

    assert referral.consent_override is False
    assert events_on(complaint, Action.CONSENT_OVERRIDDEN) == []


@pytest.mark.django_db
def test_the_case_page_flags_an_override_made_through_the_form(personas, service):
    _grant_override(personas.coordinator)
    complaint = sea_complaint(personas)
    client = sign_in(personas.coordinator)

    response = client.post(
        f"/cases/{complaint.public_id}/assistance/",
        {"service": str(service.public_id), "summary": "Urgent medical care.", "override_reason": REASON},
        follow=True,
    )

    page = text(response)
    assert "Assistance referral sent." in page
    assert "without consent" in page
    assert Referral.objects.get().consent_override is True
    assert len(events_on(complaint, Action.CONSENT_OVERRIDDEN)) == 1


@pytest.mark.django_db
def test_the_form_shows_the_refusal_without_the_permission(personas, service):
    complaint = sea_complaint(personas)
    client = sign_in(personas.coordinator)

    response = client.post(
        f"/cases/{complaint.public_id}/assistance/",
        {"service": str(service.public_id), "summary": "Urgent medical care.", "override_reason": REASON},
        follow=True,
    )

    assert "You are not allowed to refer without consent." in text(response)
    assert not Referral.objects.exists()
