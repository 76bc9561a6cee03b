"""The demo network (Mali): organisations, focal points, areas and one user per role.

Loaded by ``manage.py load_demo`` (``make run``); idempotent, and written through the same services as real
data so the audit log and the users' key pairs are real. Never load it into a production database.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import role_grant, user_create
from pseahub.core.discovery import DemoOptions

from .models import Area, FocalPoint, NetworkSettings, Organisation, OrganisationType
from .services import areas_import, focal_point_create, network_settings_update, organisation_create

DEMO_ORDER = 10  # first: every other app's demo data uses these organisations, areas and users
DEMO_PASSWORD = "demo-Sahel-2026!"  # noqa: S105 - published demo credential
DEMO_DOMAIN = "demo.psea.test"
MALI_AREAS = Path(__file__).resolve().parent / "data" / "mali_admin1.csv"

# The brand in each language: PSEA in English, PEAS in French, the Arabic term in Arabic.
DEMO_NETWORK_NAMES = {
    "en": "PSEA Network Mali",
    "fr": "Réseau PEAS Mali",
    "ar": "شبكة الحماية من الاستغلال والاعتداء الجنسيين في مالي",
}
OLD_DEMO_NETWORK_NAMES = frozenset({"Réseau PSEA Mali"})

# (name, acronym, type, member, co-chair)
ORGANISATIONS: list[tuple[str, str, str, bool, bool]] = [
    ("United Nations Children's Fund", "UNICEF", OrganisationType.UN_AGENCY, True, True),
    ("World Food Programme", "WFP", OrganisationType.UN_AGENCY, True, False),
    ("Office of the UN High Commissioner for Refugees", "UNHCR", OrganisationType.UN_AGENCY, True, False),
    ("United Nations Population Fund", "UNFPA", OrganisationType.UN_AGENCY, True, False),
    ("World Health Organization", "WHO", OrganisationType.UN_AGENCY, True, False),
    ("International Organization for Migration", "IOM", OrganisationType.UN_AGENCY, True, False),
    ("Office for the Coordination of Humanitarian Affairs", "OCHA", OrganisationType.UN_SECRETARIAT, True, False),
    ("Norwegian Refugee Council", "NRC", OrganisationType.INGO, True, True),
    ("Save the Children International", "SCI", OrganisationType.INGO, True, False),
    ("International Rescue Committee", "IRC", OrganisationType.INGO, True, False),
    ("Médecins du Monde", "MdM", OrganisationType.INGO, True, False),
    ("Association Malienne pour la Survie au Sahel", "AMSS", OrganisationType.NNGO, True, False),
    ("Association des Juristes Maliennes", "AJM", OrganisationType.NNGO, True, False),
    (
        "Ministère de la Promotion de la Femme, de l'Enfant et de la Famille",
        "MPFEF",
        OrganisationType.GOVERNMENT,
        True,
        False,
    ),
    ("Transports du Sahel SARL", "TDS", OrganisationType.CONTRACTOR, False, False),
    ("Association Jeunesse Action Gao", "AJAG", OrganisationType.IMPLEMENTING_PARTNER, False, False),
    ("Croix-Rouge malienne", "CRM", OrganisationType.OTHER, True, False),
]

# Contact-only focal points: (acronym, name, title, phone, languages)
CONTACT_FOCAL_POINTS: list[tuple[str, str, str, str, list[str]]] = [
    ("UNHCR", "Aminata Traoré", "Protection Officer", "+223 70 00 00 01", ["fr", "en"]),
    ("UNFPA", "Mariam Keïta", "GBV Specialist", "+223 70 00 00 02", ["fr", "bm"]),
    ("WHO", "Dr. Ousmane Diallo", "Health Cluster Coordinator", "+223 70 00 00 03", ["fr", "en"]),
    ("IOM", "Fatoumata Coulibaly", "PSEA Officer", "+223 70 00 00 04", ["fr"]),
    ("OCHA", "Jean-Baptiste Dembélé", "Humanitarian Affairs Officer", "+223 70 00 00 05", ["fr", "en"]),
    ("NRC", "Ingrid Solberg", "Country Safeguarding Lead", "+223 70 00 00 06", ["en", "fr"]),
    ("SCI", "Awa Sangaré", "Child Safeguarding Focal Point", "+223 70 00 00 07", ["fr", "bm"]),
    ("IRC", "Hawa Maïga", "Women's Protection Manager", "+223 70 00 00 08", ["fr"]),
    ("MdM", "Claire Martin", "Coordinatrice médicale", "+223 70 00 00 09", ["fr"]),
    ("AJM", "Me Kadiatou Sidibé", "Juriste", "+223 70 00 00 10", ["fr", "bm"]),
    ("MPFEF", "Boubacar Touré", "Point focal PEAS", "+223 70 00 00 11", ["fr"]),
    ("AJAG", "Moussa Ag Ahmed", "Coordinateur", "+223 70 00 00 12", ["fr", "ar"]),
]


@dataclass(frozen=True)
class DemoUser:
    key: str
    full_name: str
    role: str
    organisation: str | None
    language: str

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


DEMO_USERS: list[DemoUser] = [
    DemoUser("coordinator", "Salimata Konaté", Role.COORDINATOR, None, "fr"),
    DemoUser("focalpoint.unicef", "Ibrahim Cissé", Role.FOCAL_POINT, "UNICEF", "fr"),
    DemoUser("focalpoint.wfp", "Rokia Doumbia", Role.FOCAL_POINT, "WFP", "fr"),
    DemoUser("focalpoint.unhcr", "Sékou Kanté", Role.FOCAL_POINT, "UNHCR", "fr"),
    DemoUser("focalpoint.nrc", "Kari Nordmann", Role.FOCAL_POINT, "NRC", "en"),
    DemoUser("focalpoint.irc", "Aïssata Diakité", Role.FOCAL_POINT, "IRC", "fr"),
    DemoUser("focalpoint.sci", "Oumar Sylla", Role.FOCAL_POINT, "SCI", "fr"),
    DemoUser("focalpoint.amss", "Djénéba Traoré", Role.FOCAL_POINT, "AMSS", "fr"),
    DemoUser("focalpoint.ajag", "Alhassane Ag Mohamed", Role.FOCAL_POINT, "AJAG", "fr"),
    DemoUser("focalpoint.tds", "Lassine Coulibaly", Role.FOCAL_POINT, "TDS", "fr"),
    DemoUser("provider.amss", "Adama Guindo", Role.SERVICE_PROVIDER, "AMSS", "fr"),
    DemoUser("operator", "Fanta Diarra", Role.OPERATOR, None, "fr"),
    DemoUser("analyst", "Peter Okello", Role.ANALYST, None, "en"),
    DemoUser("leadership", "Awa Sangaré", Role.LEADERSHIP, None, "fr"),
    DemoUser("cochair", "Moussa Keïta", Role.CO_CHAIR, None, "fr"),
    DemoUser("donor", "Elena Rossi", Role.DONOR, None, "en"),
    DemoUser("hq", "Grace Mensah", Role.HQ, None, "en"),
    DemoUser("admin", "Nadia Haddad", Role.NETWORK_ADMIN, None, "ar"),
]


def demo_totp_key(email: str) -> bytes:
    """A fixed TOTP secret per demo user, so the demo's 2FA can be followed from printed instructions."""
    return hashlib.sha256(f"pseahub-demo-totp:{email}".encode()).digest()[:20]


def demo_totp_base32(email: str) -> str:
    """The demo user's TOTP secret as an authenticator app takes it."""
    return base64.b32encode(demo_totp_key(email)).decode("ascii").rstrip("=")


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create what is missing of the demo network; existing rows are left alone."""
    counts = {"organisations": 0, "focal_points": 0, "users": 0, "areas": 0}
    existing = NetworkSettings.objects.first()
    if existing is None:  # settings an administrator changed are left alone
        network_settings_update(
            actor=None,
            name=DEMO_NETWORK_NAMES["fr"],
            names=DEMO_NETWORK_NAMES,
            country_code="MLI",
            languages=["fr", "en", "ar"],
            timezone="Africa/Bamako",
            weekend_days=[6, 7],
        )
    elif existing.name in OLD_DEMO_NETWORK_NAMES and not existing.names:
        # A demo loaded before the name was given per language: the brand in each language.
        network_settings_update(actor=None, name=DEMO_NETWORK_NAMES["fr"], names=DEMO_NETWORK_NAMES)
    if not Area.objects.filter(pcode="MLI").exists():
        counts["areas"] = areas_import(actor=None, content=MALI_AREAS.read_bytes()).created

    organisations: dict[str, Organisation] = {}
    for name, acronym, org_type, member, co_chair in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = organisation_create(
                actor=None, name=name, acronym=acronym, type=org_type, is_member=member, is_co_chair=co_chair
            )
            counts["organisations"] += 1
        organisations[acronym] = organisation

    for acronym, person, title, phone, languages in CONTACT_FOCAL_POINTS:
        organisation = organisations[acronym]
        if not FocalPoint.objects.filter(organisation=organisation, name=person).exists():
            email = f"psea.{acronym.lower()}@{DEMO_DOMAIN}"
            focal_point_create(
                actor=None,
                organisation=organisation,
                name=person,
                title=title,
                email=email,
                phone=phone,
                languages=languages,
            )
            counts["focal_points"] += 1

    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = user_create(
                actor=None, email=demo.email, password=DEMO_PASSWORD, full_name=demo.full_name, language=demo.language
            )
            counts["users"] += 1
        organisation = organisations[demo.organisation] if demo.organisation else None
        if demo.role == Role.FOCAL_POINT and organisation is not None:
            if not FocalPoint.objects.filter(organisation=organisation, user=user).exists():
                focal_point_create(
                    actor=None,
                    organisation=organisation,
                    name=demo.full_name,
                    email=demo.email,
                    languages=[demo.language],
                    user=user,
                    title="PSEA Focal Point",
                )
                counts["focal_points"] += 1
        else:
            role_grant(actor=None, user=user, role=demo.role, organisation=organisation)
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": demo_totp_key(demo.email).hex(), "confirmed": True},
        )
    return counts


def load(options: DemoOptions) -> dict[str, int]:
    return demo_load()
