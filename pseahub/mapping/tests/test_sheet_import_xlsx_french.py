"""An XLSX sheet in French (headers, mechanism types, oui/non flags, statuses) imports like an English CSV; a title
row above the header is skipped, as in the tracker import."""

import pytest

from pseahub.mapping.models import FeedbackMechanism, MechanismStatus, MechanismType, Service, ServiceType, SexServed
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.sheets import dry_run, imported, xlsx_bytes

pytestmark = pytest.mark.django_db

FRENCH_HEADER = ["Organisation", "Type de mécanisme", "Nom", "Zones couvertes", "Langues", "Jours et heures",
                 "Coût", "Accessible aux personnes handicapées", "Personnel formé", "Statut"]  # fmt: skip


def _french_sheet() -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Cartographie des MGP — Mopti, décembre 2026"])
    sheet.append([])
    sheet.append(FRENCH_HEADER)
    sheet.append(["Alpha Relief", "Ligne verte", "Ligne verte Sévaré", "Mopti", "Français, Bambara", "Lun-sam",
                  "Numéro gratuit", "oui", "Oui", "Actif"])  # fmt: skip
    sheet.append(["ALPHA", "Boîte à suggestions", "Boîte du site", "ML0501", "fr", "", "Gratuit", "non", 0,
                  "En cours de mise en place"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_french_xlsx_cfm_sheet_imports(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.coordinator)
    page = dry_run(client, "mechanisms", _french_sheet(), filename="mgp.xlsx").content.decode()
    assert '<dd id="count-new">2</dd>' in page and '<dd id="error-rows">0</dd>' in page
    assert imported(client, "mechanisms", _french_sheet(), filename="mgp.xlsx").status_code == 302
    hotline = FeedbackMechanism.objects.get(name="Ligne verte Sévaré")
    assert hotline.type == MechanismType.HOTLINE and hotline.languages == ["fr", "bm"]
    assert hotline.accessible_disability and hotline.sea_trained and hotline.status == MechanismStatus.ACTIVE
    assert list(hotline.areas.all()) == [areas["ML05"]]  # "Mopti" is the region
    box = FeedbackMechanism.objects.get(name="Boîte du site")
    assert box.type == MechanismType.SUGGESTION_BOX and box.status == MechanismStatus.SETTING_UP
    assert not box.accessible_disability and not box.sea_trained and box.days_hours == ""


def test_a_french_xlsx_4w_sheet_imports(personas, client_for):
    areas = mali_areas()
    header = ["Qui", "Quoi", "Nom du service", "Admin1", "Admin2", "Sexe", "Age min", "Age max", "Kit PEP", "Actif"]
    sheet = xlsx_bytes(header, ["ALPHA", "Soutien psychosocial", "Espace sûr", "Mopti", "Bandiagara", "Femmes", 10,
                                17, "non", "oui"])  # fmt: skip
    assert imported(client_for(personas.coordinator), "services", sheet, filename="4w.xlsx").status_code == 302
    service = Service.objects.get()
    assert service.type == ServiceType.PSYCHOSOCIAL and service.sex_served == SexServed.FEMALE
    assert (service.min_age, service.max_age) == (10, 17) and not service.post_rape_care_72h and service.is_active
    assert list(service.areas.all()) == [areas["ML0501"]]
