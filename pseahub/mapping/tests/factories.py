import factory

from pseahub.mapping.models import FeedbackMechanism, MechanismType, Service, ServiceType
from pseahub.network.models import Area
from pseahub.network.tests.factories import AreaFactory, OrganisationFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service; ``areas=[...]`` sets its coverage (default: one new area)."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Service {n}")
    type = ServiceType.HEALTH
    provider = factory.SubFactory(OrganisationFactory)
    contact_phone = "+223 70 00 00 99"
    hours = "Mon–Fri 8:00–16:00"  # noqa: RUF001
    languages = factory.LazyFunction(lambda: ["fr"])

    @factory.post_generation
    def areas(self, create: bool, extracted: list[Area] | None, **kwargs: object) -> None:
        if create:
            self.areas.set(extracted if extracted is not None else [AreaFactory()])


def mali_areas() -> dict[str, Area]:
    """Mali (level 0), Mopti (ML05) with Bandiagara (ML0501), and Gao (ML07); made once, then reused."""
    rows = [("MLI", "Mali", 0, None), ("ML05", "Mopti", 1, "MLI"), ("ML0501", "Bandiagara", 2, "ML05")]
    rows.append(("ML07", "Gao", 1, "MLI"))
    areas: dict[str, Area] = {}
    for pcode, name, level, parent in rows:
        areas[pcode] = Area.objects.filter(pcode=pcode).first() or AreaFactory(
            pcode=pcode, name=name, admin_level=level, parent=areas.get(parent or "")
        )
    return areas


class FeedbackMechanismFactory(factory.django.DjangoModelFactory):
    """A member's complaint and feedback mechanism; ``areas=[...]`` sets its coverage (default: one new area)."""

    class Meta:
        model = FeedbackMechanism
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mechanism {n}")
    type = MechanismType.HOTLINE
    organisation = factory.SubFactory(OrganisationFactory)
    languages = factory.LazyFunction(lambda: ["fr"])

    @factory.post_generation
    def areas(self, create: bool, extracted: list[Area] | None, **kwargs: object) -> None:
        if create:
            self.areas.set(extracted if extracted is not None else [AreaFactory()])


def mechanism_post(organisation, areas, **overrides) -> dict:
    """The form's POST data for a free, SEA-trained hotline in ``areas``."""
    data = {
        "organisation": organisation.pk,
        "type": MechanismType.HOTLINE,
        "name": "Ligne verte",
        "status": "active",
        "areas": [area.pk for area in areas],
        "languages": "fr, bm",
        "days_hours": "Lun–sam 8:00–18:00",  # noqa: RUF001
        "cost": "toll_free",
        "sea_trained": "on",
        "knows_referral_pathway": "on",
        "refers_to_network": "on",
    }
    return {**data, **overrides}


def service_post(provider, areas, **overrides) -> dict:
    """The services registry form's POST data for a free health service in ``areas``."""
    data = {
        "provider": provider.pk,
        "type": "health",
        "name": "Clinique de Sévaré",
        "is_active": "on",
        "areas": [area.pk for area in areas],
        "sex_served": "all",
        "min_age": "",
        "max_age": "",
        "contact_phone": "+223 70 00 00 01",
        "contact_email": "",
        "address": "Route de Mopti",
        "hours": "Lun–ven 8:00–16:00",  # noqa: RUF001
        "languages": "fr, ff",
        "notes": "",
        "capacity": "20 par mois",
        "cost": "free",
        "referral_contact": "Dr Diallo, +223 70 00 00 02",
        "post_rape_care_72h": "on",
        "is_listed": "on",
        "published_fields": ["contact_phone", "hours"],
    }
    return {**data, **overrides}
