"""Reads of organisations, focal points, areas and settings."""

from __future__ import annotations

from django.db.models import QuerySet

from pseahub.core.refdata import ReferenceTable

from .models import Area, FocalPoint, NetworkSettings, Organisation


def network_settings_get() -> NetworkSettings:
    """The network's settings; an unsaved default row when none has been stored yet. Every page and many
    services read them, and they change a few times a year: kept per process like the other reference tables
    (a save in this process is seen at once, in the others within a minute)."""
    rows = NETWORK_SETTINGS.rows()
    return rows[0] if rows else NetworkSettings()


def focal_point_list(*, organisation: Organisation) -> QuerySet[FocalPoint]:
    return organisation.focal_points.filter(is_active=True).select_related("user")


NETWORK_SETTINGS: ReferenceTable[NetworkSettings] = ReferenceTable(
    lambda: NetworkSettings.objects.filter(id=1), models=[NetworkSettings]
)
AREAS: ReferenceTable[Area] = ReferenceTable(lambda: Area.objects.filter(admin_level__gte=1), models=[Area])
ORGANISATIONS: ReferenceTable[Organisation] = ReferenceTable(lambda: Organisation.objects.all(), models=[Organisation])


def regions() -> list[Area]:
    """First-level areas (regions) in p-code order, from the per-process reference table."""
    return [area for area in AREAS.rows() if area.admin_level == 1]


def areas_below_country() -> list[Area]:
    """Every area below the country (regions, then districts …) in level and p-code order."""
    return AREAS.rows()


def organisations_all() -> list[Organisation]:
    """Every organisation, active or not, by name (filters over past complaints need the inactive ones)."""
    return ORGANISATIONS.rows()


def organisations_active() -> list[Organisation]:
    """Active member organisations by name, from the per-process reference table."""
    return [organisation for organisation in ORGANISATIONS.rows() if organisation.is_active]
