"""The user pages of the admin: no key material shown, and every change goes through the audited services."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts import services
from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.accounts.tests.helpers import (
    LOGIN_URL,
    PROFILE_URL,
    SETUP_URL,
    authenticator,
    events,
    password_step,
    text,
)
from pseahub.audit.models import Action
from pseahub.vault.crypto import VaultError, seal, unseal

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "reset-by-the-network-admin"


@pytest.fixture
def admin_client(personas, client_for) -> Client:
    return client_for(personas.admin)


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _change_data(user: User, **changes: str) -> dict[str, str]:
    """The user change form as the admin page would post it, with each current role and one empty row."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": "on",
        "_save": "Save",
    }
    assignments = list(user.role_assignments.order_by("pk"))
    for index, assignment in enumerate([*assignments, None]):
        prefix = f"role_assignments-{index}-"
        data[prefix + "id"] = str(assignment.pk) if assignment else ""
        data[prefix + "user"] = str(user.pk)
        data[prefix + "role"] = assignment.role if assignment else ""
        data[prefix + "organisation"] = str(assignment.organisation_id or "") if assignment else ""
    data.update(
        {
            "role_assignments-TOTAL_FORMS": str(len(assignments) + 1),
            "role_assignments-INITIAL_FORMS": str(len(assignments)),
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _roles(user: User) -> set[tuple[str, int | None]]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "organisation_id"))


def test_it_shows_no_key_material_or_secrets_on_a_user_record(personas, admin_client):
    user = personas.coordinator
    device = authenticator(user)

    response = admin_client.get(_change_url(user))

    assert response.status_code == 200
    page = text(response)
    assert user.email in page
    for hidden in ["public_key", "private_key", "security_stamp", user.security_stamp, user.password, device.key]:
        assert hidden not in page
    assert bytes(user.public_key).hex() not in page


def test_it_records_changed_details_by_field_name_only(personas, admin_client):
    user = personas.coordinator

    response = admin_client.post(_change_url(user), _change_data(user, full_name="Awa Traoré"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Awa Traoré"
    (updated,) = events(Action.USER_UPDATED, target_id=str(user.public_id))
    assert updated.actor_id == personas.admin.pk
    assert updated.data == {"fields": ["full_name"]}


def test_it_records_nothing_when_nothing_changed(personas, admin_client):
    user = personas.coordinator

    admin_client.post(_change_url(user), _change_data(user))

    assert not events(Action.USER_UPDATED)
    assert not events(Action.ROLE_GRANTED, actor=personas.admin)


def test_it_saves_a_corrected_email_address(personas, admin_client):
    user = personas.coordinator

    admin_client.post(_change_url(user), _change_data(user, email="Coordinator.New@Example.org"))

    user.refresh_from_db()
    assert user.email == "coordinator.new@example.org"
    assert events(Action.USER_UPDATED)[0].data == {"fields": ["email"]}


def test_it_refuses_an_email_address_another_user_has_in_other_letters(personas, admin_client):
    user = personas.coordinator

    response = admin_client.post(_change_url(user), _change_data(user, email=personas.analyst.email.upper()))

    assert response.status_code == 200
    assert "A user with this e-mail address already exists." in text(response)
    user.refresh_from_db()
    assert user.email == "coordinator@example.org"


def test_it_deactivates_a_user_records_it_and_ends_their_sessions(personas, admin_client, client_for):
    user = personas.coordinator
    their_session = client_for(user)
    data = _change_data(user)
    del data["is_active"]

    admin_client.post(_change_url(user), data)

    user.refresh_from_db()
    assert not user.is_active
    (deactivated,) = events(Action.USER_DEACTIVATED)
    assert deactivated.actor_id == personas.admin.pk
    assert deactivated.target_id == str(user.public_id)
    response = their_session.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_it_replaces_a_changed_role_and_records_both(personas, admin_client):
    user = personas.coordinator

    admin_client.post(_change_url(user), _change_data(user, **{"role_assignments-0-role": Role.ANALYST}))

    assert _roles(user) == {(Role.ANALYST, None)}
    (granted,) = events(Action.ROLE_GRANTED, actor=personas.admin)
    (revoked,) = events(Action.ROLE_REVOKED, actor=personas.admin)
    assert granted.data["role"] == Role.ANALYST
    assert revoked.data["role"] == Role.COORDINATOR


def test_it_adds_a_role_from_the_empty_row(personas, admin_client):
    user = personas.coordinator

    admin_client.post(
        _change_url(user),
        _change_data(
            user,
            **{"role_assignments-1-role": Role.FOCAL_POINT, "role_assignments-1-organisation": str(personas.org_b.pk)},
        ),
    )

    assert _roles(user) == {(Role.COORDINATOR, None), (Role.FOCAL_POINT, personas.org_b.pk)}
    (granted,) = events(Action.ROLE_GRANTED, actor=personas.admin)
    assert granted.data == {"role": "focal_point", "organisation": str(personas.org_b.public_id)}


def test_it_removes_a_role_ticked_for_deletion(personas, admin_client):
    user = personas.operator

    admin_client.post(_change_url(user), _change_data(user, **{"role_assignments-0-DELETE": "on"}))

    assert _roles(user) == set()
    (revoked,) = events(Action.ROLE_REVOKED, actor=personas.admin)
    assert revoked.data == {"role": "operator", "organisation": None, "key_grants_withdrawn": 0}


def test_it_refuses_a_focal_point_without_an_organisation(personas, admin_client):
    user = personas.analyst

    admin_client.post(_change_url(user), _change_data(user, **{"role_assignments-1-role": Role.FOCAL_POINT}))

    assert _roles(user) == {(Role.ANALYST, None)}
    assert not events(Action.ROLE_GRANTED, actor=personas.admin)


def test_it_creates_a_user_with_a_key_pair_and_records_it(personas, admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "language": "fr",
            "password1": "a-long-first-password",
            "password2": "a-long-first-password",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("a-long-first-password")
    assert services.user_private_key_unlock(user=user, password="a-long-first-password") is not None
    (created,) = events(Action.USER_CREATED, target_id=str(user.public_id))
    assert created.actor_id == personas.admin.pk


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("COORDINATOR@example.org", "a-long-first-password", "A user with this e-mail address already exists."),
        ("fresh@example.org", "short", "This password is too short."),
    ],
)
def test_it_refuses_a_taken_address_or_a_weak_password_on_the_form(personas, admin_client, email, password, message):
    count = User.objects.count()

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": email, "full_name": "", "language": "en", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in text(response)
    assert User.objects.count() == count


def test_it_resets_a_password_with_a_new_key_pair_and_records_it(personas, admin_client, client_for):
    user = personas.focal_point_a
    sealed_for_old_key = seal(bytes(user.public_key), b"referral details")
    their_session = client_for(user)
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/password/")
    assert page.status_code == 200
    assert 'name="usable_password"' not in text(page)  # no "disable password sign-in" choice

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    new_private = services.user_private_key_unlock(user=user, password=NEW_PASSWORD)
    with pytest.raises(VaultError):
        unseal(new_private, sealed_for_old_key)
    (reset,) = events(Action.PASSWORD_RESET)
    assert reset.actor_id == personas.admin.pk
    assert reset.target_id == str(user.public_id)
    assert their_session.get(PROFILE_URL).status_code == 302


def test_it_requires_a_password_on_reset(personas, admin_client):
    user = personas.focal_point_a

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/", {"usable_password": "false", "unset-password": "1"}
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not events(Action.PASSWORD_RESET)


def test_it_resets_two_step_verification_for_a_lost_phone(personas, admin_client):
    user = personas.operator
    authenticator(user)
    services.backup_codes_generate(user=user)

    response = admin_client.post(
        "/admin/accounts/user/", {"action": "two_factor_reset", "_selected_action": [str(user.pk)]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    (removed,) = events(Action.OTP_DEVICE_REMOVED)
    assert removed.actor_id == personas.admin.pk
    assert removed.target_id == str(user.public_id)
    response = password_step(Client(), user.email)
    assert response["Location"].startswith(SETUP_URL)


def test_it_never_deletes_a_user(personas, admin_client):
    user = UserFactory(email="to.keep@example.org")

    response = admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_each_role_field_has_its_own_label_and_works_without_javascript(admin_client, personas):
    page = admin_client.get(_change_url(personas.focal_point_a)).content.decode()

    # Stacked rows: every field is labelled (a table row's fields had only the column headings).
    assert 'for="id_role_assignments-0-role"' in page
    assert 'for="id_role_assignments-0-organisation"' in page
    assert 'for="id_role_assignments-0-DELETE"' in page
    # A plain select listing the organisations, not an autocomplete box that needs JavaScript to fill it.
    assert "admin-autocomplete" not in page
    assert f">{personas.org_b}</option>" in page
