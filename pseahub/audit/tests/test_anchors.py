"""Anchors: copies of the chain's head kept outside the database. verify_audit prints the head, and
--expect / --anchors fail when the log was truncated (head moved back), emptied or rewritten behind one."""

from __future__ import annotations

import hashlib
import hmac
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.periodic import PERIODIC_TASKS
from pseahub.audit.services import GENESIS_HASH, MAC_PURPOSE, _canonical, chain_head, chain_verify, record
from pseahub.audit.tasks import anchor_to_auditors, anchor_to_file
from pseahub.core.discovery import periodic_tasks
from pseahub.core.secrets import integrity_subkey

pytestmark = pytest.mark.django_db


def _chain(length: int = 5) -> list[AuditEvent]:
    return [record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": n}) for n in range(1, length + 1)]


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", *args, stdout=io.StringIO())
    return str(failure.value)


def _truncate_to(seq: int) -> None:
    """The two statements of the attack: delete the tail and move the head back to the new last entry."""
    AuditEvent.objects.filter(seq__gt=seq).delete()
    last = AuditEvent.objects.filter(seq=seq).first()
    AuditHead.objects.filter(id=1).update(last_seq=seq, last_hash=last.entry_hash if last else GENESIS_HASH)


def test_chain_head_names_the_last_entry():
    assert chain_head() == (0, GENESIS_HASH)
    events = _chain()

    assert chain_head() == (5, events[-1].entry_hash)


def test_it_prints_the_head():
    events = _chain()

    out = _verify()

    assert f"Chain head: 5:{events[-1].entry_hash}" in out
    assert "Audit log intact: 5 entries, chain verified." in out


def test_it_passes_the_current_head_and_an_older_anchor():
    events = _chain()

    out = _verify("--expect", f"3:{events[2].entry_hash}", "--expect", f"5:{events[4].entry_hash}")

    assert "2 anchor(s) checked" in out


def test_the_chain_goes_on_past_an_anchor():
    events = _chain()
    anchor = f"5:{events[4].entry_hash}"
    _chain(3)

    assert "Audit log intact: 8 entries" in _verify("--expect", anchor)


def test_a_truncated_tail_with_the_head_moved_back_passes_without_an_anchor_but_fails_with_one():
    events = _chain()
    anchor = f"5:{events[4].entry_hash}"

    _truncate_to(3)

    assert chain_verify() is None  # what two SQL statements achieve: the chain alone looks intact
    message = _verify_fails("--expect", anchor)
    assert "entry #5: named by the anchor" in message
    assert "missing: the log was truncated after it" in message


def test_an_emptied_log_fails_against_an_anchor():
    events = _chain()

    _truncate_to(0)

    assert "entry #2: named by the anchor" in _verify_fails("--expect", f"2:{events[1].entry_hash}")


def test_a_wrong_expected_hash_fails():
    _chain()

    message = _verify_fails("--expect", f"4:{'ab' * 32}")

    assert f"entry #4: differs from the anchor 4:{'ab' * 32}: the log was rewritten after it" in message


def test_a_chain_rewritten_with_the_key_behind_an_anchor_fails():
    events = _chain()
    anchor = f"5:{events[4].entry_hash}"
    # Someone holding INTEGRITY_KEY rewrites entry 3 and re-MACs everything after it: the chain verifies...
    prev = events[1].entry_hash
    for event in AuditEvent.objects.filter(seq__gte=3).order_by("seq"):
        event.data = {"n": 99} if event.seq == 3 else event.data
        event.prev_hash = prev
        content = _canonical(
            seq=event.seq,
            at=event.at.isoformat(),
            actor_id=None,
            action=event.action,
            target_type="",
            target_id="",
            data=event.data,
            prev=prev,
        )
        prev = hmac.new(integrity_subkey(MAC_PURPOSE), content, hashlib.sha256).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(data=event.data, prev_hash=event.prev_hash, entry_hash=prev)
    AuditHead.objects.filter(id=1).update(last_hash=prev)
    assert chain_verify() is None

    # ...but not against the anchor taken before.
    assert "entry #5: differs from the anchor" in _verify_fails("--expect", anchor)


@pytest.mark.parametrize("value", ["5", "five:abc", f"5:{'g' * 64}", f"5:{'a' * 63}"])
def test_it_refuses_a_malformed_expect(value):
    _chain()

    assert "--expect:" in _verify_fails("--expect", value)


def test_the_periodic_task_appends_the_head_to_the_anchor_file(tmp_path: Path, settings):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    events = _chain(2)
    anchor_to_file.enqueue()
    _chain(2)
    anchor_to_file.enqueue()

    lines = (tmp_path / "anchors.txt").read_text().splitlines()
    assert [line.split(" ")[1] for line in lines] == [f"2:{events[1].entry_hash}", f"4:{chain_head()[1]}"]
    assert "2 anchor(s) checked" in _verify("--anchors", str(tmp_path / "anchors.txt"))


def test_anchors_from_the_file_reveal_a_truncation(tmp_path: Path, settings):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    _chain(3)
    anchor_to_file.enqueue()
    _chain(3)
    anchor_to_file.enqueue()

    _truncate_to(4)

    assert "entry #6: named by the anchor" in _verify_fails("--anchors", str(tmp_path / "anchors.txt"))


def test_it_refuses_an_anchor_file_that_is_missing_empty_or_garbled(tmp_path: Path):
    _chain()
    empty, garbled = tmp_path / "empty.txt", tmp_path / "garbled.txt"
    empty.write_text("# nothing yet\n")
    garbled.write_text("2026-12-06T03:00:00+00:00 5:abc\n")

    assert "--anchors:" in _verify_fails("--anchors", str(tmp_path / "missing.txt"))
    assert "holds no anchor" in _verify_fails("--anchors", str(empty))
    assert "line 1: not an anchor" in _verify_fails("--anchors", str(garbled))


def test_the_periodic_task_mails_seq_and_hash_to_the_auditors(settings):
    settings.AUDIT_ANCHOR_EMAILS = ["auditor@example.org", "oversight@example.net"]
    record(actor=None, action=Action.COMPLAINT_CREATED, data={"channel": "web"})
    seq, last_hash = chain_head()

    anchor_to_auditors.enqueue()

    assert sorted(message.to[0] for message in mail.outbox) == ["auditor@example.org", "oversight@example.net"]
    message = mail.outbox[0]
    assert message.subject == f"[PSEA Hub] Audit log anchor: entry {seq}"
    assert f"{seq}:{last_hash}" in message.body
    assert f"manage.py verify_audit --expect {seq}:{last_hash}" in message.body
    for content in ("complaint", "channel", "web"):  # nothing of the entry but its number and hash
        assert content not in message.body.lower().replace("verify_audit", "")


def test_the_periodic_tasks_do_nothing_when_not_configured(settings, tmp_path: Path):
    settings.AUDIT_ANCHOR_EMAILS, settings.AUDIT_ANCHOR_FILE = [], ""
    _chain(1)

    anchor_to_auditors.enqueue()
    anchor_to_file.enqueue()

    assert mail.outbox == []
    assert list(tmp_path.iterdir()) == []


def test_the_audit_tasks_are_scheduled():
    scheduled = {task for task, _every in periodic_tasks()}

    assert {task for task, _every in PERIODIC_TASKS} <= scheduled
    assert {anchor_to_file, anchor_to_auditors} <= scheduled


def test_check_deploy_warns_when_the_head_is_anchored_nowhere(settings):
    from pseahub.audit.checks import check_audit_anchors

    settings.AUDIT_ANCHOR_EMAILS, settings.AUDIT_ANCHOR_FILE = [], ""
    assert [message.id for message in check_audit_anchors()] == ["pseahub.W_AUDIT_ANCHORS"]

    settings.AUDIT_ANCHOR_EMAILS = ["auditor@example.org"]
    assert check_audit_anchors() == []


def test_one_wrong_anchor_among_many_is_named(tmp_path: Path):
    events = _chain()
    anchors = tmp_path / "anchors.txt"
    lines = [f"2026-12-06T0{n}:00:00+00:00 {event.seq}:{event.entry_hash}" for n, event in enumerate(events)]
    lines.insert(2, f"2026-12-06T02:30:00+00:00 3:{'cd' * 32}")
    anchors.write_text("\n".join(lines) + "\n")

    message = _verify_fails("--anchors", str(anchors))

    assert message.count("entry #") == 1
    assert f"entry #3: differs from the anchor 3:{'cd' * 32}" in message
