"""Coverage: which areas a mapped thing (a service; later a complaint channel) reaches.

Areas nest: covering an area covers every area below it. OCHA p-codes nest by prefix (ML05 → ML0501), and
each area also names its parent; both count, so a service on the country covers every area of it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q

from pseahub.network.models import Area

from .models import Service


def area_lineage_ids(area: Area) -> set[int]:
    """Primary keys of ``area`` and of every area above it, up to the country (level 0).

    Both rules of nesting count: the parent chain, and p-codes that are a prefix of the area's p-code
    (ML05 for ML0501). One query in the usual case, where the parents are the prefixes; one more per
    parent that is neither a prefix nor a country.
    """
    prefixes = {area.pcode[:length] for length in range(2, len(area.pcode))}
    # The countries come along so that walking up to one needs no query of its own.
    rows = list(Area.objects.filter(Q(pcode__in=prefixes) | Q(admin_level=0)).values_list("id", "pcode", "parent_id"))
    parent_of: dict[int, int | None] = {pk: parent_id for pk, _pcode, parent_id in rows}
    lineage = {area.pk} | {pk for pk, pcode, _parent_id in rows if pcode in prefixes}
    walked = {area.pk}
    parent_id = area.parent_id
    while parent_id is not None and parent_id not in walked:  # ``walked`` also stops a cycle
        walked.add(parent_id)
        if parent_id not in parent_of:
            parent_of[parent_id] = Area.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        parent_id = parent_of[parent_id]
    return lineage | walked


def covers_area(area: Area, *, model: type[models.Model] = Service) -> Exists:
    """An ``Exists`` for ``model.objects.filter(...)``: true for a row covering ``area`` (directly or from above).

    ``model`` has an ``areas`` many-to-many to ``Area`` (services today, complaint channels later).
    """
    through = model.areas.through  # type: ignore[attr-defined]
    # Django names the auto-created through table's columns after the two models: service_id, area_id.
    owner = f"{model._meta.model_name}_id"
    return Exists(through.objects.filter(**{owner: OuterRef("pk"), "area_id__in": area_lineage_ids(area)}))
