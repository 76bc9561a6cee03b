"""focal_point_update: audited changes; the linked user's focal-point role follows the profile."""

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import FocalPoint
from pseahub.network.services import focal_point_create, focal_point_update
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def test_it_changes_contact_details_and_records_only_the_field_names():
    admin = UserFactory()
    focal_point = focal_point_create(actor=None, organisation=OrganisationFactory(), name="Hawa Maïga")

    focal_point_update(actor=admin, focal_point=focal_point, email="hawa@example.org", phone="+223 70 00 00 08")

    stored = FocalPoint.objects.get()
    assert (stored.email, stored.phone) == ("hawa@example.org", "+223 70 00 00 08")
    event = _last(Action.FOCAL_POINT_UPDATED)
    assert (event.actor, event.target_id) == (admin, str(focal_point.public_id))
    assert event.data == {"fields": ["email", "phone"]}


def test_it_gives_a_newly_linked_user_the_role_for_the_organisation():
    organisation, user = OrganisationFactory(), UserFactory()
    focal_point = focal_point_create(actor=None, organisation=organisation, name="Ibrahim Cissé")

    focal_point_update(actor=None, focal_point=focal_point, user=user)

    assert user.organisation_ids(Role.FOCAL_POINT) == {organisation.pk}
    assert _last(Action.FOCAL_POINT_UPDATED).data == {
        "fields": ["user"],
        "old": {"user": None},
        "new": {"user": str(user.public_id)},
    }
    assert _last(Action.ROLE_GRANTED).data == {"role": "focal_point", "organisation": str(organisation.public_id)}


def test_it_moves_the_role_when_the_profile_is_linked_to_another_user():
    organisation, first, second = OrganisationFactory(), UserFactory(), UserFactory()
    focal_point = focal_point_create(actor=None, organisation=organisation, name="PSEA desk", user=first)

    focal_point_update(actor=None, focal_point=focal_point, user=second)

    first.refresh_from_db()
    assert first.organisation_ids(Role.FOCAL_POINT) == set()
    assert second.organisation_ids(Role.FOCAL_POINT) == {organisation.pk}
    assert _last(Action.ROLE_REVOKED).target_id == str(first.public_id)
    assert _last(Action.ROLE_GRANTED).target_id == str(second.public_id)


def test_it_takes_the_role_away_when_the_profile_is_deactivated_and_back_when_reactivated():
    organisation, user = OrganisationFactory(), UserFactory()
    focal_point = focal_point_create(actor=None, organisation=organisation, name="Ibrahim Cissé", user=user)

    focal_point_update(actor=None, focal_point=focal_point, is_active=False)

    assert user.organisation_ids(Role.FOCAL_POINT) == set()
    revoked = _last(Action.ROLE_REVOKED)
    assert revoked.data == {
        "role": "focal_point",
        "organisation": str(organisation.public_id),
        "key_grants_withdrawn": 0,
    }
    assert _last(Action.FOCAL_POINT_UPDATED).data == {
        "fields": ["is_active"],
        "old": {"is_active": True},
        "new": {"is_active": False},
    }

    focal_point_update(actor=None, focal_point=focal_point, is_active=True)

    assert user.organisation_ids(Role.FOCAL_POINT) == {organisation.pk}
    assert _last(Action.ROLE_GRANTED).seq > revoked.seq


def test_it_keeps_the_users_role_for_other_organisations():
    kept, dropped, user = OrganisationFactory(), OrganisationFactory(), UserFactory()
    focal_point_create(actor=None, organisation=kept, name="Ibrahim Cissé", user=user)
    focal_point = focal_point_create(actor=None, organisation=dropped, name="Ibrahim Cissé", user=user)

    focal_point_update(actor=None, focal_point=focal_point, user=None)

    assert user.organisation_ids(Role.FOCAL_POINT) == {kept.pk}


def test_it_records_nothing_when_nothing_changed():
    focal_point = focal_point_create(actor=None, organisation=OrganisationFactory(), name="Hawa Maïga")
    events_before = AuditEvent.objects.count()

    focal_point_update(actor=None, focal_point=focal_point, name="Hawa Maïga", is_active=True)

    assert AuditEvent.objects.count() == events_before


def test_it_refuses_to_move_a_focal_point_to_another_organisation():
    organisation, other = OrganisationFactory(), OrganisationFactory()
    focal_point = focal_point_create(actor=None, organisation=organisation, name="Hawa Maïga")

    with pytest.raises(TypeError, match="organisation"):
        focal_point_update(actor=None, focal_point=focal_point, organisation=other)

    assert FocalPoint.objects.get().organisation == organisation
    assert not AuditEvent.objects.filter(action=Action.FOCAL_POINT_UPDATED).exists()
