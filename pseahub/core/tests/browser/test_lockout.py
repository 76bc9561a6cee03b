"""After five wrong passwords an account name is locked, and the page does not tell whether it exists."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from pseahub.accounts.tests.factories import PASSWORD, UserFactory

from .steps import sign_in_with_password

pytestmark = pytest.mark.browser


def _locked_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return f"Too many failed attempts. For your protection this account is locked for {minutes} minutes."


WRONG = "The e-mail address or password is not correct."


def _fail_until_locked(page, email: str) -> str:
    """Send wrong passwords up to the limit; returns the message shown after the last one."""
    assert settings.LOGIN_FAILURES_PER_CLIENT == 5
    for attempt in range(1, settings.LOGIN_FAILURES_PER_CLIENT + 1):
        sign_in_with_password(page, email, f"wrong-password-{attempt}")
        if attempt < settings.LOGIN_FAILURES_PER_CLIENT:
            expect(page.get_by_role("alert")).to_have_text(WRONG)
    return page.get_by_role("alert").inner_text()


def test_it_refuses_the_right_password_after_five_wrong_ones(page):
    UserFactory(email="staff@example.org")

    assert _fail_until_locked(page, "staff@example.org") == _locked_message()
    response = sign_in_with_password(page, "staff@example.org", PASSWORD)

    assert response.status == 429
    expect(page.get_by_role("alert")).to_have_text(_locked_message())
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff login")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto("/accounts/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff login")


def test_it_shows_the_same_lockout_for_an_unknown_email(page):
    UserFactory(email="staff@example.org")

    assert _fail_until_locked(page, "nobody@example.org") == _locked_message()
    response = sign_in_with_password(page, "nobody@example.org", PASSWORD)

    assert response.status == 429
    expect(page.get_by_role("alert")).to_have_text(_locked_message())
    # The known account is not affected: locking is per account name.
    sign_in_with_password(page, "staff@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
