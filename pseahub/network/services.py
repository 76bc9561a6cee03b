"""Writes to organisations, focal points, areas and network settings. Each writes its audit entry."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError

from .models import Area, FocalPoint, NetworkSettings, Organisation, OrganisationType

AREA_COLUMNS = ("pcode", "name", "name_fr_or_ar", "parent_pcode", "admin_level")


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    type: OrganisationType | str,
    acronym: str = "",
    is_member: bool = True,
    is_co_chair: bool = False,
) -> Organisation:
    organisation = Organisation(
        name=name.strip(), acronym=acronym.strip(), type=type, is_member=is_member, is_co_chair=is_co_chair
    )
    organisation.full_clean()
    organisation.save()
    record(actor=actor, action=Action.ORGANISATION_CREATED, target=organisation, data={"type": str(type)})
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    changed = sorted(name for name, value in fields.items() if getattr(organisation, name) != value)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if changed:
        record(actor=actor, action=Action.ORGANISATION_UPDATED, target=organisation, data={"fields": changed})
    return organisation


@transaction.atomic
def focal_point_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    email: str = "",
    phone: str = "",
    languages: list[str] | None = None,
    user: Any = None,
    title: str = "",
    is_alternate: bool = False,
) -> FocalPoint:
    """Add a focal point; when linked to a user, that user also gets the focal-point role for the organisation."""
    focal_point = FocalPoint(
        organisation=organisation,
        name=name,
        email=email,
        phone=phone,
        languages=languages or [],
        user=user,
        title=title,
        is_alternate=is_alternate,
    )
    focal_point.full_clean()
    focal_point.save()
    record(
        actor=actor,
        action=Action.FOCAL_POINT_CREATED,
        target=focal_point,
        data={"organisation": str(organisation.public_id), "linked_user": user is not None},
    )
    if user is not None:
        from pseahub.accounts.models import Role
        from pseahub.accounts.services import role_grant

        role_grant(actor=actor, user=user, role=Role.FOCAL_POINT, organisation=organisation)
    return focal_point


@dataclass(frozen=True)
class AreaImportResult:
    created: int
    updated: int


class AreaImportError(ApplicationError):
    """A bad area file; ``line`` is the 1-based line of the file that is wrong."""

    def __init__(self, message: str, *, line: int) -> None:
        super().__init__(_("Line %(line)d: %(message)s") % {"line": line, "message": message})
        self.line = line


@transaction.atomic
def areas_import(*, actor: Any, content: str | bytes) -> AreaImportResult:
    """Import areas from CSV (``pcode,name,name_fr_or_ar,parent_pcode,admin_level``, with a header).

    Rows are created or updated by p-code. Everything is checked before anything is written; a bad line
    raises ``AreaImportError`` naming it and the database is left as it was.
    """
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AreaImportError(_("the file is not UTF-8 text."), line=1) from exc
    reader = csv.reader(io.StringIO(content))
    header = next(reader, None)
    if header is None:
        raise AreaImportError(_("the file is empty."), line=1)
    header = [column.strip().lower() for column in header]
    missing = [column for column in AREA_COLUMNS if column not in header]
    if missing:
        raise AreaImportError(_("missing columns: %(columns)s.") % {"columns": ", ".join(missing)}, line=1)
    index = {column: header.index(column) for column in AREA_COLUMNS}

    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    known_pcodes = set(Area.objects.values_list("pcode", flat=True))
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise AreaImportError(
                _("expected %(n)d columns, found %(m)d.") % {"n": len(header), "m": len(row)}, line=line_number
            )
        value = {column: row[index[column]].strip() for column in AREA_COLUMNS}
        pcode = value["pcode"]
        if not pcode or len(pcode) > 20 or not pcode.replace("_", "").replace("-", "").isalnum():
            raise AreaImportError(_("p-code %(pcode)r is not valid.") % {"pcode": pcode}, line=line_number)
        if pcode in seen:
            raise AreaImportError(
                _("p-code %(pcode)s already appears on line %(other)d.") % {"pcode": pcode, "other": seen[pcode]},
                line=line_number,
            )
        if not value["name"] or len(value["name"]) > 120:
            raise AreaImportError(_("the name is missing or longer than 120 characters."), line=line_number)
        if len(value["name_fr_or_ar"]) > 120:
            raise AreaImportError(_("the local name is longer than 120 characters."), line=line_number)
        try:
            level = int(value["admin_level"])
        except ValueError:
            level = -1
        if not 0 <= level <= 5:
            raise AreaImportError(_("admin level must be a number from 0 to 5."), line=line_number)
        parent = value["parent_pcode"]
        if level == 0 and parent:
            raise AreaImportError(_("a level-0 area (country) has no parent."), line=line_number)
        if level > 0 and not parent:
            raise AreaImportError(_("an area below level 0 needs a parent p-code."), line=line_number)
        if parent and parent not in seen and parent not in known_pcodes:
            raise AreaImportError(
                _("parent %(parent)s is unknown (parents must come before their children).") % {"parent": parent},
                line=line_number,
            )
        seen[pcode] = line_number
        rows.append(
            {
                "pcode": pcode,
                "name": value["name"],
                "name_local": value["name_fr_or_ar"],
                "parent": parent,
                "level": level,
            }
        )

    if not rows:
        raise AreaImportError(_("the file has no areas."), line=2)

    created = updated = 0
    by_pcode = {area.pcode: area for area in Area.objects.all()}
    for row in rows:
        parent = by_pcode.get(row["parent"]) if row["parent"] else None
        if parent is not None and parent.admin_level >= row["level"]:
            raise AreaImportError(_("the parent's level must be above the area's level."), line=seen[row["pcode"]])
        area = by_pcode.get(row["pcode"])
        if area is None:
            area = Area(pcode=row["pcode"])
            created += 1
        else:
            updated += 1
        area.name, area.name_local, area.parent, area.admin_level = row["name"], row["name_local"], parent, row["level"]
        area.save()
        by_pcode[area.pcode] = area
    record(actor=actor, action=Action.AREAS_IMPORTED, data={"created": created, "updated": updated})
    return AreaImportResult(created=created, updated=updated)


@transaction.atomic
def network_settings_update(*, actor: Any, **fields: Any) -> NetworkSettings:
    instance, _created = NetworkSettings.objects.get_or_create(id=1)
    changed = sorted(name for name, value in fields.items() if getattr(instance, name) != value)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    if changed:
        record(actor=actor, action=Action.SETTINGS_UPDATED, target=instance, data={"fields": changed})
    return instance
