"""Reads of organisations, focal points, areas and settings."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Area, FocalPoint, NetworkSettings, Organisation


def network_settings_get() -> NetworkSettings:
    """The network's settings; an unsaved default row when none has been stored yet."""
    return NetworkSettings.objects.filter(id=1).first() or NetworkSettings()


def organisation_list(*, include_inactive: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def focal_point_list(*, organisation: Organisation) -> QuerySet[FocalPoint]:
    return organisation.focal_points.filter(is_active=True).select_related("user")


def area_list(*, admin_level: int | None = None) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    return qs if admin_level is None else qs.filter(admin_level=admin_level)
