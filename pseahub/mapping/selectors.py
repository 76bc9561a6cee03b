"""Reads of the mapping: the registry of services, filtered by coverage and eligibility.

Not scoped by an actor: the registry is a public directory. Coordinators use the same selector to pick a
service for an assistance referral (filtered by the survivor's area, sex and age group).
"""

from __future__ import annotations

import re
from typing import Protocol

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from pseahub.network.models import Area

from .coverage import covers_area
from .models import Service, ServiceType, SexServed

_CLOSED_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_OPEN_RANGE = re.compile(r"(\d+)\s*\+")


class AgeGroup(Protocol):
    """An age-group term (``cases.models.Term``; mapping sits below cases and does not import it)."""

    code: str


#: Sexes that narrow the list; any other value (other, unknown, none) leaves every service in.
_SEXES_FILTERED = frozenset({SexServed.FEMALE.value, SexServed.MALE.value})


def age_group_bounds(age_group: AgeGroup | str) -> tuple[int, int | None] | None:
    """The ages an age-group code spans: "12-17" → (12, 17), "61+" → (61, None); None when unknown."""
    code = age_group if isinstance(age_group, str) else age_group.code
    if match := _CLOSED_RANGE.fullmatch(code.strip()):
        return int(match[1]), int(match[2])
    if match := _OPEN_RANGE.fullmatch(code.strip()):
        return int(match[1]), None
    return None


def _ages_overlap(low: int, high: int | None) -> Q:
    # The service's [min_age, max_age] (open where empty) overlaps the group's [low, high].
    condition = Q(max_age__isnull=True) | Q(max_age__gte=low)
    if high is not None:
        condition &= Q(min_age__isnull=True) | Q(min_age__lte=high)
    return condition


def _type_order() -> Case:
    return Case(
        *(When(type=value, then=Value(index)) for index, value in enumerate(ServiceType.values)),
        default=Value(len(ServiceType.values)),
        output_field=IntegerField(),
    )


def service_list(
    *,
    service_type: ServiceType | str | None = None,
    area: Area | None = None,
    sex: str | None = None,
    age_group: AgeGroup | str | None = None,
    include_inactive: bool = False,
) -> QuerySet[Service]:
    """Services matching the filters, by type (in ``ServiceType`` order) then name.

    - ``area``: services covering it — one of their areas is the area or above it (by p-code prefix or
      parent chain, up to the country).
    - ``sex``: "female" / "male" keep the services for everyone and those for that sex; any other value
      (other, unknown) keeps all.
    - ``age_group``: a ``cases`` age-group term or its code ("0-11", "61+"): services whose age range
      overlaps the group's; "unknown" keeps all.
    - inactive services, and services of inactive providers, only with ``include_inactive``.

    The provider and the areas come with the services: a page of them costs the same number of queries
    whatever its length.
    """
    qs = Service.objects.select_related("provider").prefetch_related(
        Prefetch("areas", queryset=Area.objects.order_by("admin_level", "pcode"))
    )
    if not include_inactive:
        qs = qs.filter(is_active=True, provider__is_active=True)
    if service_type:
        qs = qs.filter(type=service_type)
    if area is not None:
        qs = qs.filter(covers_area(area))
    if sex in _SEXES_FILTERED:
        qs = qs.filter(sex_served__in=[SexServed.ALL, sex])
    if age_group is not None and (bounds := age_group_bounds(age_group)) is not None:
        qs = qs.filter(_ages_overlap(*bounds))
    return qs.annotate(type_order=_type_order()).order_by("type_order", "name", "pk")
