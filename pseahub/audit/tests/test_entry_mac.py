"""Each entry's hash is a MAC under a key outside the database: someone who can write the database but does
not hold INTEGRITY_KEY cannot re-hash an altered entry so that the chain verifies."""

from __future__ import annotations

import hashlib
import hmac
import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command

from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.services import MAC_PURPOSE, _canonical, chain_verify, entry_hash, record
from pseahub.core.secrets import integrity_subkey, secrets_forget

pytestmark = pytest.mark.django_db


def _chain(length: int = 5) -> list[AuditEvent]:
    return [record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": n}) for n in range(1, length + 1)]


def _content(event: AuditEvent) -> bytes:
    return _canonical(
        seq=event.seq,
        at=event.at.isoformat(),
        actor_id=event.actor_id,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        data=event.data,
        prev=event.prev_hash,
    )


def _rewrite_from(seq: int, digest: Callable[[bytes], str]) -> None:
    """What a database writer would do: alter entry ``seq``, re-hash it and every later entry with
    ``digest``, and move the head to the new last hash."""
    prev = AuditEvent.objects.get(seq=seq - 1).entry_hash if seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.data = {"n": 99}
        event.prev_hash = prev
        event.entry_hash = prev = digest(_content(event))
        AuditEvent.objects.filter(pk=event.pk).update(
            data=event.data, prev_hash=event.prev_hash, entry_hash=event.entry_hash
        )
    AuditHead.objects.filter(id=1).update(last_hash=prev)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _wrong_key(content: bytes) -> str:
    return hmac.new(b"a key that is not the installation's", content, hashlib.sha256).hexdigest()


def _with_the_key(content: bytes) -> str:
    return hmac.new(integrity_subkey(MAC_PURPOSE), content, hashlib.sha256).hexdigest()


def test_the_hash_is_not_a_plain_sha256_of_the_entry():
    (event,) = _chain(1)

    assert event.entry_hash != _sha256(_content(event))
    assert chain_verify() is None


@pytest.mark.parametrize("digest", [_sha256, _wrong_key], ids=["sha256", "hmac-wrong-key"])
def test_it_detects_an_entry_altered_and_the_rest_of_the_chain_re_hashed_without_the_key(digest):
    _chain()

    _rewrite_from(3, digest)

    problem = chain_verify()
    assert problem is not None and problem.seq == 3
    assert "altered" in problem.reason
    with pytest.raises(CommandError, match="entry #3: content does not match its hash: altered"):
        call_command("verify_audit", stdout=io.StringIO())


@pytest.mark.parametrize("digest", [_sha256, _wrong_key], ids=["sha256", "hmac-wrong-key"])
def test_it_detects_a_forged_last_entry_hashed_without_the_key(digest):
    _chain()

    _rewrite_from(5, digest)

    assert str(chain_verify()) == "entry #5: content does not match its hash: altered"


def test_a_chain_verified_with_another_integrity_key_fails(settings):
    _chain()
    assert chain_verify() is None

    settings.INTEGRITY_KEY = "another-installation-integrity-key-0123456789abcdef"
    secrets_forget()
    try:
        assert str(chain_verify()) == "entry #1: content does not match its hash: altered"
    finally:
        secrets_forget()


def test_the_mac_follows_the_key_holder_who_can_still_re_hash():
    """Someone with the key can rewrite the chain consistently: only anchors reveal that (test_anchors)."""
    _chain()

    _rewrite_from(3, _with_the_key)

    assert chain_verify() is None


def test_entry_hash_is_the_mac_of_the_stored_entry():
    (event,) = _chain(1)

    assert entry_hash(AuditEvent.objects.get(pk=event.pk)) == _with_the_key(_content(event))
