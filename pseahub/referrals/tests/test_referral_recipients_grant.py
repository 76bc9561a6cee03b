"""referral_recipients_grant: a focal point added after a referral was sent, or whose key pair a password reset
replaced, cannot open it; the coordinator's keys page lists such referrals and gives access in one POST. Each
grant is audited and each person gets a notice with the reference and a link only."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import user_password_reset
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.cases.services import user_exclude
from pseahub.cases.tests.helpers import user_with_role
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.services import focal_point_create
from pseahub.referrals.models import Referral
from pseahub.referrals.selectors import referral_recipients_without_grant
from pseahub.referrals.services import (
    RecipientsGranted,
    referral_content_read,
    referral_decline,
    referral_recipients_grant,
    referral_revoke,
)
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events, events_on, private_key, refer, refer_assistance, sea_complaint, sign_in, text

SUMMARY = "Kestrel-Summary-3391: a distributor asked for sex in exchange for a ration card."
NEW_PASSWORD = "Otter-Lantern-Seventy-9"


def focal_point_added(personas, *, organisation=None, email="fp.new@example.org"):
    """A focal point added by the network admin after the referral went out (profile, role, key pair)."""
    user = UserFactory(email=email)
    focal_point_create(
        actor=personas.admin, organisation=organisation or personas.org_a, name="New Focal", email=email, user=user
    )
    return user


def readers(referral: Referral) -> set[int]:
    return set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))


def grant(personas) -> RecipientsGranted:
    return referral_recipients_grant(actor=personas.coordinator, actor_private=private_key(personas.coordinator))


@pytest.fixture
def referral(personas):
    return refer(personas, sea_complaint(personas), summary=SUMMARY)


# --- end to end, through the pages -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_focal_point_added_later_can_open_the_referral_once_granted(
    personas, referral, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = focal_point_added(personas)
    focal_point = sign_in(newcomer)
    assert focal_point.get(f"/referrals/{referral.public_id}/").status_code == 404
    assert referral.complaint.reference not in text(focal_point.get("/referrals/"))

    coordinator = sign_in(personas.coordinator)
    keys = text(coordinator.get("/cases/keys/"))
    assert "1 open referral has a recipient who cannot open it." in keys
    assert referral.complaint.reference in keys and newcomer.display_name in keys
    assert personas.focal_point_a.display_name not in keys  # holds a grant already

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/referrals/access/grant/")
    assert response.status_code == 302 and response.url == "/cases/keys/"
    page = text(coordinator.get("/cases/keys/"))
    assert "Access given to 1 person(s) on 1 referral(s); each was notified by e-mail." in page
    assert "Every recipient can open the open referrals." in page

    opened = focal_point.get(f"/referrals/{referral.public_id}/")
    assert opened.status_code == 200 and "Kestrel-Summary-3391" in text(opened)
    assert referral.complaint.reference in text(focal_point.get("/referrals/"))
    # The notice: reference and link, nothing of the case.
    (notice,) = mailoutbox
    assert notice.to == [newcomer.email]
    assert referral.complaint.reference in notice.subject
    assert f"/referrals/{referral.public_id}/" in notice.body
    assert "Kestrel" not in notice.body and "Kestrel" not in notice.subject


# --- the service ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_it_grants_each_missing_recipient_once_and_audits_each_grant(personas, referral):
    first = focal_point_added(personas, email="fp.one@example.org")
    second = focal_point_added(personas, email="fp.two@example.org")
    before = events(Action.KEY_GRANTED)

    done = grant(personas)

    assert done == RecipientsGranted(referrals=1, people=2)
    assert readers(referral) == {personas.coordinator.pk, personas.focal_point_a.pk, first.pk, second.pk}
    new_grant = KeyGrant.objects.get(keyring=referral.keyring, user=first)
    assert new_grant.granted_by == personas.coordinator
    assert bytes(new_grant.recipient_public_key) == bytes(first.public_key)
    granted = events_on(referral.complaint, Action.KEY_GRANTED)
    assert len(granted) == len(before) + 2
    assert {(e.actor, e.data["referral"], e.data["user"]) for e in granted[-2:]} == {
        (personas.coordinator, str(referral.public_id), str(first.public_id)),
        (personas.coordinator, str(referral.public_id), str(second.public_id)),
    }
    for event in granted[-2:]:
        assert set(event.data) == {"referral", "user"}  # no name, no e-mail
    content = referral_content_read(actor=first, referral=referral, actor_private=private_key(first))
    assert content is not None and content.packet["summary"] == SUMMARY

    again = grant(personas)

    assert again == RecipientsGranted(referrals=0, people=0)
    assert len(events_on(referral.complaint, Action.KEY_GRANTED)) == len(granted)


@pytest.mark.django_db
def test_a_focal_point_whose_password_was_reset_gets_a_new_grant(personas, referral):
    user_password_reset(actor=None, user=personas.focal_point_a, new_password=NEW_PASSWORD)
    personas.focal_point_a.refresh_from_db()
    assert (
        referral_content_read(
            actor=personas.focal_point_a,
            referral=referral,
            actor_private=private_key(personas.focal_point_a, NEW_PASSWORD),
        )
        is None
    )
    (gap,) = referral_recipients_without_grant(actor=personas.coordinator)
    assert gap.referral == referral and gap.users == [personas.focal_point_a]

    assert grant(personas) == RecipientsGranted(referrals=1, people=1)

    content = referral_content_read(
        actor=personas.focal_point_a,
        referral=referral,
        actor_private=private_key(personas.focal_point_a, NEW_PASSWORD),
    )
    assert content is not None and content.packet["summary"] == SUMMARY
    assert referral_recipients_without_grant(actor=personas.coordinator) == []


@pytest.mark.django_db
def test_it_gives_nothing_to_people_outside_the_organisation_or_excluded(personas, referral):
    focal_point_added(personas, organisation=personas.org_b, email="fp.b2@example.org")
    user_with_role("provider2@example.org", Role.SERVICE_PROVIDER, personas.org_a)  # not an allegation recipient
    implicated = focal_point_added(personas, email="fp.implicated@example.org")
    user_exclude(actor=personas.coordinator, complaint=referral.complaint, user=implicated)
    inactive = focal_point_added(personas, email="fp.gone@example.org")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    assert referral_recipients_without_grant(actor=personas.coordinator) == []
    assert grant(personas) == RecipientsGranted(referrals=0, people=0)
    assert readers(referral) == {personas.coordinator.pk, personas.focal_point_a.pk}


@pytest.mark.django_db
def test_it_leaves_referrals_that_are_no_longer_open(personas, referral):
    declined = refer(personas, sea_complaint(personas))
    referral_revoke(actor=personas.coordinator, referral=referral)
    referral_decline(actor=personas.focal_point_a, referral=declined, reason="not_our_staff")
    newcomer = focal_point_added(personas)

    assert referral_recipients_without_grant(actor=personas.coordinator) == []
    assert grant(personas) == RecipientsGranted(referrals=0, people=0)
    assert not KeyGrant.objects.filter(user=newcomer).exists()


@pytest.mark.django_db
def test_it_covers_a_providers_staff_added_after_an_assistance_referral(personas):
    service = ServiceFactory(provider=personas.org_a, name="Clinique Espoir")
    assistance = refer_assistance(personas, sea_complaint(personas, consents=("services",)), service)
    staff = user_with_role("provider2@example.org", Role.SERVICE_PROVIDER, personas.org_a)

    (gap,) = referral_recipients_without_grant(actor=personas.coordinator)
    assert (gap.referral, gap.users) == (assistance, [staff])
    assert grant(personas) == RecipientsGranted(referrals=1, people=1)
    assert staff.pk in readers(assistance) and personas.focal_point_a.pk not in readers(assistance)


@pytest.mark.django_db
def test_only_a_coordinator_holding_the_referral_can_give_access(personas, referral):
    focal_point_added(personas)
    latecomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)  # no grant on the complaint

    assert referral_recipients_without_grant(actor=latecomer) == []
    assert referral_recipients_grant(actor=latecomer, actor_private=private_key(latecomer)) == RecipientsGranted(
        referrals=0, people=0
    )
    assert referral_recipients_without_grant(actor=personas.focal_point_a) == []
    assert len(referral_recipients_without_grant(actor=personas.coordinator)) == 1


@pytest.mark.django_db
def test_a_locked_key_gives_nothing(personas, referral):
    focal_point_added(personas)
    before = len(events(Action.KEY_GRANTED))

    with pytest.raises(ApplicationError, match="Your key is locked"):
        referral_recipients_grant(actor=personas.coordinator, actor_private=None)

    assert len(events(Action.KEY_GRANTED)) == before
    assert len(referral_recipients_without_grant(actor=personas.coordinator)) == 1


@pytest.mark.django_db
def test_the_view_says_when_the_key_is_locked(personas, referral, client_for):
    focal_point_added(personas)

    response = client_for(personas.coordinator).post("/referrals/access/grant/", follow=True)

    assert "Your key is locked. Sign out and in again, then retry." in text(response)
    assert len(referral_recipients_without_grant(actor=personas.coordinator)) == 1
