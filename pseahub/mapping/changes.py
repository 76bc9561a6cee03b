"""What an edit of a registry entry (a service, a mechanism) changes, in the shape the audit log keeps.

Both registries record the changed field names, with old and new values only for codes, flags and numbers, the
related organisation by public id and the areas by p-code, never the text of a name, contact or note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from pseahub.network.models import Area


def pcodes(areas: Iterable[Area]) -> list[str]:
    return sorted(area.pcode for area in areas)


@dataclass
class Changes:
    """The fields an edit changed, and the values the audit entry may show (``old`` / ``new``)."""

    fields: list[str] = field(default_factory=list)
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    areas: list[Area] | None = None  # the new areas, when given (set after the instance is saved)

    def audit_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"fields": sorted(self.fields)}
        if self.old:
            data["old"], data["new"] = self.old, self.new
        return data


def strip_texts(fields: dict[str, Any], text_fields: Iterable[str]) -> None:
    for name in text_fields:
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()


def apply_changes(
    instance: Model,
    fields: dict[str, Any],
    *,
    organisation_field: str,
    text_fields: Iterable[str],
    check_areas: Callable[[list[Area]], None],
    check_organisation: Callable[[Any], None],
) -> Changes:
    """Set ``fields`` on ``instance`` (not saved) and tell what changed.

    ``areas`` (the full new list) is checked and compared by p-code, not set; a new organisation (the
    ``organisation_field``) is checked and shown by public id; text fields are listed by name only.
    """
    changes = Changes()
    texts = set(text_fields)
    if "areas" in fields:
        changes.areas = list(fields.pop("areas"))
        check_areas(changes.areas)
        before, after = pcodes(instance.areas.all()), pcodes(changes.areas)  # type: ignore[attr-defined]
        if before != after:
            changes.fields.append("areas")
            changes.old["areas"], changes.new["areas"] = before, after
    current = getattr(instance, f"{organisation_field}_id")
    if organisation_field in fields and fields[organisation_field].pk != current:
        check_organisation(fields[organisation_field])
        changes.old[organisation_field] = str(getattr(instance, organisation_field).public_id)
        changes.new[organisation_field] = str(fields[organisation_field].public_id)
    for name, value in fields.items():
        if getattr(instance, name) == value:
            continue
        changes.fields.append(name)
        if name not in texts and name != organisation_field:
            changes.old[name], changes.new[name] = getattr(instance, name), value
        setattr(instance, name, value)
    return changes
