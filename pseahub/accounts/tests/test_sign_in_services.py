"""The audit entries and the second-factor check of signing in live in services (the views only call them):
``second_factor_verify`` locks the user's devices, takes a code of the authenticator's length as an
authenticator code and anything else as a backup code, and audits the sign-in, the spent backup code or the
failure; ``sign_in_failed`` and ``sign_out`` write their entries, naming an account only by its public id."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.services import backup_codes_generate, second_factor_verify, sign_in_failed, sign_out
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent, FailureWindow

from .helpers import actions, authenticator, code_not_accepted_now, code_now


@pytest.fixture
def user(db):
    return UserFactory(email="someone@example.org")


def test_an_authenticator_code_signs_in_and_is_audited(user):
    device = authenticator(user)

    assert second_factor_verify(user=user, token=code_now(device)) == device

    assert actions(actor=user) == [Action.LOGIN]


def test_a_backup_code_signs_in_once_without_counting_against_the_authenticator(user):
    device = authenticator(user)
    code = backup_codes_generate(user=user)[0]

    accepted = second_factor_verify(user=user, token=code)
    again = second_factor_verify(user=user, token=code)

    assert isinstance(accepted, StaticDevice) and again is None
    assert actions(actor=user)[1:] == [Action.LOGIN, Action.BACKUP_CODE_USED, Action.OTP_FAILED]
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # the next good authenticator code still works
    assert second_factor_verify(user=user, token=code_now(device)) == device


def test_a_wrong_code_is_refused_audited_and_throttles_the_authenticator(user):
    device = authenticator(user)

    assert second_factor_verify(user=user, token=code_not_accepted_now(device)) is None

    assert actions(actor=user) == [Action.OTP_FAILED]
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1


def test_sign_in_failed_names_the_account_by_id_only(user):
    before = AuditEvent.objects.count()
    sign_in_failed(email="SOMEONE@example.org")
    sign_in_failed(email="nobody@example.org")
    sign_in_failed(email="someone@example.org", counted=False, locked_out=True)

    entries = list(AuditEvent.objects.order_by("seq").values_list("action", "target_id", "data"))[before:]
    # The unknown account's failure is only counted: it becomes one entry when its window ends.
    assert [(action, target) for action, target, _data in entries] == [
        (Action.LOGIN_FAILED, str(user.public_id)),
        (Action.LOGIN_LOCKED_OUT, str(user.public_id)),
    ]
    assert FailureWindow.objects.get(action=Action.LOGIN_FAILED).count == 1
    assert "example.org" not in repr(entries)


def test_sign_out_is_audited(user):
    sign_out(user=user)

    assert actions(actor=user, target_id=str(user.public_id)) == [Action.LOGOUT]
