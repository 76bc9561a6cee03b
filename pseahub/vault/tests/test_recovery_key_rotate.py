"""``manage.py recovery_key_rotate``: a new recovery key (private half printed once), every keyring's recovery
grant re-wrapped for it with the old private key, the old key retired; interrupted, a re-run with the old key
continues where it stopped without the new one."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.vault import services as vault
from pseahub.vault.crypto import VaultError
from pseahub.vault.models import GrantKind, KeyGrant, RecoveryKey

KEY_LINE = re.compile(r"^[A-Z2-7]+=*$", re.MULTILINE)


def printed_key(output: str) -> bytes | None:
    found = KEY_LINE.findall(output)
    assert len(found) <= 1
    return base64.b32decode(found[0]) if found else None


def make_recovery_key() -> bytes:
    out = io.StringIO()
    call_command("recovery_key", "--yes", stdout=out)
    key = printed_key(out.getvalue())
    assert key is not None
    return key


def rotate(old: bytes, tmp_path, *args: str, settle: float = 0) -> str:
    key_file = tmp_path / "old.txt"
    key_file.write_text(base64.b32encode(old).decode())
    out = io.StringIO()
    call_command("recovery_key_rotate", "--key-file", str(key_file), *args, stdout=out, settle=settle)
    return out.getvalue()


def complaint(narrative: str):
    return complaint_create(actor=None, data=ComplaintInput(channel="web", narrative=narrative)).complaint


def narrative_with(recovery_private: bytes, item) -> str:
    keyring_private = vault.keyring_open_with_recovery(keyring=item.keyring, recovery_private=recovery_private)
    return vault.open_data(keyring_private, bound_to=(item, "sealed"))["narrative"]


@pytest.mark.django_db
def test_a_rotation_rewraps_every_grant_and_retires_the_old_key(personas, tmp_path):
    old = make_recovery_key()
    items = [complaint(f"Kestrel-{n}") for n in range(3)]

    output = rotate(old, tmp_path, settle=0.2)  # a last pass after the other workers' 5 s (here 0.2 s)

    new = printed_key(output)
    assert new is not None and new != old
    assert "Re-wrapped 3 recovery grant(s); 0 still made for the old key." in output
    assert [narrative_with(new, item) for item in items] == ["Kestrel-0", "Kestrel-1", "Kestrel-2"]
    for item in items:
        with pytest.raises(VaultError):
            narrative_with(old, item)
    (active,) = RecoveryKey.objects.filter(is_active=True)
    assert bytes(active.public_key) == bytes(vault.public_key_of(new))
    assert RecoveryKey.objects.filter(is_active=False).count() == 1
    assert narrative_with(new, complaint("Kestrel-after")) == "Kestrel-after"
    assert AuditEvent.objects.filter(action=Action.RECOVERY_KEY_CREATED, data={"rotation": True}).count() == 1
    (event,) = AuditEvent.objects.filter(action=Action.RECOVERY_KEY_ROTATED)
    assert event.data == {"rewrapped": 3, "remaining": 0}


@pytest.mark.django_db
def test_an_interrupted_rotation_continues_with_the_old_key_only(personas, tmp_path):
    old = make_recovery_key()
    items = [complaint(f"Plover-{n}") for n in range(5)]

    first = rotate(old, tmp_path, "--limit", "2", "--batch-size", "1")  # stops part-way, as a killed run would
    new = printed_key(first)
    assert new is not None
    assert "Re-wrapped 2 recovery grant(s); 3 still made for the old key." in first
    # Meanwhile, new complaints are already wrapped for the new key only.
    arrived = complaint("Plover-meanwhile")
    assert narrative_with(new, arrived) == "Plover-meanwhile"

    second = rotate(old, tmp_path)

    assert printed_key(second) is None  # no second new key: the one printed first stays the key
    assert "continuing" in second
    assert "Re-wrapped 3 recovery grant(s); 0 still made for the old key." in second
    assert [narrative_with(new, item) for item in items] == [f"Plover-{n}" for n in range(5)]
    assert RecoveryKey.objects.count() == 2
    recovery_publics = set(
        KeyGrant.objects.filter(kind=GrantKind.RECOVERY).values_list("recipient_public_key", flat=True)
    )
    assert {bytes(p) for p in recovery_publics} == {vault.public_key_of(new)}
    # Nothing left: a third run only says so.
    assert "Re-wrapped 0 recovery grant(s); 0 still made for the old key." in rotate(old, tmp_path)


@pytest.mark.django_db
def test_a_key_this_installation_does_not_know_is_refused(personas, tmp_path):
    make_recovery_key()
    item = complaint("Avocet")
    before = bytes(KeyGrant.objects.get(keyring=item.keyring, kind=GrantKind.RECOVERY).wrapped_private_key)

    with pytest.raises(CommandError, match="not a recovery key of this installation"):
        rotate(vault.keypair_generate().private, tmp_path)

    assert RecoveryKey.objects.count() == 1
    assert bytes(KeyGrant.objects.get(keyring=item.keyring, kind=GrantKind.RECOVERY).wrapped_private_key) == before
    assert not AuditEvent.objects.filter(action=Action.RECOVERY_KEY_ROTATED).exists()
