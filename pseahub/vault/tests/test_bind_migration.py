"""The data migrations that bind sealed values stored before binding existed: afterwards every old value opens
in its own row and field (and nowhere else), each row that had no ``public_id`` gets its own, an unmigrated
value is refused, and the migrations undo to the very bytes they started from (unless something was sealed
since). Run against the real schema history, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pseahub.vault import services as vault
from pseahub.vault.crypto import FORMAT_LEGACY_BOUND, SealedValueTamperedError, keypair_generate, seal

BEFORE = [
    ("vault", "0002_keygrant_grant_user_kind_keyring"),
    ("cases", "0003_complaint_closure_reason_complaint_purged_at_and_more"),
    ("referrals", "0002_referral_state_due"),
]
AFTER = [
    ("vault", "0003_bind_sealed_values"),
    ("cases", "0004_bind_sealed_values"),
    ("referrals", "0003_bind_sealed_values"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the historical apps registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _migrate_latest() -> None:
    """Migrate to the current schema (the later migrations leave sealed values as they are), so that the
    current models can read the rows."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def history(transactional_db: None) -> Iterator[None]:
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # whatever a test did, the schema is current again


def _raw(public: bytes, data: dict[str, Any]) -> bytes:
    """A value as the server sealed it before binding: a plain sealed box of the JSON document."""
    return seal(public, json.dumps(data).encode())


def _fill_old(apps: Any) -> dict[str, Any]:
    """One of every sealed row, written with the models as they were before the migrations."""
    user = apps.get_model("accounts", "User").objects.create(email="old@example.org", password="!")
    organisation = apps.get_model("network", "Organisation").objects.create(name="Old Org", type="un_agency")
    Keyring = apps.get_model("vault", "Keyring")
    pair, referral_pair = keypair_generate(), keypair_generate()
    keyring = Keyring.objects.create(public_key=pair.public)
    referral_keyring = Keyring.objects.create(public_key=referral_pair.public)
    old: dict[str, Any] = {"pair": pair, "referral_pair": referral_pair}
    complaint = apps.get_model("cases", "Complaint").objects.create(
        reference="MLI-2025-00001",
        keyring=keyring,
        receipt_lookup="old",
        channel="web",
        received_at=timezone.now(),
        sealed=_raw(pair.public, {"narrative": "Old-Narrative-Marmot"}),
    )
    old["complaint"] = complaint.pk
    Survivor = apps.get_model("cases", "Survivor")
    old["survivors"] = [
        Survivor.objects.create(complaint=complaint, sealed=_raw(pair.public, {"name": f"Old-Survivor-{i}"})).pk
        for i in range(3)
    ]
    allegation = apps.get_model("cases", "Allegation").objects.create(
        complaint=complaint, sealed=_raw(pair.public, {"perpetrator_description": "Old-Perp"})
    )
    old["allegation"] = allegation.pk
    old["message"] = (
        apps.get_model("cases", "Message")
        .objects.create(
            complaint=complaint,
            direction="from_reporter",
            sent_at=timezone.now(),
            sealed=_raw(pair.public, {"body": "Old-Message"}),
        )
        .pk
    )
    old["note"] = (
        apps.get_model("cases", "CaseNote")
        .objects.create(complaint=complaint, written_at=timezone.now(), sealed=_raw(pair.public, {"text": "Old-Note"}))
        .pk
    )
    old["file"] = (
        apps.get_model("vault", "SealedFile")
        .objects.create(
            keyring=keyring,
            size=8,
            ciphertext=seal(pair.public, b"old-file"),
            sealed_meta=_raw(pair.public, {"filename": "old.txt", "content_type": "text/plain"}),
        )
        .pk
    )
    referral = apps.get_model("referrals", "Referral").objects.create(
        kind="allegation",
        complaint=complaint,
        allegation=allegation,
        organisation=organisation,
        keyring=referral_keyring,
        sealed=_raw(referral_pair.public, {"summary": "Old-Summary"}),
        sent_by=user,
        sent_at=timezone.now(),
    )
    old["referral"] = referral.pk
    ReferralUpdate = apps.get_model("referrals", "ReferralUpdate")
    old["update"] = ReferralUpdate.objects.create(
        referral=referral, at=timezone.now(), state="sent", sealed_note=_raw(referral_pair.public, {"note": "Old"})
    ).pk
    old["empty_update"] = ReferralUpdate.objects.create(referral=referral, at=timezone.now(), state="sent").pk
    return old


def _stored(apps: Any) -> dict[tuple[str, int, str], bytes | None]:
    """Every sealed column of every row, as stored."""
    columns = {
        "cases.Complaint": ["sealed"],
        "cases.Survivor": ["sealed"],
        "cases.Allegation": ["sealed"],
        "cases.Message": ["sealed"],
        "cases.CaseNote": ["sealed"],
        "vault.SealedFile": ["ciphertext", "sealed_meta"],
        "referrals.Referral": ["sealed"],
        "referrals.ReferralUpdate": ["sealed_note"],
    }
    return {
        (label, row["pk"], name): None if row[name] is None else bytes(row[name])
        for label, names in columns.items()
        for row in apps.get_model(label).objects.values("pk", *names)
        for name in names
    }


@pytest.mark.django_db(transaction=True)
def test_values_sealed_before_binding_open_in_their_own_row_after_the_migration(history, monkeypatch):
    monkeypatch.setattr("pseahub.vault.binding.BATCH_SIZE", 2)  # three survivors: two batches
    old = _fill_old(_migrate(BEFORE))
    _migrate(AFTER)
    _migrate_latest()

    from pseahub.cases.models import Allegation, CaseNote, Complaint, Message, Survivor
    from pseahub.referrals.models import Referral, ReferralUpdate
    from pseahub.vault.models import SealedFile

    private, referral_private = old["pair"].private, old["referral_pair"].private
    complaint = Complaint.objects.get(pk=old["complaint"])
    survivors = list(Survivor.objects.filter(pk__in=old["survivors"]).order_by("pk"))
    sealed_file = SealedFile.objects.get(pk=old["file"])
    assert bytes(complaint.sealed)[0] == FORMAT_LEGACY_BOUND
    assert vault.open_data(private, bound_to=(complaint, "sealed")) == {"narrative": "Old-Narrative-Marmot"}
    assert [vault.open_data(private, bound_to=(s, "sealed"))["name"] for s in survivors] == [
        "Old-Survivor-0",
        "Old-Survivor-1",
        "Old-Survivor-2",
    ]
    assert len({s.public_id for s in survivors}) == 3  # each row its own identifier, not the column default
    allegation = Allegation.objects.get(pk=old["allegation"])
    assert vault.open_data(private, bound_to=(allegation, "sealed")) == {"perpetrator_description": "Old-Perp"}
    message = Message.objects.get(pk=old["message"])
    assert vault.open_data(private, bound_to=(message, "sealed")) == {"body": "Old-Message"}
    note = CaseNote.objects.get(pk=old["note"])
    assert vault.open_data(private, bound_to=(note, "sealed")) == {"text": "Old-Note"}
    assert vault.sealed_file_open(sealed_file=sealed_file, keyring_private=private) == (
        b"old-file",
        {"filename": "old.txt", "content_type": "text/plain"},
    )
    referral = Referral.objects.get(pk=old["referral"])
    assert vault.open_data(referral_private, bound_to=(referral, "sealed")) == {"summary": "Old-Summary"}
    update = ReferralUpdate.objects.get(pk=old["update"])
    assert vault.open_data(referral_private, bound_to=(update, "sealed_note")) == {"note": "Old"}
    assert ReferralUpdate.objects.get(pk=old["empty_update"]).sealed_note is None

    # Bound, so no longer movable: one survivor's old name in another survivor's row is refused.
    survivors[1].sealed = survivors[0].sealed
    with pytest.raises(SealedValueTamperedError):
        vault.open_data(private, bound_to=(survivors[1], "sealed"))


@pytest.mark.django_db(transaction=True)
def test_a_value_left_unmigrated_is_refused(history):
    old = _fill_old(_migrate(BEFORE))
    unmigrated = bytes(_migrate(BEFORE).get_model("cases", "Complaint").objects.get(pk=old["complaint"]).sealed)
    _migrate(AFTER)
    _migrate_latest()

    from pseahub.cases.models import Complaint

    Complaint.objects.filter(pk=old["complaint"]).update(sealed=unmigrated)  # e.g. restored from an old dump
    complaint = Complaint.objects.get(pk=old["complaint"])
    with pytest.raises(SealedValueTamperedError, match=f"cases.complaint {complaint.public_id}, field sealed"):
        vault.open_data(old["pair"].private, bound_to=(complaint, "sealed"))


@pytest.mark.django_db(transaction=True)
def test_the_migrations_undo_to_the_same_bytes(history):
    before = _migrate(BEFORE)
    _fill_old(before)
    stored = _stored(before)

    _migrate(AFTER)
    after = _stored(_migrate(AFTER))
    assert all(value is None or value != stored[key] for key, value in after.items())
    undone = _migrate(BEFORE)

    assert _stored(undone) == stored


@pytest.mark.django_db(transaction=True)
def test_undoing_is_refused_once_a_value_was_sealed_since_and_nothing_is_lost(history):
    old = _fill_old(_migrate(BEFORE))
    _migrate(AFTER)
    _migrate_latest()

    from pseahub.cases.models import Complaint, Message
    from pseahub.vault.models import Keyring

    complaint = Complaint.objects.get(pk=old["complaint"])
    keyring = Keyring.objects.get(pk=complaint.keyring_id)
    message = Message(complaint=complaint, direction="to_reporter", sent_at=timezone.now())
    message.sealed = vault.seal_data(keyring, {"body": "New-Since-Upgrade"}, bound_to=(message, "sealed"))
    message.save()

    with pytest.raises(RuntimeError, match="sealed since the upgrade"):
        _migrate(BEFORE)

    _migrate_latest()
    message = Message.objects.get(pk=message.pk)
    assert vault.open_data(old["pair"].private, bound_to=(message, "sealed")) == {"body": "New-Since-Upgrade"}
    complaint = Complaint.objects.get(pk=old["complaint"])
    assert vault.open_data(old["pair"].private, bound_to=(complaint, "sealed"))["narrative"] == "Old-Narrative-Marmot"
