"""The confirmation writes the whole file in one transaction: if a row fails while writing (the registry changed
since the dry run), nothing of the file is kept, nor its audit entries, and the page says which row."""

import pytest
from django.core.exceptions import ValidationError

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping import sheet_imports
from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.sheets import MECHANISM_HEADER, confirm, csv_bytes, dry_run, mechanism_row

pytestmark = pytest.mark.django_db


def test_a_row_failing_while_written_leaves_nothing_of_the_file(personas, client_for, monkeypatch):
    mali_areas()
    client = client_for(personas.coordinator)
    checked = dry_run(client, "mechanisms", csv_bytes(MECHANISM_HEADER, mechanism_row(), mechanism_row(Name="Two")))
    real = sheet_imports.mechanism_create

    def create(**kwargs):
        if kwargs["name"] == "Two":
            raise ValidationError({"name": "Taken meanwhile."})
        return real(**kwargs)

    monkeypatch.setattr(sheet_imports, "mechanism_create", create)
    response = confirm(client, "mechanisms", checked)
    assert response.status_code == 400
    assert "<td>3</td><td></td><td>Two</td><td>Taken meanwhile.</td>" in response.content.decode()
    assert FeedbackMechanism.objects.count() == 0
    assert not AuditEvent.objects.filter(action=Action.MECHANISM_CREATED).exists()
