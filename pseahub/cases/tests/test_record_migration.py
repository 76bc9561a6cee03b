"""The migrations to the complete record keep every existing complaint readable and whole: an allegation's
perpetrator becomes a row of its own (its sealed description stays readable where it was), allegations link the
complaint's survivor, survivors get their victim type, a complaint's first report is when it was received, and a
referral's one "survivor informed" date and its survivor carry over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# mapping goes back too: its later migrations add NOT NULL columns the historical Service below does not know.
BEFORE = [
    ("cases", "0005_consent_channel_manner_assent"),
    ("referrals", "0003_bind_sealed_values"),
    ("mapping", "0002_feedback_mechanisms"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _migrate_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def history(transactional_db: None) -> Iterator[None]:
    yield
    _migrate_latest()


def _fill_old(apps: Any) -> dict[str, int]:
    from pseahub.cases.vocabularies import seed_terms

    Term = apps.get_model("cases", "Term")
    seed_terms(Term)
    user = apps.get_model("accounts", "User").objects.create(email="old@example.org", password="!")
    organisation = apps.get_model("network", "Organisation").objects.create(name="Old Mission", type="un_secretariat")
    Keyring = apps.get_model("vault", "Keyring")
    complaint = apps.get_model("cases", "Complaint").objects.create(
        reference="MLI-2025-00007",
        keyring=Keyring.objects.create(public_key=b"k" * 32),
        receipt_lookup="old",
        channel="hotline",
        received_at=timezone.now() - dt.timedelta(days=30),
        sealed=b"sealed-complaint",
    )
    survivor = apps.get_model("cases", "Survivor").objects.create(
        complaint=complaint, sex="female", age_group=Term.objects.get(vocabulary="age_group", code="12-17")
    )
    allegation = apps.get_model("cases", "Allegation").objects.create(
        complaint=complaint,
        organisation=organisation,
        personnel_category=Term.objects.get(vocabulary="personnel_category", code="military_contingent"),
        sealed=b"sealed-description",
    )
    Referral = apps.get_model("referrals", "Referral")
    referral = Referral.objects.create(
        kind="allegation",
        complaint=complaint,
        allegation=allegation,
        organisation=organisation,
        keyring=Keyring.objects.create(public_key=b"r" * 32),
        sent_by=user,
        sent_at=timezone.now(),
        survivor_informed_on=dt.date(2025, 11, 3),
    )
    service = apps.get_model("mapping", "Service").objects.create(provider=organisation, name="Clinic", type="health")
    assistance = Referral.objects.create(
        kind="assistance",
        complaint=complaint,
        organisation=organisation,
        service=service,
        keyring=Keyring.objects.create(public_key=b"s" * 32),
        sent_by=user,
        sent_at=timezone.now(),
    )
    return {
        "complaint": complaint.pk,
        "survivor": survivor.pk,
        "allegation": allegation.pk,
        "referral": referral.pk,
        "assistance": assistance.pk,
    }


def test_existing_records_take_the_new_shape_without_loss(history):
    old = _fill_old(_migrate(BEFORE))
    _migrate_latest()

    from pseahub.cases.models import Allegation, Complaint, Survivor, VictimType
    from pseahub.referrals.models import Referral

    complaint = Complaint.objects.get(pk=old["complaint"])
    assert complaint.first_reported_at == complaint.received_at
    assert Survivor.objects.get(pk=old["survivor"]).victim_type == VictimType.GIRL
    allegation = Allegation.objects.get(pk=old["allegation"])
    assert bytes(allegation.sealed) == b"sealed-description"  # left where it was, still readable there
    [perpetrator] = allegation.perpetrators.all()
    assert perpetrator.complaint_id == complaint.pk
    assert (perpetrator.organisation.name, perpetrator.entity_type) == ("Old Mission", "un_peace_operation")
    assert perpetrator.personnel_category.code == "military_contingent"
    assert [s.pk for s in allegation.survivors.all()] == [old["survivor"]]
    referral = Referral.objects.get(pk=old["referral"])
    assert [d.informed_on for d in referral.informed_dates.all()] == [dt.date(2025, 11, 3)]
    assert Referral.objects.get(pk=old["assistance"]).survivor_id == old["survivor"]


def test_migrating_twice_adds_nothing(history):
    old = _fill_old(_migrate(BEFORE))
    _migrate_latest()
    _migrate([("cases", "0006_record_standard"), ("referrals", "0004_investigation_and_delivery")])
    _migrate_latest()

    from pseahub.cases.models import Allegation

    assert Allegation.objects.get(pk=old["allegation"]).perpetrators.count() == 1
