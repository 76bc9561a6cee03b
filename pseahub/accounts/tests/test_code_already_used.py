"""A TOTP code refused because it was already used says so and tells the user to wait for the next one."""

import pytest
import time_machine
from django.test import Client

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import (
    CODE_ALREADY_USED,
    LOGOUT_URL,
    VERIFY_URL,
    WRONG_CODE,
    authenticator,
    code_not_accepted_now,
    code_now,
    events,
    password_step,
    text,
)
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-02 09:15:07+00:00", tick=False)
def test_a_code_used_a_moment_ago_is_refused_with_wait_for_the_next():
    user = UserFactory()
    device = authenticator(user)
    client = Client()
    password_step(client, user.email)
    code = code_now(device)
    assert client.post(VERIFY_URL, {"token": code}).status_code == 302
    client.post(LOGOUT_URL)

    password_step(client, user.email)
    response = client.post(VERIFY_URL, {"token": code})

    assert response.status_code == 200
    assert CODE_ALREADY_USED in text(response)
    assert len(events(Action.OTP_FAILED, actor=user)) == 1


@time_machine.travel("2026-03-02 09:15:07+00:00", tick=False)
def test_a_wrong_code_still_gets_the_plain_refusal():
    user = UserFactory()
    device = authenticator(user)
    client = Client()
    password_step(client, user.email)

    response = client.post(VERIFY_URL, {"token": code_not_accepted_now(device)})

    assert WRONG_CODE in text(response)
    assert CODE_ALREADY_USED not in text(response)
