"""user_exclude: an implicated user is excluded from a complaint. They lose every grant on it and on its
referrals (404 everywhere), no later referral grants them (the referral still reaches the others), and a
re-grant after a password reset passes them by."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant, user_password_reset
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.cases.models import Exclusion
from pseahub.cases.services import allegation_add, keys_regrant, user_exclude
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.reminders import deadlines_process
from pseahub.referrals.services import allegation_refer, recipients_for
from pseahub.referrals.tests.helpers import events_on, private_key, refer, sea_complaint, sign_in, term, text
from pseahub.vault.models import GrantKind, KeyGrant

NEW_PASSWORD = "Otter-Lantern-Seventy-9"


def _user(email, role, organisation=None):
    user = UserFactory(email=email)
    role_grant(actor=None, user=user, role=role, organisation=organisation)
    return user


def _opens(user, keyring):
    """The user holds a grant on the keyring made for their current key pair."""
    user.refresh_from_db()
    grant = KeyGrant.objects.filter(keyring=keyring, user=user).first()
    return grant is not None and bytes(grant.recipient_public_key) == bytes(user.public_key)


def _grant_holders(keyring):
    return set(KeyGrant.objects.filter(keyring=keyring, kind=GrantKind.USER).values_list("user", flat=True))


@pytest.mark.django_db
def test_an_excluded_coordinator_loses_the_complaint_and_its_referrals(personas):
    implicated = _user("coordinator2@example.org", Role.COORDINATOR)
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)
    assert implicated.pk in _grant_holders(complaint.keyring) | _grant_holders(referral.keyring)
    client = sign_in(implicated)
    assert client.get(f"/cases/{complaint.public_id}/").status_code == 200

    exclusion = user_exclude(actor=personas.coordinator, complaint=complaint, user=implicated)

    assert (exclusion.user, exclusion.excluded_by) == (implicated, personas.coordinator)
    assert implicated.pk not in _grant_holders(complaint.keyring)
    assert implicated.pk not in _grant_holders(referral.keyring)
    assert client.get(f"/cases/{complaint.public_id}/").status_code == 404
    assert client.get(f"/referrals/{referral.public_id}/").status_code == 404
    assert client.post(f"/referrals/{referral.public_id}/revoke/").status_code == 404
    assert client.post(f"/cases/{complaint.public_id}/close/", {"reason": "duplicate"}).status_code == 404
    assert complaint.reference not in text(client.get("/cases/"))
    (event,) = events_on(complaint, Action.USER_EXCLUDED)
    assert event.actor == personas.coordinator
    assert event.data == {"user": str(implicated.public_id)}
    # The other coordinator keeps everything.
    assert sign_in(personas.coordinator).get(f"/cases/{complaint.public_id}/").status_code == 200


@pytest.mark.django_db
def test_an_excluded_focal_point_is_never_granted_by_a_later_referral(personas):
    alternate = _user("fp.a2@example.org", Role.FOCAL_POINT, personas.org_a)
    complaint = sea_complaint(personas)
    first = refer(personas, complaint)

    user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_a)
    second_allegation = allegation_add(
        actor=personas.coordinator,
        complaint=complaint,
        organisation=personas.org_a,
        personnel_category=term("personnel_category", "agency_staff"),
        sea_type=None,
        perpetrator_description="Another driver.",
    )
    later = allegation_refer(
        actor=personas.coordinator,
        allegation=second_allegation,
        summary="Second allegation.",
        share_identity=False,
        actor_private=private_key(personas.coordinator),
    )

    assert recipients_for(kind="allegation", organisation=personas.org_a, complaint=complaint) == [alternate]
    assert _grant_holders(later.keyring) == {alternate.pk, personas.coordinator.pk}
    assert personas.focal_point_a.pk not in _grant_holders(first.keyring)
    excluded = sign_in(personas.focal_point_a)
    for referral in (first, later):
        assert excluded.get(f"/referrals/{referral.public_id}/").status_code == 404
        assert excluded.post(f"/referrals/{referral.public_id}/acknowledge/").status_code == 404
    assert complaint.reference not in text(excluded.get("/referrals/?all=1"))
    assert sign_in(alternate).get(f"/referrals/{later.public_id}/").status_code == 200


@pytest.mark.django_db
def test_excluding_the_only_focal_point_leaves_no_one_to_refer_to(personas):
    complaint = sea_complaint(personas)
    user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_a)

    with pytest.raises(ApplicationError, match="no focal point with an account"):
        refer(personas, complaint)


@pytest.mark.django_db
def test_a_regrant_after_a_password_reset_passes_the_excluded_by(personas):
    colleague = _user("coordinator2@example.org", Role.COORDINATOR)
    implicated = _user("coordinator3@example.org", Role.COORDINATOR)
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)
    for user in (colleague, implicated, personas.focal_point_a):
        user_password_reset(actor=None, user=user, new_password=NEW_PASSWORD)
    user_exclude(actor=personas.coordinator, complaint=complaint, user=implicated)

    regranted = keys_regrant(actor=personas.coordinator, actor_private=private_key(personas.coordinator))

    assert regranted == 1  # one complaint (and its referral)
    assert _opens(colleague, complaint.keyring)
    assert _opens(colleague, referral.keyring)
    assert _opens(personas.focal_point_a, referral.keyring)
    assert implicated.pk not in _grant_holders(complaint.keyring) | _grant_holders(referral.keyring)
    assert sign_in(implicated, NEW_PASSWORD).get(f"/cases/{complaint.public_id}/").status_code == 404
    # The focal point reads the referral again with the new key pair.
    page = sign_in(personas.focal_point_a, NEW_PASSWORD).get(f"/referrals/{referral.public_id}/")
    assert "De-identified summary." in text(page)


@pytest.mark.django_db
def test_excluding_twice_is_one_exclusion_and_one_audit_row(personas):
    complaint = sea_complaint(personas)

    user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_b)
    user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_b)

    assert Exclusion.objects.filter(complaint=complaint).count() == 1
    assert len(events_on(complaint, Action.USER_EXCLUDED)) == 1


@pytest.mark.django_db
def test_a_coordinator_cannot_exclude_themselves(personas):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError, match="You cannot exclude yourself"):
        user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.coordinator)
    assert not Exclusion.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_excludes_from_the_case_page(personas):
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)
    client = sign_in(personas.coordinator)

    response = client.post(
        f"/cases/{complaint.public_id}/exclude/", {"user": str(personas.focal_point_a.public_id)}, follow=True
    )

    assert response.redirect_chain == [(f"/cases/{complaint.public_id}/", 302)]
    page = text(response)
    assert "The person is excluded and can no longer open this complaint or its referrals." in page
    assert personas.focal_point_a.display_name in page
    assert personas.focal_point_a.pk not in _grant_holders(referral.keyring)


@pytest.mark.django_db
def test_an_excluded_focal_point_is_not_reminded(personas, mailoutbox):
    alternate = _user("fp.a2@example.org", Role.FOCAL_POINT, personas.org_a)
    with time_machine.travel(dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        complaint = sea_complaint(personas)
        refer(personas, complaint)
        user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_a)

    with time_machine.travel(dt.datetime(2026, 1, 18, 12, 0, tzinfo=dt.UTC), tick=False):
        deadlines_process()

    assert [m.to for m in mailoutbox] == [[alternate.email]]
