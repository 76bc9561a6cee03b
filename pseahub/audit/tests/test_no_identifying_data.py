"""The audit log holds ids, codes and field names: never a person's name, e-mail address or phone number."""

import json
import re
from pathlib import Path

import pytest

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import OrganisationType
from pseahub.network.services import (
    areas_import,
    focal_point_create,
    focal_point_update,
    network_settings_update,
    organisation_create,
    organisation_update,
)

pytestmark = pytest.mark.django_db

MALI = Path(__file__).resolve().parents[2] / "network" / "data" / "mali_admin1.csv"

IDENTIFYING = [
    "Hawa Maïga",
    "hawa.maiga@example.org",
    "+223 70 11 22 33",
    "Hawa B. Maïga",
    "h.maiga@example.org",
    "+223 76 44 55 66",
    "Awa Sangaré",
    "awa.sangare@example.org",
    "Boubacar Touré",
    "boubacar.toure@example.org",
    "Protection Officer",
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_it_keeps_names_emails_and_phones_out_of_the_log_of_the_network_services():
    admin = UserFactory(full_name="Awa Sangaré", email="awa.sangare@example.org")
    person = UserFactory(full_name="Boubacar Touré", email="boubacar.toure@example.org")
    start = AuditEvent.objects.count()

    organisation = organisation_create(actor=admin, name="Aide Sahel", acronym="AS", type=OrganisationType.NNGO)
    organisation_update(actor=admin, organisation=organisation, acronym="ASA", type=OrganisationType.INGO)
    focal_point = focal_point_create(
        actor=admin,
        organisation=organisation,
        name="Hawa Maïga",
        email="hawa.maiga@example.org",
        phone="+223 70 11 22 33",
        title="Protection Officer",
        languages=["fr"],
    )
    focal_point_update(
        actor=admin,
        focal_point=focal_point,
        name="Hawa B. Maïga",
        email="h.maiga@example.org",
        phone="+223 76 44 55 66",
        user=person,
    )
    focal_point_update(actor=admin, focal_point=focal_point, is_active=False)
    areas_import(actor=admin, content=MALI.read_bytes())
    network_settings_update(actor=admin, name="Réseau PSEA Sahel", sla_refer_hours=12, timezone="Africa/Bamako")

    events = list(AuditEvent.objects.order_by("seq")[start:])
    assert {event.action for event in events} >= {
        Action.ORGANISATION_CREATED,
        Action.ORGANISATION_UPDATED,
        Action.FOCAL_POINT_CREATED,
        Action.FOCAL_POINT_UPDATED,
        Action.ROLE_GRANTED,
        Action.ROLE_REVOKED,
        Action.AREAS_IMPORTED,
        Action.SETTINGS_UPDATED,
    }
    for event in events:
        logged = json.dumps([event.target_type, event.target_id, event.data], ensure_ascii=False)
        for value in IDENTIFYING:
            assert value.lower() not in logged.lower(), (event.action, value)
        for phone in ("+223 70 11 22 33", "+223 76 44 55 66"):
            assert _digits(phone) not in _digits(logged), (event.action, phone)
    # What was changed is still named, by field.
    update = next(e for e in events if e.action == Action.FOCAL_POINT_UPDATED)
    assert update.data["fields"] == ["email", "name", "phone", "user"]
    assert update.data["new"] == {"user": str(person.public_id)}
