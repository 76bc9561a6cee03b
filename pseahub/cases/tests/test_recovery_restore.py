"""The disaster procedure, end to end: the only coordinator forgot the password; the operator resets it (a new
key pair, so nothing opens), then ``manage.py recovery_restore`` with the offline recovery key gives the
coordinator access again — read from a file or standard input, never stored or printed, each complaint audited."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pseahub.accounts.models import Role
from pseahub.accounts.services import user_password_reset, user_private_key_unlock
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.services import complaint_content_read, user_exclude
from pseahub.vault import services as vault
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import LOCKED_NOTICE, events_on, file_complaint, sign_in_unlocked, text, user_with_role

NEW_PASSWORD = "Heron-Basalt-Quarry-42"


def recovery_key_made() -> str:
    """``manage.py recovery_key`` as the operator runs it; the printed private half as written on paper."""
    out = io.StringIO()
    call_command("recovery_key", "--yes", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if re.fullmatch(r"[A-Z2-7]+=*", line.strip())]
    return line.strip()


@pytest.fixture
def disaster(personas, tmp_path):
    """The recovery key exists, complaints arrived, then the only coordinator's password was reset."""
    paper = recovery_key_made()
    complaints = [file_complaint(narrative=f"Ibis-Narrative-{n}") for n in range(3)]
    user_password_reset(actor=None, user=personas.coordinator, new_password=NEW_PASSWORD)
    key_file = tmp_path / "recovery.txt"
    # As typed back from paper: in groups, lower case, a line break.
    key_file.write_text(" ".join(paper[i : i + 8] for i in range(0, len(paper), 8)).lower() + "\n")
    return paper, complaints, key_file


def restore(*args: str, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("recovery_restore", *args, stdout=out)
    return out.getvalue()


def opens(user, complaint, password=NEW_PASSWORD) -> str:
    private = user_private_key_unlock(user=user, password=password)
    keyring_private = vault.keyring_open_for_user(keyring=complaint.keyring, user=user, user_private=private)
    return complaint_content_read(actor=user, complaint=complaint, keyring_private=keyring_private).complaint[
        "narrative"
    ]


@pytest.mark.django_db
def test_the_coordinator_opens_every_complaint_again(personas, disaster):
    paper, complaints, key_file = disaster
    coordinator = personas.coordinator
    before = sign_in_unlocked(coordinator, password=NEW_PASSWORD)
    assert LOCKED_NOTICE in text(before.get(f"/cases/{complaints[0].public_id}/"))

    output = restore(coordinator.email, "--key-file", str(key_file))

    assert "can now open 3 more complaint(s)" in output
    assert [opens(coordinator, c) for c in complaints] == [f"Ibis-Narrative-{n}" for n in range(3)]
    page = text(sign_in_unlocked(coordinator, password=NEW_PASSWORD).get(f"/cases/{complaints[0].public_id}/"))
    assert "Ibis-Narrative-0" in page
    for complaint in complaints:
        (event,) = events_on(complaint, Action.RECOVERY_ACCESS_RESTORED)
        assert event.actor is None
        assert event.data == {"user": str(coordinator.public_id), "keyrings": 1}
    # The key is nowhere: not printed, not in the audit log.
    raw = base64.b32decode(paper)
    assert paper not in output and paper.lower() not in output
    assert not any(paper in str(e.data) or raw.hex() in str(e.data) for e in AuditEvent.objects.all())


@pytest.mark.django_db
def test_a_list_of_references_from_standard_input(personas, disaster, monkeypatch):
    paper, complaints, _key_file = disaster

    output = restore(personas.coordinator.email, complaints[1].reference, stdin=paper + "\n", monkeypatch=monkeypatch)

    assert "can now open 1 more complaint(s)" in output
    assert opens(personas.coordinator, complaints[1]) == "Ibis-Narrative-1"
    with pytest.raises(vault.NoGrantError):
        opens(personas.coordinator, complaints[0])


@pytest.mark.django_db
def test_a_second_run_changes_nothing(personas, disaster):
    _paper, complaints, key_file = disaster
    restore(personas.coordinator.email, "--key-file", str(key_file))

    output = restore(personas.coordinator.email, "--key-file", str(key_file))

    assert "can now open 0 more complaint(s)" in output
    assert len(events_on(complaints[0], Action.RECOVERY_ACCESS_RESTORED)) == 1


@pytest.mark.django_db
def test_it_restores_the_complaint_s_referrals_too(personas, disaster):
    from pseahub.referrals.tests.helpers import refer, sea_complaint

    _paper, _complaints, key_file = disaster
    user_password_reset(actor=None, user=personas.coordinator, new_password=personas.password)  # to refer
    referral = refer(personas, sea_complaint(personas))
    user_password_reset(actor=None, user=personas.coordinator, new_password=NEW_PASSWORD)

    output = restore(personas.coordinator.email, referral.complaint.reference, "--key-file", str(key_file))

    assert "and 1 referral(s)" in output
    private = user_private_key_unlock(user=personas.coordinator, password=NEW_PASSWORD)
    assert vault.keyring_open_for_user(keyring=referral.keyring, user=personas.coordinator, user_private=private)


@pytest.mark.django_db
def test_only_a_coordinator_and_never_an_excluded_one(personas, disaster):
    _paper, complaints, key_file = disaster
    with pytest.raises(CommandError, match="only to an active coordinator"):
        restore(personas.focal_point_a.email, "--key-file", str(key_file))
    assert not KeyGrant.objects.filter(user=personas.focal_point_a).exists()

    other = user_with_role("coordinator2@example.org", Role.COORDINATOR)
    user_exclude(actor=other, complaint=complaints[2], user=personas.coordinator)
    output = restore(personas.coordinator.email, "--key-file", str(key_file))

    assert "can now open 2 more complaint(s)" in output
    assert not KeyGrant.objects.filter(keyring=complaints[2].keyring, user=personas.coordinator).exists()


@pytest.mark.django_db
def test_a_wrong_key_or_an_unknown_reference_does_nothing(personas, disaster, tmp_path):
    _paper, complaints, key_file = disaster
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(base64.b32encode(vault.keypair_generate().private).decode())

    with pytest.raises(CommandError, match="not a recovery key of this installation"):
        restore(personas.coordinator.email, "--key-file", str(wrong))
    with pytest.raises(CommandError, match="MLI-1999-00001"):
        restore(personas.coordinator.email, complaints[0].reference, "MLI-1999-00001", "--key-file", str(key_file))
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("not a key at all!")
    with pytest.raises(CommandError, match="Not a recovery private key"):
        restore(personas.coordinator.email, "--key-file", str(garbage))

    assert not KeyGrant.objects.filter(
        user=personas.coordinator, kind=GrantKind.USER, recipient_public_key=personas.coordinator.public_key
    ).exists()
    assert not AuditEvent.objects.filter(action=Action.RECOVERY_ACCESS_RESTORED).exists()


@pytest.mark.django_db
def test_complaints_from_before_the_recovery_key_are_named(personas, tmp_path):
    earlier = file_complaint()
    paper = recovery_key_made()
    user_password_reset(actor=None, user=personas.coordinator, new_password=NEW_PASSWORD)
    key_file = tmp_path / "k"
    key_file.write_text(paper)

    output = restore(personas.coordinator.email, "--key-file", str(key_file))

    assert "can now open 0 more complaint(s)" in output
    assert earlier.reference in output
