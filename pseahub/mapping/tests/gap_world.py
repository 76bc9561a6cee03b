"""A small Mali for the gap and map tests: Mopti (ML05) with Bandiagara (ML0501) and Bankass (ML0502), Gao (ML07)
with Ansongo (ML0701), the network's country set to MLI. Nothing covers anything until a test adds it."""

from __future__ import annotations

from pseahub.mapping.models import MechanismStatus, MechanismType, ServiceType
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory
from pseahub.network.models import Area, NetworkSettings
from pseahub.network.tests.factories import AreaFactory

ROWS = [
    ("MLI", "Mali", 0, None),
    ("ML05", "Mopti", 1, "MLI"),
    ("ML0501", "Bandiagara", 2, "ML05"),
    ("ML0502", "Bankass", 2, "ML05"),
    ("ML07", "Gao", 1, "MLI"),
    ("ML0701", "Ansongo", 2, "ML07"),
]


def mali() -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for pcode, name, level, parent in ROWS:
        areas[pcode] = Area.objects.filter(pcode=pcode).first() or AreaFactory(
            pcode=pcode, name=name, admin_level=level, parent=areas.get(parent or "")
        )
    NetworkSettings.objects.update_or_create(id=1, defaults={"country_code": "MLI"})
    return areas


def sea_channel(areas: list[Area], **fields):
    defaults = {"type": MechanismType.HOTLINE, "status": MechanismStatus.ACTIVE, "sea_trained": True}
    return FeedbackMechanismFactory(areas=areas, **{**defaults, **fields})


def full_services(areas: list[Area]) -> None:
    """One service of every gap type, for everyone of every age, on ``areas``."""
    ServiceFactory(type=ServiceType.HEALTH, post_rape_care_72h=True, areas=areas)
    for service_type in (
        ServiceType.PSYCHOSOCIAL, ServiceType.LEGAL, ServiceType.SAFETY_SHELTER, ServiceType.MATERIAL_LIVELIHOOD,
    ):  # fmt: skip
        ServiceFactory(type=service_type, areas=areas)
