"""focal_point_create: a contact, or a user who then holds the focal-point role for that organisation."""

import pytest
from django.core.exceptions import ValidationError

from pseahub.accounts.models import Role, RoleAssignment
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import FocalPoint
from pseahub.network.services import focal_point_create
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_adds_a_contact_only_focal_point_with_its_audit_entry():
    admin = UserFactory()
    organisation = OrganisationFactory()
    granted_before = AuditEvent.objects.filter(action=Action.ROLE_GRANTED).count()

    focal_point = focal_point_create(
        actor=admin,
        organisation=organisation,
        name="Hawa Maïga",
        email="hawa@example.org",
        phone="+223 70 00 00 08",
        languages=["fr", "bm"],
        title="PSEA Officer",
        is_alternate=True,
    )

    stored = FocalPoint.objects.get()
    assert (stored.organisation, stored.name, stored.email, stored.phone) == (
        organisation,
        "Hawa Maïga",
        "hawa@example.org",
        "+223 70 00 00 08",
    )
    assert (stored.languages, stored.is_alternate, stored.user) == (["fr", "bm"], True, None)
    event = AuditEvent.objects.get(action=Action.FOCAL_POINT_CREATED)
    assert event.actor == admin
    assert (event.target_type, event.target_id) == ("network.focalpoint", str(focal_point.public_id))
    assert event.data == {"organisation": str(organisation.public_id), "linked_user": False}
    assert AuditEvent.objects.filter(action=Action.ROLE_GRANTED).count() == granted_before


def test_it_gives_a_linked_user_the_focal_point_role_for_that_organisation():
    admin = UserFactory()
    organisation, other = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()

    focal_point_create(actor=admin, organisation=organisation, name="Ibrahim Cissé", user=user)

    assert user.has_role(Role.FOCAL_POINT)
    assert user.organisation_ids(Role.FOCAL_POINT) == {organisation.pk}
    assert other.pk not in user.organisation_ids(Role.FOCAL_POINT)
    created = AuditEvent.objects.get(action=Action.FOCAL_POINT_CREATED)
    granted = AuditEvent.objects.get(action=Action.ROLE_GRANTED)
    assert created.data["linked_user"] is True
    assert granted.seq == created.seq + 1
    assert (granted.actor, granted.target_id) == (admin, str(user.public_id))
    assert granted.data == {"role": "focal_point", "organisation": str(organisation.public_id)}


def test_it_does_not_grant_the_role_twice_to_a_user_who_already_holds_it(personas):
    granted_before = AuditEvent.objects.filter(action=Action.ROLE_GRANTED).count()

    focal_point_create(actor=personas.admin, organisation=personas.org_a, name="FP A", user=personas.focal_point_a)

    assert RoleAssignment.objects.filter(user=personas.focal_point_a, role=Role.FOCAL_POINT).count() == 1
    assert AuditEvent.objects.filter(action=Action.ROLE_GRANTED).count() == granted_before


def test_it_refuses_a_second_profile_for_the_same_user_and_organisation():
    organisation, user = OrganisationFactory(), UserFactory()
    focal_point_create(actor=None, organisation=organisation, name="Ibrahim Cissé", user=user)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        focal_point_create(actor=None, organisation=organisation, name="Ibrahim C.", user=user)

    assert FocalPoint.objects.count() == 1
    assert AuditEvent.objects.count() == events_before


def test_it_refuses_an_invalid_email_and_records_nothing():
    organisation = OrganisationFactory()

    with pytest.raises(ValidationError) as failure:
        focal_point_create(actor=None, organisation=organisation, name="Hawa Maïga", email="not-an-address")

    assert "email" in failure.value.message_dict
    assert not FocalPoint.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.FOCAL_POINT_CREATED).exists()
