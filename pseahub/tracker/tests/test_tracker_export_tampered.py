"""The tracker workbook with sealed columns: a narrative or description swapped in the database is written as
"(failed its integrity check)", never as the moved text, and the export still completes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import Allegation, Complaint, Perpetrator
from pseahub.cases.tests.helpers import submit
from pseahub.tracker import export

REFUSED = "(failed its integrity check)"


@pytest.mark.django_db
def test_swapped_sealed_values_are_marked_in_the_workbook(personas):
    one = submit(
        narrative="Narrative-One-Lynx", perpetrator_description="Perp-One", reported_organisation=personas.org_a
    )
    two = submit(
        narrative="Narrative-Two-Puma", perpetrator_description="Perp-Two", reported_organisation=personas.org_a
    )
    Complaint.objects.filter(pk=one.complaint.pk).update(sealed=bytes(two.complaint.sealed))
    Allegation.objects.filter(complaint=one.complaint).update(sealed=bytes(two.complaint.allegations.get().sealed))
    # The description now lives on the perpetrator's row: moved too.
    Perpetrator.objects.filter(complaint=one.complaint).update(sealed=bytes(two.complaint.perpetrators.get().sealed))

    content = export.tracker_workbook(
        actor=personas.coordinator,
        filters=None,
        include_sealed=True,
        user_private=user_private_key_unlock(user=personas.coordinator, password=personas.password),
    )

    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    headers, by_reference = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    tampered, intact = by_reference[one.complaint.reference], by_reference[two.complaint.reference]
    assert tampered["Narrative (sealed)"] == REFUSED
    assert tampered["Alleged perpetrator(s) (sealed)"] == REFUSED
    assert intact["Narrative (sealed)"] == "Narrative-Two-Puma"
    assert "Narrative-Two-Puma" not in str(tampered) and "Perp-Two" not in str(tampered)
    assert "Narrative (sealed)" in headers
