"""manage.py verify_audit: passes an intact chain, and names the first entry that was tampered with."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import entry_hash, record

pytestmark = pytest.mark.django_db


def _chain(length: int = 5) -> list[AuditEvent]:
    return [record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": n}) for n in range(1, length + 1)]


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=io.StringIO())
    return str(failure.value)


def _forge(*, seq: int, prev_hash: str) -> AuditEvent:
    """A row written the way an attacker who knows the hashing would write it."""
    event = AuditEvent(
        seq=seq, at=timezone.now(), action=Action.ROLE_GRANTED, data={"role": "coordinator"}, prev_hash=prev_hash
    )
    event.entry_hash = entry_hash(event)
    event.save(force_insert=True)
    return event


def _shift_up_from(seq: int) -> None:
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("-seq"):
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)


def test_it_passes_an_intact_chain():
    _chain()
    out = io.StringIO()

    call_command("verify_audit", stdout=out)

    assert "Audit log intact: 5 entries, chain verified." in out.getvalue()


def test_it_passes_an_empty_log():
    out = io.StringIO()

    call_command("verify_audit", stdout=out)

    assert "Audit log intact: 0 entries" in out.getvalue()


def test_it_names_an_entry_edited_with_raw_sql():
    _chain()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE seq = %s", ["logout", 3])  # noqa: S608

    message = _verify_fails()

    assert "NOT intact: entry #3: content does not match its hash: altered" in message


def test_it_names_an_entry_edited_with_a_queryset_update():
    _chain()
    AuditEvent.objects.filter(seq=2).update(data={"n": 99})

    assert "entry #2: content does not match its hash: altered" in _verify_fails()


def test_it_names_the_first_of_two_altered_entries():
    _chain()
    AuditEvent.objects.filter(seq__in=[2, 4]).update(target_id="forged")

    assert "entry #2:" in _verify_fails()


def test_it_names_an_entry_altered_and_re_hashed():
    _chain()
    event = AuditEvent.objects.get(seq=3)
    event.data = {"n": 99}
    AuditEvent.objects.filter(pk=event.pk).update(data=event.data, entry_hash=entry_hash(event))

    assert "entry #3: replaced" in _verify_fails()


def test_it_names_the_last_entry_altered_and_re_hashed():
    _chain()
    event = AuditEvent.objects.get(seq=5)
    event.data = {"n": 99}
    AuditEvent.objects.filter(pk=event.pk).update(data=event.data, entry_hash=entry_hash(event))

    assert "entry #5: differs from the entry recorded in the chain head: replaced" in _verify_fails()


def test_it_names_an_entry_deleted_from_the_middle():
    _chain()
    AuditEvent.objects.filter(seq=3).delete()

    assert "entry #3: missing: deleted from the log" in _verify_fails()


def test_it_names_an_entry_deleted_from_the_end():
    _chain()
    AuditEvent.objects.filter(seq=5).delete()

    assert "entry #5: missing: deleted from the end of the log" in _verify_fails()


def test_it_names_the_first_of_several_entries_deleted_from_the_end():
    _chain()
    AuditEvent.objects.filter(seq__gte=4).delete()

    assert "entry #4: missing: deleted from the end of the log" in _verify_fails()


def test_it_names_a_crafted_entry_inserted_in_the_middle():
    events = _chain()
    _shift_up_from(3)
    _forge(seq=3, prev_hash=events[1].entry_hash)

    assert "entry #3: not part of the chain: inserted into the log" in _verify_fails()


def test_it_names_a_crafted_entry_inserted_before_the_first():
    events = _chain()
    _shift_up_from(1)
    _forge(seq=1, prev_hash=events[0].prev_hash)

    assert "entry #1: not part of the chain: inserted into the log" in _verify_fails()


def test_it_names_a_crude_entry_inserted_in_the_middle():
    _chain()
    _shift_up_from(3)
    AuditEvent.objects.create(
        seq=3, at=timezone.now(), action=Action.ROLE_GRANTED, prev_hash="f" * 64, entry_hash="e" * 64
    )

    assert "entry #3: does not follow the entry before it" in _verify_fails()


def test_it_names_an_entry_inserted_at_the_end():
    events = _chain()
    _forge(seq=6, prev_hash=events[-1].entry_hash)

    assert "entry #6: not recorded in the chain head: inserted at the end" in _verify_fails()


def test_it_names_a_renumbered_entry():
    _chain()
    AuditEvent.objects.filter(seq=5).update(seq=9)

    assert "entry #5: missing" in _verify_fails()
