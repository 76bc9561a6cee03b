"""Demo publishing choices for the public directory: some demo mechanisms listed with chosen fields, some demo
focal points (signed-in ones and contact-only ones) listed with chosen fields. Runs after the demo mechanisms;
idempotent (a choice already made is made again to the same effect, which writes nothing)."""

from __future__ import annotations

from django.db import transaction

from pseahub.accounts.models import Role, User
from pseahub.network.models import FocalPoint

from .directory import focal_point_listing_set
from .mechanisms import mechanism_update
from .models import FeedbackMechanism

#: Mechanism name → the fields its organisation publishes (each one's contact is invented).
DEMO_LISTED_MECHANISMS: dict[str, tuple[str, list[str]]] = {
    "Ligne verte AMSS Tombouctou": ("80 00 21 21 (appel gratuit)", ["contact", "days_hours", "languages", "cost"]),
    "Ligne d'assistance PAM": ("80 00 33 33 (appel gratuit)", ["contact", "days_hours", "cost"]),
    "Help desk NRC – Sévaré": ("Bureau NRC, route de Mopti, Sévaré", ["contact", "days_hours", "languages"]),  # noqa: RUF001
    "Volontaires Croix-Rouge – Mopti": ("Auprès des volontaires au brassard rouge", ["contact", "languages"]),  # noqa: RUF001
    "Boîtes à suggestions NRC – Bandiagara et Bankass": ("Aux points de distribution", ["contact"]),  # noqa: RUF001
}

#: Focal point (organisation acronym, name) → the fields they chose to publish.
DEMO_LISTED_FOCAL_POINTS: dict[tuple[str, str], list[str]] = {
    ("UNHCR", "Aminata Traoré"): ["name", "title", "phone", "languages"],
    ("UNFPA", "Mariam Keïta"): ["name", "title", "phone"],
    ("IOM", "Fatoumata Coulibaly"): ["title", "email", "phone"],
    ("AJAG", "Moussa Ag Ahmed"): ["name", "phone", "languages"],
    ("UNICEF", "Ibrahim Cissé"): ["name", "title", "email"],
    ("NRC", "Kari Nordmann"): ["name", "email", "languages"],
}


@transaction.atomic
def demo_directory_load() -> int:
    """List the demo mechanisms and focal points above (when they exist); return how many were newly listed."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    listed = 0
    if coordinator is not None:
        for mechanism in FeedbackMechanism.objects.filter(name__in=DEMO_LISTED_MECHANISMS):
            contact, fields = DEMO_LISTED_MECHANISMS[mechanism.name]
            changed, was_listed = mechanism.changed_since_verified, mechanism.is_listed
            mechanism_update(
                actor=coordinator, mechanism=mechanism, contact=contact, is_listed=True, published_fields=fields
            )
            # A publishing choice is not a change of what the coordinator verified.
            FeedbackMechanism.objects.filter(pk=mechanism.pk).update(changed_since_verified=changed)
            listed += not was_listed
    for (acronym, name), fields in DEMO_LISTED_FOCAL_POINTS.items():
        focal_point = FocalPoint.objects.filter(organisation__acronym=acronym, name=name, is_active=True).first()
        if focal_point is None:
            continue
        # The demo's signed-in focal points choose for themselves; the contact-only ones through the loader.
        actor = focal_point.user if focal_point.user_id is not None else None
        was_listed = focal_point.is_listed
        focal_point_listing_set(actor=actor, focal_point=focal_point, is_listed=True, published_fields=fields)
        listed += not was_listed
    return listed
