"""Lockout per (account name, client) with a higher ceiling per account name: a stranger's wrong passwords
from one place do not lock the owner out elsewhere; failures spread over many places still lock the name; the
owner gets one e-mail notice; axes keeps a keyed hash of the client, never its address."""

from __future__ import annotations

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.accounts.tests.helpers import WRONG_LOGIN, password_step, text

pytestmark = pytest.mark.django_db

KNOWN = "coordinator.here@example.org"
WRONG = "wrong-password-guess-1"
PER_CLIENT = 5  # LOGIN_FAILURES_PER_CLIENT
PER_ACCOUNT = 20  # LOGIN_FAILURES_PER_ACCOUNT
STRANGER = "203.0.113.9"
OWNER = "198.51.100.20"


def _from(address: str, **meta: str) -> Client:
    return Client(REMOTE_ADDR=address, **meta)


@pytest.fixture
def user():
    return UserFactory(email=KNOWN)


def test_the_ceiling_per_account_is_higher_than_the_limit_per_client():
    limits = (
        getattr(settings, "LOGIN_FAILURES_PER_CLIENT", None),
        getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", None),
    )
    assert limits == (PER_CLIENT, PER_ACCOUNT)


def test_a_strangers_failures_from_one_client_do_not_lock_the_owner_out_from_another(user):
    stranger = _from(STRANGER)
    for _attempt in range(PER_ACCOUNT + 5):  # refused attempts do not add up to the per-name ceiling
        password_step(stranger, KNOWN, WRONG)
    assert password_step(stranger, KNOWN, PASSWORD).status_code == 429  # the stranger's place is locked

    response = password_step(_from(OWNER), KNOWN, PASSWORD)

    assert response.status_code == 302


def test_failures_spread_over_many_clients_hit_the_ceiling_for_the_name(user):
    for n in range(PER_ACCOUNT - 1):
        assert password_step(_from(f"192.0.2.{n + 1}"), KNOWN, WRONG).status_code == 200
    last = password_step(_from("192.0.2.250"), KNOWN, WRONG)

    assert last.status_code == 429
    response = password_step(_from(OWNER), KNOWN, PASSWORD)  # a place that never failed
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_below_the_ceiling_the_owner_still_signs_in_from_elsewhere(user):
    for n in range(PER_ACCOUNT - 1):
        password_step(_from(f"192.0.2.{n + 1}"), KNOWN, WRONG)

    assert password_step(_from(OWNER), KNOWN, PASSWORD).status_code == 302


def test_behind_a_proxy_a_spoofed_forwarded_for_does_not_make_a_new_client(user, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.INTAKE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"  # how a proxy was configured before
    for n in range(PER_CLIENT):
        response = password_step(_from("10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {STRANGER}"), KNOWN, WRONG)
    assert response.status_code == 429

    assert password_step(_from("10.0.0.1", HTTP_X_FORWARDED_FOR=OWNER), KNOWN, PASSWORD).status_code == 302


def test_the_owner_gets_one_notice_without_any_address(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(PER_CLIENT + 3):
            password_step(_from(STRANGER), KNOWN, WRONG)

    assert [m.to for m in mailoutbox] == [[KNOWN]]
    notice = mailoutbox[0]
    assert notice.subject == "[PSEA Hub] Several failed sign-ins to your account"
    assert "several failed attempts to sign in to your PSEA Hub account" in notice.body
    assert STRANGER not in notice.body and WRONG not in notice.body


def test_an_unknown_name_sends_no_notice_and_answers_as_for_a_known_one(
    user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [password_step(_from(STRANGER), "nobody@example.org", WRONG) for _i in range(PER_CLIENT)]

    assert [a.status_code for a in answers] == [200] * (PER_CLIENT - 1) + [429]
    assert WRONG_LOGIN in text(answers[0])
    assert mailoutbox == []


def test_axes_keeps_a_keyed_hash_of_the_client_never_its_address(user):
    password_step(_from(STRANGER), KNOWN, WRONG)
    password_step(_from(OWNER), KNOWN, WRONG)

    tags = list(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert len(set(tags)) == 2
    for tag in tags:
        assert tag not in (STRANGER, OWNER)
        assert ipaddress.ip_address(tag) in ipaddress.ip_network("2001:db8::/32")  # documentation range
