"""A place is spelt one way: the area table's name for the page's language (Ménaka, Ségou), in the tracker
export, on the case page, in the services directory, and in the inbox and tracker lists."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.models import Area
from pseahub.tracker import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    mali = Area.objects.create(pcode="MLI", name="Mali", name_local="Mali", admin_level=0)
    return {
        pcode: Area.objects.create(pcode=pcode, name=name, name_local=local, admin_level=1, parent=mali)
        for pcode, name, local in (("ML10", "Menaka", "Ménaka"), ("ML04", "Segou", "Ségou"))
    }


def _complaint(personas, area):
    data = ComplaintInput(channel="hotline", narrative="Narrative", reported_organisation=personas.org_a, area=area)
    return complaint_create(actor=None, data=data).complaint


def _area_column(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    code_column = rows[0].index(translation.gettext("Area p-code"))
    return [row[code_column - 1] for row in rows[1:]]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_tracker_export_spells_the_regions_with_their_accents(personas, regions, language):
    _complaint(personas, regions["ML10"])
    _complaint(personas, regions["ML04"])

    with translation.override(language):
        content = export.tracker_workbook(
            actor=personas.coordinator, filters=None, include_sealed=False, user_private=None
        )
        names = _area_column(content)

    assert sorted(names) == ["Ménaka", "Ségou"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_case_page_spells_the_region_with_its_accent(personas, client_for, regions, language):
    complaint = _complaint(personas, regions["ML10"])
    personas.coordinator.language = language
    personas.coordinator.save(update_fields=["language"])

    page = client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/").content.decode()

    assert "Ménaka" in page and "Menaka" not in page


def test_the_services_directory_spells_the_region_with_its_accent(client, regions):
    ServiceFactory(areas=[regions["ML04"]])

    page = client.get("/directory/").content.decode()

    assert "Ségou" in page and "Segou" not in page


@pytest.mark.parametrize("url", ["/cases/", "/cases/inbox/"])
def test_the_tracker_and_inbox_lists_spell_the_region_with_its_accent(personas, client_for, regions, url):
    _complaint(personas, regions["ML10"])

    page = client_for(personas.coordinator).get(url).content.decode()

    assert "Ménaka" in page and "Menaka" not in page
