"""A directory of realistic size for the directory's tests: 20 services, 10 mechanisms, 10 focal points in
Mopti and Gao, each with every field filled, and values that must never be published (``SECRET_*``)."""

from __future__ import annotations

from django.utils import timezone

from pseahub.intake.models import IntakeChannel
from pseahub.mapping.models import MechanismType, ServiceType
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory, mali_areas
from pseahub.network.models import NetworkSettings
from pseahub.network.tests.factories import FocalPointFactory, OrganisationFactory

SERVICE_TYPES = [ServiceType.HEALTH, ServiceType.PSYCHOSOCIAL, ServiceType.LEGAL, ServiceType.CHILD_PROTECTION]
MECHANISM_TYPES = [MechanismType.HOTLINE, MechanismType.HELP_DESK, MechanismType.SUGGESTION_BOX, MechanismType.SMS]


def directory_world() -> dict:
    areas = mali_areas()
    NetworkSettings.objects.update_or_create(
        id=1, defaults={"name": "Réseau PSEA Mali", "hotline_number": "+223 80 00 11 22", "emergency_number": "17"}
    )
    IntakeChannel.objects.create(
        name="SMS Orange", slug="sms-orange", type="sms", address="36 200", provider="generic", secret_env="SMS_KEY"
    )
    IntakeChannel.objects.create(name="Mailbox", slug="mailbox", type="email", address="signaler@psea-mali.org")
    organisations = [
        OrganisationFactory(name=f"Organisation humanitaire numéro {n}", acronym=f"OHN{n}") for n in range(10)
    ]
    for n in range(20):
        ServiceFactory(
            name=f"Centre de prise en charge {n} de la région",
            type=SERVICE_TYPES[n % 4],
            provider=organisations[n % 10],
            areas=[areas["ML0501"] if n % 2 else areas["ML07"]],
            contact_phone=f"+223 76 00 {n:02d} 10",
            contact_email=f"contact{n}@centre-prise-en-charge.org",
            address=f"Quartier {n}, rue 12, près du marché central",
            hours="Lundi à vendredi, 8 h à 16 h; samedi 9 h à 12 h",
            languages=["fr", "bm", "ff"],
            notes="Apporter une pièce d'identité si possible. Gratuit pour les survivantes.",
            referral_contact=f"SECRET_REFERRAL {n}",
        )
    for n in range(10):
        FeedbackMechanismFactory(
            name=f"Ligne verte communautaire {n}",
            type=MECHANISM_TYPES[n % 4],
            organisation=organisations[n],
            areas=[areas["ML05"] if n % 2 else areas["ML07"]],
            contact=f"80 00 {n:02d} 33 (gratuit)",
            days_hours="Tous les jours 7 h – 19 h",  # noqa: RUF001
            languages=["fr", "bm", "son"],
            accessible_disability=True,
            women_child_friendly=True,
            is_listed=True,
            published_fields=["contact", "days_hours", "languages", "cost"],
        )
    for n in range(10):
        FocalPointFactory(
            organisation=organisations[n],
            name=f"Aminata Traoré {n}",
            title="Point focal PSEA",
            email=f"point.focal{n}@organisation-humanitaire.org",
            phone=f"+223 66 00 {n:02d} 44",
            languages=["fr", "bm"],
            is_listed=True,
            published_fields=["name", "title", "email", "phone", "languages"],
            listing_agreed_at=timezone.now(),
        )
    return areas
