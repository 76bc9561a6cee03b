"""audit.record_many: entries of one action appended together make the same chain as one record() each."""

import itertools

import pytest
from django.db import transaction

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.services import GENESIS_HASH, chain_verify, entry_hash, record, record_many
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_starts_a_chain():
    record_many(actor=None, action=Action.ORGANISATION_CREATED, entries=[(OrganisationFactory(), {"n": 0})])
    stored = AuditEvent.objects.get()
    assert (stored.seq, stored.prev_hash, stored.entry_hash) == (1, GENESIS_HASH, entry_hash(stored))
    assert AuditHead.objects.get().last_hash == stored.entry_hash


def test_it_continues_a_chain_between_single_entries():
    user = UserFactory()  # its creation is the chain's first entries
    record(actor=None, action=Action.SETTINGS_UPDATED)
    offset = AuditEvent.objects.count()
    organisations = [OrganisationFactory() for _ in range(3)]
    returned = record_many(
        actor=user, action=Action.ORGANISATION_CREATED, entries=[(org, {"n": n}) for n, org in enumerate(organisations)]
    )
    record(actor=None, action=Action.SETTINGS_UPDATED)

    stored = list(AuditEvent.objects.order_by("seq"))
    assert [event.seq for event in stored] == list(range(1, offset + 5))
    for before, after in itertools.pairwise(stored):
        assert after.prev_hash == before.entry_hash
    assert all(entry_hash(event) == event.entry_hash for event in stored)
    many = stored[offset : offset + 3]
    assert [e.target_id for e in many] == [str(org.public_id) for org in organisations]
    assert [e.data for e in many] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert {e.actor_id for e in many} == {user.pk}
    assert [e.entry_hash for e in returned] == [e.entry_hash for e in many]
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (offset + 4, stored[-1].entry_hash)
    assert chain_verify() is None


def test_nothing_to_append_changes_nothing():
    assert record_many(actor=None, action=Action.SETTINGS_UPDATED, entries=[]) == []
    assert not AuditEvent.objects.exists()


def test_it_rolls_back_with_the_caller():
    record(actor=None, action=Action.SETTINGS_UPDATED)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_many(actor=None, action=Action.SETTINGS_UPDATED, entries=[(None, None), (None, None)])
        raise RuntimeError
    assert AuditEvent.objects.count() == 1
    assert AuditHead.objects.get().last_seq == 1
    record(actor=None, action=Action.SETTINGS_UPDATED)
    assert chain_verify() is None
