"""Writes to organisations, focal points, areas and network settings. Each writes its audit entry."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError

from .models import Area, FocalPoint, NetworkSettings, Organisation, OrganisationType

AREA_COLUMNS = ("pcode", "name", "name_fr_or_ar", "parent_pcode", "admin_level")


#: Fields whose old and new values may go into the audit log: codes, flags and numbers, never free text.
_CODE_FIELDS = frozenset(
    {
        "type",
        "is_member",
        "is_co_chair",
        "is_active",
        "is_alternate",
        "country_code",
        "languages",
        "timezone",
        "weekend_days",
        "holidays",
        "sla_refer_hours",
        "sla_acknowledge_working_days",
        "sla_first_progress_days",
        "sla_assistance_accept_hours",
        "retention_days",
        "small_cell_k",
        "outside_noise_epsilon",
        "hotline_number",
        "emergency_number",
    }
)
ORGANISATION_FIELDS = frozenset({"name", "acronym", "type", "is_member", "is_co_chair", "is_active"})
FOCAL_POINT_FIELDS = frozenset({"name", "title", "email", "phone", "languages", "user", "is_alternate", "is_active"})
SETTINGS_FIELDS = frozenset(
    {
        "name",
        "country_code",
        "languages",
        "timezone",
        "weekend_days",
        "holidays",
        "sla_refer_hours",
        "sla_acknowledge_working_days",
        "sla_first_progress_days",
        "sla_assistance_accept_hours",
        "retention_days",
        "small_cell_k",
        "outside_noise_epsilon",
        "hotline_number",
        "emergency_number",
        "names",
    }
)


def _apply_changes(instance: Any, fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """Set ``fields`` on ``instance``; return the audit detail of what changed (names; old/new for codes)."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"{type(instance).__name__} fields that cannot be changed here: {', '.join(unknown)}")
    changed = sorted(name for name, value in fields.items() if getattr(instance, name) != value)
    detail: dict[str, Any] = {"fields": changed}
    codes = [name for name in changed if name in _CODE_FIELDS]
    if codes:
        detail["old"] = {name: getattr(instance, name) for name in codes}
        detail["new"] = {name: fields[name] for name in codes}
    for name, value in fields.items():
        setattr(instance, name, value)
    return detail


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
    """Add an organisation (a member, or a non-member that can be named as concerned)."""
    organisation = Organisation(
        name=name.strip(), acronym=acronym.strip(), type=type, is_member=is_member, is_co_chair=is_co_chair
    )
    organisation.full_clean()
    organisation.save()
    record(
        actor=actor,
        action=Action.ORGANISATION_CREATED,
        target=organisation,
        data={"type": organisation.type, "is_member": is_member, "is_co_chair": is_co_chair},
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    """Change an organisation's ``name, acronym, type, is_member, is_co_chair, is_active``.

    Organisations are deactivated, never deleted: allegations and role assignments point to them.
    """
    for text in ("name", "acronym"):
        if isinstance(fields.get(text), str):
            fields[text] = fields[text].strip()
    detail = _apply_changes(organisation, fields, ORGANISATION_FIELDS)
    organisation.full_clean()
    organisation.save()
    if detail["fields"]:
        record(actor=actor, action=Action.ORGANISATION_UPDATED, target=organisation, data=detail)
    return organisation


def _focal_point_role_sync(*, actor: Any, user: Any, organisation: Organisation) -> None:
    """The focal-point role for ``organisation`` follows the user's active focal-point profile there."""
    from pseahub.accounts.models import Role
    from pseahub.accounts.services import role_grant, role_revoke

    if FocalPoint.objects.filter(organisation=organisation, user=user, is_active=True).exists():
        role_grant(actor=actor, user=user, role=Role.FOCAL_POINT, organisation=organisation)
    else:
        role_revoke(actor=actor, user=user, role=Role.FOCAL_POINT, organisation=organisation)


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
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        languages=languages or [],
        user=user,
        title=title.strip(),
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
        _focal_point_role_sync(actor=actor, user=user, organisation=organisation)
    return focal_point


@transaction.atomic
def focal_point_update(*, actor: Any, focal_point: FocalPoint, **fields: Any) -> FocalPoint:
    """Change a focal point (not its organisation: add a new one instead).

    The linked user's focal-point role for the organisation follows the profile: linking a user (or
    reactivating) grants it; unlinking or deactivating takes it away, so the person loses the referrals.
    """
    previous_user = focal_point.user
    detail = _apply_changes(focal_point, fields, FOCAL_POINT_FIELDS)
    if "user" in detail["fields"]:  # named by public id, never by name or e-mail
        detail.setdefault("old", {})["user"] = str(previous_user.public_id) if previous_user else None
        detail.setdefault("new", {})["user"] = str(focal_point.user.public_id) if focal_point.user else None
    focal_point.full_clean()
    focal_point.save()
    if not detail["fields"]:
        return focal_point
    record(actor=actor, action=Action.FOCAL_POINT_UPDATED, target=focal_point, data=detail)
    for user in {previous_user, focal_point.user} - {None}:
        _focal_point_role_sync(actor=actor, user=user, organisation=focal_point.organisation)
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


@dataclass(frozen=True)
class _AreaRow:
    line: int
    pcode: str
    name: str
    name_local: str
    parent: str
    level: int


_PCODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


def _area_file_text(content: str | bytes) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise AreaImportError(_("the file is not UTF-8 text."), line=line) from exc


def _area_rows(text: str) -> list[_AreaRow]:
    """Parse and check every line; the first bad one raises ``AreaImportError``. Writes nothing."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise AreaImportError(_("the file is empty."), line=1)
        header = [column.strip().lower() for column in header]
        missing = [column for column in AREA_COLUMNS if column not in header]
        if missing:
            raise AreaImportError(_("missing columns: %(columns)s.") % {"columns": ", ".join(missing)}, line=1)
        index = {column: header.index(column) for column in AREA_COLUMNS}
        needed = max(index.values()) + 1

        rows: list[_AreaRow] = []
        seen: dict[str, int] = {}
        known_pcodes = set(Area.objects.values_list("pcode", flat=True))
        # A quoted cell may span lines, so a record starts on the line after the one the previous ended on.
        next_start = reader.line_num + 1
        for cells in reader:
            line, next_start = next_start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) < needed:
                raise AreaImportError(
                    _("expected %(n)d columns, found %(m)d.") % {"n": len(header), "m": len(cells)}, line=line
                )
            value = {column: cells[index[column]].strip() for column in AREA_COLUMNS}
            rows.append(_area_row_check(value, line=line, seen=seen, known_pcodes=known_pcodes))
            seen[value["pcode"]] = line
    except csv.Error as exc:
        raise AreaImportError(
            _("the file is not valid CSV (%(error)s).") % {"error": exc}, line=reader.line_num
        ) from exc
    if not rows:
        raise AreaImportError(_("the file has no areas."), line=2)
    return rows


def _area_row_check(value: dict[str, str], *, line: int, seen: dict[str, int], known_pcodes: set[str]) -> _AreaRow:
    pcode = value["pcode"]
    if not _PCODE.fullmatch(pcode):
        raise AreaImportError(
            _("p-code %(pcode)r is not valid (1 to 20 letters, digits, '-' or '_').") % {"pcode": pcode}, line=line
        )
    if pcode in seen:
        raise AreaImportError(
            _("p-code %(pcode)s already appears on line %(other)d.") % {"pcode": pcode, "other": seen[pcode]},
            line=line,
        )
    if not value["name"] or len(value["name"]) > 120:
        raise AreaImportError(_("the name is missing or longer than 120 characters."), line=line)
    if len(value["name_fr_or_ar"]) > 120:
        raise AreaImportError(_("the local name is longer than 120 characters."), line=line)
    level = int(value["admin_level"]) if value["admin_level"].isascii() and value["admin_level"].isdigit() else -1
    if not 0 <= level <= 5:
        raise AreaImportError(_("admin level must be a number from 0 to 5."), line=line)
    parent = value["parent_pcode"]
    if level == 0 and parent:
        raise AreaImportError(_("a level-0 area (country) has no parent."), line=line)
    if level > 0 and not parent:
        raise AreaImportError(_("an area below level 0 needs a parent p-code."), line=line)
    if parent and parent not in seen and parent not in known_pcodes:
        raise AreaImportError(
            _("parent %(parent)s is unknown (parents must come before their children).") % {"parent": parent},
            line=line,
        )
    return _AreaRow(
        line=line, pcode=pcode, name=value["name"], name_local=value["name_fr_or_ar"], parent=parent, level=level
    )


def _area_levels_check(rows: list[_AreaRow]) -> None:
    """Every parent must sit above its children once the file is applied, for new and existing areas alike."""
    level_of = dict(Area.objects.values_list("pcode", "admin_level"))
    level_of.update({row.pcode: row.level for row in rows})
    for row in rows:
        if row.parent and level_of[row.parent] >= row.level:
            raise AreaImportError(_("the parent's level must be above the area's level."), line=row.line)
    line_of = {row.pcode: row.line for row in rows}
    untouched_children = Area.objects.filter(parent__pcode__in=line_of).exclude(pcode__in=line_of)
    for child_pcode, parent_pcode, child_level in untouched_children.values_list(
        "pcode", "parent__pcode", "admin_level"
    ):
        if level_of[parent_pcode] >= child_level:
            raise AreaImportError(
                _("the level must stay above that of %(child)s, already imported under this area.")
                % {"child": child_pcode},
                line=line_of[parent_pcode],
            )


@transaction.atomic
def areas_import(*, actor: Any, content: str | bytes) -> AreaImportResult:
    """Import areas from CSV (``pcode,name,name_fr_or_ar,parent_pcode,admin_level``, with a header).

    Rows are created or updated by p-code. Everything is checked before anything is written; a bad line
    raises ``AreaImportError`` naming it and the database is left as it was.
    """
    rows = _area_rows(_area_file_text(content))
    _area_levels_check(rows)

    created = updated = 0
    by_pcode = {area.pcode: area for area in Area.objects.all()}
    for row in rows:
        area = by_pcode.get(row.pcode)
        if area is None:
            area = Area(pcode=row.pcode)
            created += 1
        else:
            updated += 1
        area.name, area.name_local, area.admin_level = row.name, row.name_local, row.level
        area.parent = by_pcode[row.parent] if row.parent else None
        area.save()
        by_pcode[area.pcode] = area
    record(actor=actor, action=Action.AREAS_IMPORTED, data={"created": created, "updated": updated})
    return AreaImportResult(created=created, updated=updated)


@transaction.atomic
def network_settings_update(*, actor: Any, **fields: Any) -> NetworkSettings:
    """Change the network's settings (the one row, created with its defaults on first use)."""
    instance, _created = NetworkSettings.objects.select_for_update().get_or_create(id=1)
    if "names" in fields and fields["names"] is None:  # the admin's empty box: no name per language
        fields["names"] = {}
    detail = _apply_changes(instance, fields, SETTINGS_FIELDS)
    instance.full_clean()
    instance.save()
    if detail["fields"]:
        record(actor=actor, action=Action.SETTINGS_UPDATED, target=instance, data=detail)
    return instance
