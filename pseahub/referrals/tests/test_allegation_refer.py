"""allegation_refer: the coordinator refers one allegation to the concerned organisation's focal points. Identity
goes only with the survivor's consent; an organisation without a focal point account, a second open referral to
the same organisation, and a closed complaint are refused with a clear message."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.cases.models import Status
from pseahub.cases.services import allegation_update, complaint_close, consent_record
from pseahub.core.exceptions import ApplicationError
from pseahub.network.tests.factories import FocalPointFactory, OrganisationFactory
from pseahub.referrals.models import Referral, ReferralKind, ReferralState, ReferralUpdate
from pseahub.referrals.services import allegation_refer, referral_decline
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events_on, private_key, refer, sea_complaint


def _refer(personas, allegation, *, share_identity=False, summary="What happened, without names."):
    return allegation_refer(
        actor=personas.coordinator,
        allegation=allegation,
        summary=summary,
        share_identity=share_identity,
        actor_private=private_key(personas.coordinator),
    )


@pytest.mark.django_db
def test_it_refers_to_the_focal_points_and_records_it(personas, mailoutbox, django_capture_on_commit_callbacks):
    complaint = sea_complaint(personas)
    allegation = complaint.allegations.get()

    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(personas, allegation)

    assert referral.kind == ReferralKind.ALLEGATION
    assert referral.state == ReferralState.SENT
    assert (referral.allegation, referral.organisation, referral.sent_by) == (
        allegation,
        personas.org_a,
        personas.coordinator,
    )
    assert referral.shares_identity is False
    assert list(referral.updates.values_list("state", flat=True)) == [ReferralState.SENT]
    complaint.refresh_from_db()
    assert complaint.status == Status.REFERRED
    # The referral's own keyring is wrapped for the focal point of the organisation and the coordinator only.
    readers = set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))
    assert readers == {personas.focal_point_a.pk, personas.coordinator.pk}
    (event,) = events_on(complaint, Action.REFERRAL_SENT)
    assert event.actor == personas.coordinator
    assert event.data == {
        "referral": str(referral.public_id),
        "kind": "allegation",
        "organisation": str(personas.org_a.public_id),
        "identity_shared": False,
    }
    assert [m.to for m in mailoutbox] == [[personas.focal_point_a.email]]


@pytest.mark.django_db
def test_it_refuses_to_share_identity_without_consent(personas):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint.allegations.get(), share_identity=True)

    assert "only be shared with the survivor's consent" in error.value.message
    assert not Referral.objects.exists()
    assert events_on(complaint, Action.REFERRAL_SENT) == []


@pytest.mark.django_db
def test_a_refused_or_withdrawn_consent_does_not_allow_sharing_identity(personas):
    complaint = sea_complaint(personas, consents=("share_identity",))
    consent_record(
        actor=personas.coordinator,
        complaint=complaint,
        purpose="share_identity",
        decision="withdrawn",
        given_by="survivor",
    )

    with pytest.raises(ApplicationError, match="consent"):
        _refer(personas, complaint.allegations.get(), share_identity=True)


@pytest.mark.django_db
def test_it_shares_identity_with_consent(personas):
    complaint = sea_complaint(personas, consents=("share_identity",))

    referral = _refer(personas, complaint.allegations.get(), share_identity=True)

    assert referral.shares_identity is True
    assert events_on(complaint, Action.REFERRAL_SENT)[0].data["identity_shared"] is True


@pytest.mark.django_db
def test_it_refuses_an_organisation_without_a_focal_point_account(personas):
    no_account = OrganisationFactory(name="Gamma Works", acronym="GAMMA")
    FocalPointFactory(organisation=no_account, user=None)  # a contact on paper, no account
    complaint = sea_complaint(personas, organisation=no_account)

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint.allegations.get())

    assert error.value.message == (
        "Gamma Works (GAMMA) has no focal point with an account in PSEA Hub. Ask the network admin to add one."
    )
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_deactivated_focal_point_does_not_count(personas):
    personas.focal_point_a.is_active = False
    personas.focal_point_a.save(update_fields=["is_active"])
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError, match="no focal point with an account"):
        _refer(personas, complaint.allegations.get())


@pytest.mark.django_db
def test_it_refuses_a_second_open_referral_to_the_same_organisation(personas):
    complaint = sea_complaint(personas)
    allegation = complaint.allegations.get()
    _refer(personas, allegation)

    with pytest.raises(ApplicationError) as error:
        _refer(personas, allegation)

    assert error.value.message == "This allegation is already referred to Alpha Relief (ALPHA)."
    assert Referral.objects.count() == 1
    assert len(events_on(complaint, Action.REFERRAL_SENT)) == 1


@pytest.mark.django_db
def test_after_a_decline_it_can_be_re_routed(personas):
    complaint = sea_complaint(personas)
    allegation = complaint.allegations.get()
    first = _refer(personas, allegation)
    referral_decline(actor=personas.focal_point_a, referral=first, reason="not_our_staff")
    allegation_update(
        actor=personas.coordinator,
        allegation=allegation,
        organisation=personas.org_b,
        personnel_category=allegation.personnel_category,
        sea_type=allegation.sea_type,
    )
    allegation.refresh_from_db()

    second = _refer(personas, allegation)

    assert second.organisation == personas.org_b
    readers = set(KeyGrant.objects.filter(keyring=second.keyring, kind=GrantKind.USER).values_list("user", flat=True))
    assert readers == {personas.focal_point_b.pk, personas.coordinator.pk}


@pytest.mark.django_db
def test_it_refuses_a_closed_complaint(personas):
    complaint = sea_complaint(personas)
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")

    with pytest.raises(ApplicationError) as error:
        _refer(personas, complaint.allegations.get())

    assert error.value.message == "This complaint is closed."


@pytest.mark.django_db
def test_it_needs_an_organisation_and_a_summary(personas):
    complaint = sea_complaint(personas)
    allegation = complaint.allegations.get()

    with pytest.raises(ApplicationError, match="Write the summary"):
        _refer(personas, allegation, summary="   ")
    allegation.organisation = None
    allegation.save()
    with pytest.raises(ApplicationError, match="Set the concerned organisation"):
        _refer(personas, allegation)
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_it_needs_the_coordinators_unlocked_key(personas):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError, match="Your key is locked"):
        allegation_refer(
            actor=personas.coordinator,
            allegation=complaint.allegations.get(),
            summary="Summary.",
            share_identity=False,
            actor_private=None,
        )
    assert not Referral.objects.exists()
    assert not ReferralUpdate.objects.exists()


@pytest.mark.django_db
def test_every_focal_point_of_the_organisation_receives_it(personas):
    alternate = UserFactory(email="fp.a2@example.org")
    role_grant(actor=None, user=alternate, role=Role.FOCAL_POINT, organisation=personas.org_a)

    referral = refer(personas, sea_complaint(personas))

    readers = set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))
    assert readers == {personas.focal_point_a.pk, alternate.pk, personas.coordinator.pk}
    assert personas.focal_point_b.pk not in readers
