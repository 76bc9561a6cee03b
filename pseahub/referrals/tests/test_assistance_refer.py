"""assistance_refer: the survivor is referred to a mapped service only with their `services` consent, or, for a
child, a recorded best-interests determination. Everything else gets a clear refusal."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.services import complaint_close, consent_record
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.referrals.models import Referral, ReferralKind, ReferralState
from pseahub.referrals.services import assistance_refer, referral_content_read
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events_on, private_key, sea_complaint

NO_CONSENT = "The survivor has not consented to a referral for services. Record the consent first."


def _refer(personas, complaint, service, **kwargs):
    return assistance_refer(
        actor=personas.coordinator,
        complaint=complaint,
        service=service,
        summary=kwargs.pop("summary", "Needs medical care this week; speaks Bambara."),
        actor_private=private_key(personas.coordinator),
        **kwargs,
    )


@pytest.fixture
def service(personas):
    return ServiceFactory(provider=personas.org_a, name="Clinique Espoir")


@pytest.mark.django_db
def test_it_refers_with_the_services_consent(personas, service, mailoutbox, django_capture_on_commit_callbacks):
    complaint = sea_complaint(personas, consents=("services",))

    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(personas, complaint, service)

    assert (referral.kind, referral.state, referral.service, referral.organisation) == (
        ReferralKind.ASSISTANCE,
        ReferralState.SENT,
        service,
        personas.org_a,
    )
    assert referral.consent_override is False
    readers = set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))
    assert readers == {personas.provider.pk, personas.coordinator.pk}  # not the org's focal point
    (event,) = events_on(complaint, Action.REFERRAL_SENT)
    assert event.data["kind"] == "assistance"
    assert events_on(complaint, Action.CONSENT_OVERRIDDEN) == []
    assert [m.to for m in mailoutbox] == [[personas.provider.email]]
    content = referral_content_read(
        actor=personas.provider, referral=referral, actor_private=private_key(personas.provider)
    )
    assert content.packet["summary"] == "Needs medical care this week; speaks Bambara."


@pytest.mark.django_db
@pytest.mark.parametrize("decision", [None, "refused", "withdrawn"])
def test_it_refuses_without_a_given_services_consent(personas, service, decision):
    complaint = sea_complaint(personas, consents=("share_identity", "investigation"))
    if decision:
        consent_record(
            actor=personas.coordinator, complaint=complaint, purpose="services", decision="given", given_by="survivor"
        )
        consent_record(
            actor=personas.coordinator, complaint=complaint, purpose="services", decision=decision, given_by="survivor"
        )

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint, service)

    assert error.value.message == NO_CONSENT
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_best_interests_determination_allows_it_for_a_child(personas, service):
    complaint = sea_complaint(personas, involves_child=True)
    consent_record(
        actor=personas.coordinator,
        complaint=complaint,
        purpose="services",
        decision="given",
        given_by="best_interests",
    )

    referral = _refer(personas, complaint, service)

    assert referral.state == ReferralState.SENT
    assert referral.consent_override is False
    (event,) = events_on(complaint, Action.CONSENT_RECORDED)
    assert event.data == {"purpose": "services", "decision": "given", "given_by": "best_interests"}


@pytest.mark.django_db
def test_a_best_interests_determination_is_only_for_a_child(personas, service):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError, match="only for a child"):
        consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="services",
            decision="given",
            given_by="best_interests",
        )
    with pytest.raises(ApplicationError, match="not consented"):
        _refer(personas, complaint, service)


@pytest.mark.django_db
def test_it_refuses_a_second_open_referral_to_the_same_service(personas, service):
    complaint = sea_complaint(personas, consents=("services",))
    _refer(personas, complaint, service)

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint, service)

    assert error.value.message == "The survivor is already referred to this service."
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_provider_without_staff_accounts(personas):
    nobody = OrganisationFactory(name="Delta Care", acronym="DELTA")
    complaint = sea_complaint(personas, consents=("services",))

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint, ServiceFactory(provider=nobody))

    assert error.value.message == "Delta Care (DELTA) has no staff with an account to receive referrals."


@pytest.mark.django_db
def test_it_refuses_an_inactive_service_and_a_closed_complaint(personas, service):
    complaint = sea_complaint(personas, consents=("services",))

    with pytest.raises(ApplicationError, match="no longer active"):
        _refer(personas, complaint, ServiceFactory(provider=personas.org_a, is_active=False))
    with pytest.raises(ApplicationError, match="what the provider needs to know"):
        _refer(personas, complaint, service, summary=" ")
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")
    with pytest.raises(ApplicationError, match="This complaint is closed"):
        _refer(personas, complaint, service)
    assert not Referral.objects.exists()
