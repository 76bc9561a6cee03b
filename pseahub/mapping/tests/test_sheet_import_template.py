"""Each import offers its template workbook: a header row the import recognises and one example row, which
passes the dry run as it is for the person who downloaded it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pseahub.mapping.sheet_imports import template_columns
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.sheets import dry_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "kind"), [("focal_point_a", "mechanisms"), ("provider", "services")])
def test_the_template_downloads_and_its_example_row_passes_the_dry_run(personas, client_for, persona, kind):
    mali_areas()
    client = client_for(getattr(personas, persona))
    response = client.get(reverse(f"mapping:import_{kind}_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert f'filename="{kind}-template.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert list(rows[0]) == [str(column.header) for column in template_columns(kind)]
    assert rows[1][0] == "ALPHA"  # the downloader's organisation
    page = dry_run(client, kind, response.content, filename="template.xlsx").content.decode()
    assert '<dd id="count-new">1</dd>' in page and '<dd id="error-rows">0</dd>' in page


def test_the_import_page_links_its_template(personas, client_for):
    page = client_for(personas.coordinator).get(reverse("mapping:import_services")).content.decode()
    assert f'href="{reverse("mapping:import_services_template")}"' in page
