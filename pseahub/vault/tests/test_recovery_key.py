"""The network recovery key: ``manage.py recovery_key`` prints the private half once; complaints received
afterwards are also wrapped for it and open with it; earlier ones do not."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.management import call_command

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.vault import services as vault
from pseahub.vault.crypto import VaultError
from pseahub.vault.models import GrantKind, KeyGrant, RecoveryKey


def _create_recovery_key() -> bytes:
    out = io.StringIO()
    call_command("recovery_key", "--yes", stdout=out)
    printed = out.getvalue()
    (line,) = [line for line in printed.splitlines() if re.fullmatch(r"[A-Z2-7]+=*", line.strip())]
    return base64.b32decode(line.strip())


def _complaint(narrative):
    return complaint_create(actor=None, data=ComplaintInput(channel="web", narrative=narrative)).complaint


@pytest.mark.django_db
def test_the_printed_key_opens_complaints_received_afterwards(personas):
    earlier = _complaint("Before-The-Key")
    private = _create_recovery_key()
    later = _complaint("Gecko-After-The-Key")

    keyring_private = vault.keyring_open_with_recovery(keyring=later.keyring, recovery_private=private)
    assert vault.open_data(keyring_private, bound_to=(later, "sealed"))["narrative"] == "Gecko-After-The-Key"
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_with_recovery(keyring=earlier.keyring, recovery_private=private)


@pytest.mark.django_db
def test_only_the_public_half_is_stored_and_the_creation_is_audited(personas):
    private = _create_recovery_key()

    recovery = RecoveryKey.objects.get()
    assert recovery.is_active
    assert private not in bytes(recovery.public_key)
    (event,) = AuditEvent.objects.filter(action=Action.RECOVERY_KEY_CREATED)
    assert event.actor is None
    assert event.data == {}


@pytest.mark.django_db
def test_a_new_key_replaces_the_old_one_for_new_complaints(personas):
    old = _create_recovery_key()
    new = _create_recovery_key()
    complaint = _complaint("Newer")

    assert RecoveryKey.objects.filter(is_active=True).count() == 1
    assert KeyGrant.objects.filter(keyring=complaint.keyring, kind=GrantKind.RECOVERY).count() == 1
    assert vault.keyring_open_with_recovery(keyring=complaint.keyring, recovery_private=new)
    with pytest.raises(VaultError):
        vault.keyring_open_with_recovery(keyring=complaint.keyring, recovery_private=old)


@pytest.mark.django_db
def test_without_yes_it_asks_and_does_nothing_on_no(personas, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    out = io.StringIO()

    call_command("recovery_key", stdout=out)

    assert "Nothing done." in out.getvalue()
    assert not RecoveryKey.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.RECOVERY_KEY_CREATED).exists()
