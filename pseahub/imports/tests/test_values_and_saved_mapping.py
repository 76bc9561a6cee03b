"""Mapping unknown values (or leaving them empty) clears their errors, and the network's mapping is reused
for its next file."""

from __future__ import annotations

import re

import pytest

from pseahub.cases.models import Channel, Complaint
from pseahub.imports.models import ImportMapping, ImportState

from .helpers import post_run, uploaded_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(personas, areas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _selects(page: str) -> dict[str, str]:
    """Every select of the page with its selected option, as a browser posts them."""
    found = {}
    for match in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', match[2])
        found[match[1]] = selected[1] if selected else ""
    return found


def _field_name(page: str, shown: str) -> str:
    """The select's name for the value shown with ``shown`` on the values page."""
    at = page.index(f">{shown} (")
    label_for = page.rindex('for="id_', 0, at)
    return page[label_for + len('for="id_') : page.index('"', label_for + 9)]


def test_unknown_values_are_shown_then_mapped(coordinator_client, django_capture_on_commit_callbacks):
    run = uploaded_run(coordinator_client)
    page = coordinator_client.get(f"/cases/import/{run.public_id}/values/").content.decode()
    assert "Pigeon voyageur (1)" in page and "Unknown value" in page
    assert "Atlantide (1)" in page
    data = {
        **_selects(page),
        _field_name(page, "Pigeon voyageur"): Channel.OTHER,
        _field_name(page, "Harcèlement de rue"): "other",
        _field_name(page, "Atlantide"): "",
        _field_name(page, "Ligne verte"): Channel.HOTLINE,
    }
    response = coordinator_client.post(f"/cases/import/{run.public_id}/values/", data)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.value_map["channel"]["pigeon voyageur"] == Channel.OTHER
    assert run.value_map["area"]["atlantide"] == ""
    post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
    # Rows 9 (bad date) and 10 (future date) and 13 (reference twice) still fail; row 14 is now valid.
    assert (run.valid_rows, run.error_rows) == (4, 3)
    post_run(coordinator_client, run, "run", django_capture_on_commit_callbacks, valid_only="on")
    row_14 = Complaint.objects.get(original_reference="MLI-TRK-007")
    assert row_14.area is None and row_14.channel == Channel.EMAIL
    assert run.state == ImportState.DONE


def test_an_unknown_option_is_refused(coordinator_client):
    run = uploaded_run(coordinator_client)
    page = coordinator_client.get(f"/cases/import/{run.public_id}/values/").content.decode()
    response = coordinator_client.post(
        f"/cases/import/{run.public_id}/values/", {_field_name(page, "Pigeon voyageur"): "carrier_pigeon"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_saved_mapping_is_used_for_the_next_file(coordinator_client):
    run = uploaded_run(coordinator_client)
    mapping = {f"col_{i}": key for i, key in run.mapping.items()}
    mapping["col_4"] = ""  # "Région" not imported this time
    response = coordinator_client.post(f"/cases/import/{run.public_id}/columns/", mapping)
    assert response.status_code == 302
    assert ImportMapping.objects.get().columns["region"] == ""
    assert 'id="no-reference"' not in coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    mapping["col_0"] = ""
    coordinator_client.post(f"/cases/import/{run.public_id}/columns/", mapping)
    assert 'id="no-reference"' in coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    mapping["col_0"] = "original_reference"
    coordinator_client.post(f"/cases/import/{run.public_id}/columns/", mapping)
    again = uploaded_run(coordinator_client)
    assert again.mapping["4"] == "" and again.mapping["0"] == "original_reference"


def test_a_field_mapped_twice_is_refused(coordinator_client):
    run = uploaded_run(coordinator_client)
    mapping = {f"col_{i}": key for i, key in run.mapping.items()}
    mapping["col_2"] = "received_at"
    response = coordinator_client.post(f"/cases/import/{run.public_id}/columns/", mapping, follow=True)
    assert "Each field can take one column only: Date received." in response.content.decode()
    run.refresh_from_db()
    assert run.mapping["2"] == "incident_date"
