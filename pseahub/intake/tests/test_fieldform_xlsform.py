"""The intake form as an XLSForm: pyxform converts it to an XForm without errors, with every field, English
and French labels, and today's regions, organisations and vocabulary codes as choices."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from pseahub.intake.adapters.fieldform import FORM_ID, xlsform_build
from pseahub.network.models import Area, Organisation

FIELDS = [
    "narrative",
    "incident_date",
    "area",
    "location_detail",
    "organisation",
    "organisation_text",
    "perpetrator_category",
    "perpetrator_description",
    "complainant_type",
    "survivor_sex",
    "survivor_age_group",
    "involves_child",
    "disability",
    "contact_method",
    "reporter_name",
    "reporter_contact",
]
XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def network(personas):
    mali = Area.objects.create(pcode="ML", name="Mali", admin_level=0)
    Area.objects.create(pcode="ML07", name="Gao", admin_level=1, parent=mali)
    Area.objects.create(pcode="ML06", name="Tombouctou", name_local="Tombouctou", admin_level=1, parent=mali)
    Organisation.objects.filter(pk=personas.org_b.pk).update(is_active=False)
    return personas


@pytest.fixture
def xform(network):
    warnings: list[str] = []
    result = convert(xlsform=xlsform_build(version="202601150900"), warnings=warnings, file_type=".xlsx")
    return result, warnings


@pytest.mark.django_db
def test_it_converts_to_an_xform_without_errors(xform):
    result, warnings = xform

    assert result.xform
    assert warnings == []
    root = ET.fromstring(result.xform)  # noqa: S314 - our own XForm, just built
    main = root.find(f"{H}head/{XF}model/{XF}instance")
    assert main is not None
    (instance,) = list(main)
    assert instance.get("id") == FORM_ID and instance.get("version") == "202601150900"
    names = [child.tag.removeprefix(XF) for child in instance]
    for field in FIELDS:
        assert field in names
    assert "meta" in names  # instanceID: one complaint per submission


@pytest.mark.django_db
def test_it_has_english_and_french_labels(xform):
    result, _warnings = xform

    assert 'lang="English (en)"' in result.xform and 'lang="French (fr)"' in result.xform
    assert "What happened?" in result.xform and "Que s&apos;est-il passé ?" in result.xform.replace("'", "&apos;")


@pytest.mark.django_db
def test_it_offers_the_networks_regions_organisations_and_codes(network):
    workbook = load_workbook(io.BytesIO(xlsform_build()))
    choices = {(row[0], row[1]) for row in workbook["choices"].iter_rows(min_row=2, values_only=True)}

    assert {("area", "ML07"), ("area", "ML06"), ("area", "unknown")} <= choices
    assert ("area", "ML") not in choices  # regions only (admin level 1)
    assert ("organisation", str(network.org_a.public_id)) in choices
    assert ("organisation", str(network.org_b.public_id)) not in choices  # inactive
    assert {("age_group", "0-11"), ("age_group", "12-17"), ("age_group", "61+")} <= choices
    assert ("personnel_category", "military_contingent") in choices
    header = [cell.value for cell in workbook["survey"][1]]
    assert "label::English (en)" in header and "label::French (fr)" in header
    settings = [cell.value for cell in workbook["settings"][2]]
    assert FORM_ID in settings


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java, which is not installed here")
def test_odk_validate_accepts_it(network):
    warnings: list[str] = []

    result = convert(xlsform=xlsform_build(), warnings=warnings, file_type=".xlsx", validate=True)

    assert result.xform
