"""One spelling of a place per language, from the area table: Mali's regions as Mali writes them (Ménaka, Ségou)
in every language; Lebanon's in Arabic on Arabic pages and by OCHA's name on the others."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.utils import translation

from pseahub.network.models import Area
from pseahub.network.services import areas_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def mali():
    areas_import(actor=None, content=(DATA / "mali_admin1.csv").read_bytes())


@pytest.fixture
def lebanon():
    areas_import(actor=None, content=(DATA / "lebanon_admin1.csv").read_bytes())


def test_the_shipped_mali_regions_keep_their_accents():
    with (DATA / "mali_admin1.csv").open(encoding="utf-8") as rows:
        local = {row["pcode"]: row["name_fr_or_ar"] for row in csv.DictReader(rows)}

    assert (local["ML04"], local["ML10"]) == ("Ségou", "Ménaka")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_mali_regions_are_spelt_with_their_accents_in_every_language(mali, language):
    menaka, segou = Area.objects.get(pcode="ML10"), Area.objects.get(pcode="ML04")

    assert (menaka.display_name(language), segou.display_name(language)) == ("Ménaka", "Ségou")
    with translation.override(language):
        assert (menaka.display_name(), str(menaka)) == ("Ménaka", "Ménaka (ML10)")


def test_lebanon_areas_are_in_arabic_on_arabic_pages_only(lebanon):
    beirut = Area.objects.get(pcode="LB1")

    assert beirut.display_name("ar") == "بيروت"
    assert beirut.display_name("en") == beirut.display_name("fr") == "Beirut"
    with translation.override("ar"):
        assert str(beirut) == "بيروت (LB1)"


def test_an_area_without_a_local_name_has_its_one_name():
    area = Area.objects.create(pcode="XX1", name="Somewhere", admin_level=1)

    assert area.display_name("fr") == area.display_name("ar") == "Somewhere"
