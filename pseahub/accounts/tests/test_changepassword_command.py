"""``manage.py changepassword`` sets the password as a reset: the user can sign in with it and gets a new key
pair that the new password opens (their cases then wait for re-grant); a mismatch or a weak password changes
nothing; an unknown e-mail is an error."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from pseahub.accounts.management.commands import changepassword
from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.vault.crypto import seal, unseal

pytestmark = pytest.mark.django_db

NEW = "another-long-passphrase-for-the-server"


def run(monkeypatch, answers: list[str], email: str) -> None:
    replies = iter(answers)
    monkeypatch.setattr(changepassword.Command, "_ask", lambda self, prompt: next(replies))
    call_command("changepassword", email)


def test_the_new_password_signs_in_and_opens_a_new_key_pair(monkeypatch):
    user = UserFactory(email="fp@example.org")
    old_public = bytes(user.public_key)

    run(monkeypatch, [NEW, NEW], "FP@example.org")

    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    assert bytes(user.public_key) != old_public
    private = user_private_key_unlock(user=user, password=NEW)
    assert unseal(private, seal(bytes(user.public_key), b"readable")) == b"readable"
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, target_id=str(user.public_id)).count() == 1


def test_a_mismatch_and_a_weak_password_change_nothing(monkeypatch):
    user = UserFactory(email="fp@example.org")

    with pytest.raises(CommandError, match="Too many attempts"):
        run(monkeypatch, [NEW, "typo", "short", "short", "1234", "1234"], "fp@example.org")

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user_private_key_unlock(user=user, password=PASSWORD) is not None


def test_an_unknown_user_is_an_error(monkeypatch):
    with pytest.raises(CommandError, match="No user"):
        run(monkeypatch, [NEW, NEW], "nobody@example.org")
