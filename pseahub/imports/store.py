"""Storing prepared complaints in bulk, for the import: what ``cases.services.complaint_store`` does for one
complaint, done for a chunk with one insert per table (keyrings, grants, complaints, survivors, perpetrators,
allegations and their links, consents, audit entries). Imported complaints have no attachments, no receipt
and send no notice, so those steps of ``complaint_store`` have nothing to do here. One ``complaint_created``
entry per complaint, as intake writes."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db import connection, transaction

from pseahub.audit.models import Action
from pseahub.audit.services import record_many
from pseahub.cases.models import Allegation, Complaint, Consent, Perpetrator, ReferenceCounter, Survivor
from pseahub.cases.services import PreparedComplaint
from pseahub.core.signals import complaints_bulk_written
from pseahub.vault.models import KeyGrant, Keyring


def _references(ready: list[PreparedComplaint]) -> list[str]:
    """The next references of each year, one statement per year (the counter row stays locked until the
    caller's transaction ends, as for any intake)."""
    years = Counter(item.complaint.received_at.year for item in ready)
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    next_number: dict[int, int] = {}
    for year, count in years.items():
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE {table} SET "last" = "last" + %s WHERE "year" = %s RETURNING "last"',  # noqa: S608
                [count, year],
            )
            row = cursor.fetchone()
        if row is None:
            counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
            counter.last += count
            counter.save(update_fields=["last"])
            row = (counter.last,)
        next_number[year] = row[0] - count + 1
    references = []
    for item in ready:
        year = item.complaint.received_at.year
        references.append(f"{item.country or 'PSEA'}-{year}-{next_number[year]:05d}")
        next_number[year] += 1
    return references


def complaints_store_bulk(ready: list[PreparedComplaint], *, actor: Any) -> list[Complaint]:
    """Insert prepared complaints inside the caller's transaction."""
    if not ready:
        return []
    with transaction.atomic(savepoint=False):
        keyrings = Keyring.objects.bulk_create([item.keyring.keyring for item in ready])
        grants = []
        for item, keyring in zip(ready, keyrings, strict=True):
            for grant in item.keyring.grants:
                grant.keyring = keyring
                grants.append(grant)
        KeyGrant.objects.bulk_create(grants)
        for item, keyring, reference in zip(ready, keyrings, _references(ready), strict=True):
            item.complaint.keyring = keyring
            item.complaint.reference = reference
        complaints = Complaint.objects.bulk_create([item.complaint for item in ready])
        survivors: list[Survivor] = []
        perpetrators: list[Perpetrator] = []
        allegations: list[Allegation] = []
        consents: list[Consent] = []
        for item, complaint in zip(ready, complaints, strict=True):
            for survivor in item.survivors:
                survivor.complaint = complaint
            for perpetrator in item.perpetrators:
                perpetrator.complaint = complaint
            survivors += item.survivors
            perpetrators += item.perpetrators
            for allegation, _group in item.allegations:
                allegation.complaint = complaint
                allegations.append(allegation)
            consents += [
                Consent(
                    complaint=complaint,
                    purpose=consent.purpose,
                    decision=consent.decision,
                    given_by=consent.given_by,
                    decided_at=complaint.received_at,
                    recorded_by=actor,
                    channel=consent.channel,
                    manner=consent.manner,
                    child_assent=consent.child_assent,
                )
                for consent in item.data.consents
            ]
        Survivor.objects.bulk_create(survivors)
        Perpetrator.objects.bulk_create(perpetrators)
        Allegation.objects.bulk_create(allegations)
        _links_store(ready)
        Consent.objects.bulk_create(consents)
        # bulk_create sends no model signal: say what was written (the insights summary marks its months)
        complaints_bulk_written.send(sender=Complaint, received=[complaint.received_at for complaint in complaints])
        record_many(
            actor=actor,
            action=Action.COMPLAINT_CREATED,
            entries=[(complaint, {"channel": complaint.channel, "attachments": 0}) for complaint in complaints],
        )
    return complaints


def _links_store(ready: list[PreparedComplaint]) -> None:
    survivor_link = Allegation.survivors.through
    perpetrator_link = Allegation.perpetrators.through
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for item in ready:
        for allegation, group in item.allegations:
            by_kind["s"] += [survivor_link(allegation=allegation, survivor=s) for s in item.survivors]
            by_kind["p"] += [perpetrator_link(allegation=allegation, perpetrator=p) for p in group]
    survivor_link.objects.bulk_create(by_kind["s"])
    perpetrator_link.objects.bulk_create(by_kind["p"])
