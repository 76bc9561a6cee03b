"""Migration 0002 converts an existing SHA-256 chain to MACs, in batches, and refuses a broken one."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pseahub.audit.models import AuditEvent, AuditHead
from pseahub.audit.services import chain_head, chain_verify

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0001_initial")]
CONVERTED = [("audit", "0002_entry_mac")]


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor


def _old_chain(length: int) -> None:
    """A chain as the previous release wrote it: plain SHA-256 over the canonical form."""
    apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
    event_model, head_model = apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditHead")
    prev, events, at = "0" * 64, [], timezone.now()
    for seq in range(1, length + 1):
        body = {
            "seq": seq,
            "at": at.isoformat(),
            "actor": None,
            "action": "settings_updated",
            "target_type": "",
            "target_id": "",
            "data": {"n": seq},
            "prev": prev,
        }
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        events.append(
            event_model(seq=seq, at=at, action="settings_updated", data={"n": seq}, prev_hash=prev, entry_hash=digest)
        )
        prev = digest
    event_model.objects.bulk_create(events, batch_size=500)
    head_model.objects.create(id=1, last_seq=length, last_hash=prev)


@pytest.fixture
def back_to_the_latest():
    yield
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))


def test_it_converts_a_sha256_chain_of_several_batches_to_macs(back_to_the_latest):
    _old_chain(2300)
    old_hashes = set(AuditEvent.objects.values_list("entry_hash", flat=True))

    _migrate(CONVERTED)

    assert chain_verify() is None
    assert AuditEvent.objects.count() == 2300
    assert not old_hashes & set(AuditEvent.objects.values_list("entry_hash", flat=True))
    assert chain_head() == (2300, AuditEvent.objects.get(seq=2300).entry_hash)
    assert list(AuditEvent.objects.filter(seq__in=[1, 2300]).values_list("data", flat=True)) == [{"n": 1}, {"n": 2300}]


def test_it_converts_an_empty_log(back_to_the_latest):
    _migrate(BEFORE)

    _migrate(CONVERTED)

    assert chain_verify() is None
    assert chain_head() == (0, "0" * 64)


@pytest.mark.parametrize(
    ("tamper", "seq"),
    [
        (lambda: AuditEvent.objects.filter(seq=7).update(data={"n": 99}), 7),
        (lambda: AuditEvent.objects.filter(seq__gte=9).delete(), 9),
        (lambda: AuditEvent.objects.filter(seq=4).delete(), 4),
    ],
    ids=["altered", "tail-deleted", "middle-deleted"],
)
def test_it_refuses_to_convert_a_broken_chain_and_changes_nothing(back_to_the_latest, tamper, seq):
    _old_chain(10)
    tamper()
    before = list(AuditEvent.objects.order_by("seq").values_list("seq", "entry_hash"))

    with pytest.raises(Exception, match=rf"SHA-256 chain is broken at entry #{seq} .*Nothing was changed"):
        _migrate(CONVERTED)

    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "entry_hash")) == before
