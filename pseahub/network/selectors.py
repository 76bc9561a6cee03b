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


def organisation_list(*, include_inactive: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def focal_point_list(*, organisation: Organisation) -> QuerySet[FocalPoint]:
    return organisation.focal_points.filter(is_active=True).select_related("user")


def area_list(*, admin_level: int | None = None) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    return qs if admin_level is None else qs.filter(admin_level=admin_level)


NETWORK_SETTINGS: ReferenceTable[NetworkSettings] = ReferenceTable(
    lambda: NetworkSettings.objects.filter(id=1), models=[NetworkSettings]
)
AREAS: ReferenceTable[Area] = ReferenceTable(lambda: Area.objects.filter(admin_level__gte=1), models=[Area])
ORGANISATIONS: ReferenceTable[Organisation] = ReferenceTable(lambda: Organisation.objects.all(), models=[Organisation])
ACTIVE_ORGANISATIONS: ReferenceTable[Organisation] = ReferenceTable(
    lambda: Organisation.objects.filter(is_active=True), models=[Organisation]
)


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
    return ACTIVE_ORGANISATIONS.rows()
