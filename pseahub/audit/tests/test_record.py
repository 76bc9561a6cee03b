"""audit.record: one chained entry per call, written inside the caller's transaction."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.services import GENESIS_HASH, chain_verify, entry_hash, record
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_starts_the_chain_at_seq_1_from_the_genesis_hash():
    event = record(actor=None, action=Action.SETTINGS_UPDATED)

    stored = AuditEvent.objects.get()
    assert stored.seq == 1
    assert stored.prev_hash == GENESIS_HASH
    assert stored.entry_hash == event.entry_hash == entry_hash(stored)
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (1, stored.entry_hash)


def test_it_chains_each_entry_to_the_one_before_with_contiguous_seq():
    for n in range(4):
        record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": n})

    stored = list(AuditEvent.objects.order_by("seq"))
    assert [event.seq for event in stored] == [1, 2, 3, 4]
    assert [event.data for event in stored] == [{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}]
    for before, after in itertools.pairwise(stored):
        assert after.prev_hash == before.entry_hash
    assert all(entry_hash(event) == event.entry_hash for event in stored)
    assert len({event.entry_hash for event in stored}) == 4
    assert AuditHead.objects.get().last_hash == stored[-1].entry_hash


def test_the_returned_entry_is_the_stored_one():
    event = record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": 1})

    stored = AuditEvent.objects.get(seq=event.seq)
    assert event.pk == stored.pk
    assert event.entry_hash == stored.entry_hash


def test_it_records_actor_target_and_detail():
    user = UserFactory()
    organisation = OrganisationFactory()

    record(actor=user, action=Action.ORGANISATION_UPDATED, target=organisation, data={"fields": ["type"]})

    event = AuditEvent.objects.get(action=Action.ORGANISATION_UPDATED)
    assert event.actor == user
    assert event.target_type == "network.organisation"
    assert event.target_id == str(organisation.public_id)
    assert event.data == {"fields": ["type"]}


def test_it_records_an_anonymous_actor_as_nobody():
    event = record(actor=AnonymousUser(), action=Action.LOGIN_FAILED)

    assert AuditEvent.objects.get(pk=event.pk).actor_id is None


def test_it_keeps_the_hash_valid_for_nested_and_non_ascii_detail_after_reload():
    record(actor=None, action=Action.SETTINGS_UPDATED, data={"b": [1, 2], "a": {"z": "Ségou", "y": None}})

    stored = AuditEvent.objects.get()
    assert stored.data == {"a": {"y": None, "z": "Ségou"}, "b": [1, 2]}
    assert entry_hash(stored) == stored.entry_hash
    assert chain_verify() is None


def test_it_rolls_back_with_the_callers_transaction():
    first = record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": 1})

    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": 2})
        raise RuntimeError("the caller's change failed")

    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1]
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (1, first.entry_hash)
    after = record(actor=None, action=Action.SETTINGS_UPDATED, data={"n": 3})
    assert (after.seq, after.prev_hash) == (2, first.entry_hash)
    assert chain_verify() is None


def test_it_refuses_an_unknown_action_and_writes_nothing():
    with pytest.raises(ValueError):
        record(actor=None, action="made_up_action")

    assert not AuditEvent.objects.exists()
