"""Suggestions: header names in English and French to fields, and cell values to terms, choices, areas and
organisations whatever their case and accents."""

from __future__ import annotations

import pytest

from pseahub.imports.fields import header_suggest, mapping_suggest, vocab_load

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Date de réception", "received_at"),
        ("DATE RECEIVED", "received_at"),
        ("Dates Incident", "incident_date"),
        ("Date de l'incident", "incident_date"),
        ("Sexe de l'auteur", "perpetrator_sex"),
        ("Sexe", "survivor_sex"),
        ("Nombre de survivants", "survivors_count"),
        ("Catégorie de personnel", "personnel_category"),
        ("Lieu précis", "location_detail"),
        ("Lieu", "area"),
        ("Statut", "status"),
        ("Type d'EAS", "sea_type"),
        ("Something else", ""),
    ],
)
def test_header_names(name, field):
    assert header_suggest(name)[0] == field


def test_a_field_goes_to_one_column_and_the_saved_mapping_wins():
    columns = ["Référence", "Ref", "Zone X"]
    assert mapping_suggest(columns) == {0: "original_reference", 1: "", 2: "area"}
    assert mapping_suggest(columns, {"zone x": ""})[2] == ""


def test_values_to_terms_and_choices(personas, areas):
    vocab = vocab_load()
    assert vocab.suggest("sea_type", "VIOL") == "rape"
    assert vocab.suggest("sea_type", "Relation d\u2019exploitation") == "exploitative_relationship"
    assert vocab.suggest("sea_type", "Sexe de survie") == "transactional_sex"
    assert vocab.suggest("channel", "ligne VERTE") == "hotline"
    assert vocab.suggest("channel", "Point focal") == "focal_point"
    assert vocab.suggest("status", "Clôturée") == "closed"
    assert vocab.suggest("classification", "Harcèlement sexuel") == "sexual_harassment"
    assert vocab.suggest("entity_type", "ONG") == "implementing_partner"
    assert vocab.suggest("survivor_sex", "femme") == "female"
    assert vocab.suggest("displacement", "Déplacée") == "idp"
    assert vocab.suggest("personnel_category", "Volontaire des Nations Unies") == "un_volunteer"
    assert vocab.suggest("survivor_age", "15 ans") == "12-17"
    assert vocab.suggest("survivor_age", "70") == "61+"
    assert vocab.suggest("area", "segou") == "ML04"
    assert vocab.suggest("area", "ML05") == "ML05"
    assert vocab.suggest("organisation", "alpha") == str(personas.org_a.public_id)
    assert vocab.suggest("organisation", "Beta Aid") == str(personas.org_b.public_id)
    assert vocab.suggest("sea_type", "Harcèlement de rue") is None
    assert vocab.suggest("area", "Atlantide") is None
