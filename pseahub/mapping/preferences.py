"""Community preferences (issue 14 item 3): the consultations in which communities said how they want to raise a
sensitive complaint, who may see and keep which, the writes (each audited in the same transaction) and the
summary of the preferred channel types per area and population group that the gap table reads.

The coordinator keeps every consultation; a focal point those their own organisation led. Audit entries name
the consultation, its area and organisation by id (p-code, public id) and hold counts, never the notes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area, Organisation

from .models import (
    ChannelPreference,
    CommunityConsultation,
    ConsultationSource,
    MechanismType,
    PopulationAge,
    PopulationDisability,
    PopulationSex,
)

#: The summary counts the consultations of the last this many years (by default).
PREFERENCE_YEARS = 3

#: The consultation fields the writers set (``organisation`` is "led by").
CONSULTATION_FIELDS = (
    "date", "area", "method", "number_consulted", "organisation", "notes",
    # who took part and what was found (issue 16 item 7)
    "participants_female", "participants_male", "participants_children", "participants_adults",
    "participants_older", "participants_with_disability", "findings",
)  # fmt: skip
#: Free texts: stripped, and never in the audit log.
_TEXT_FIELDS = ("notes", "findings")

ALL = "all"


@dataclass(frozen=True)
class PreferenceRow:
    """One line of a consultation's grid: how many people of a group prefer a channel type."""

    sex: str
    age_group: str
    disability: str
    channel_type: str
    respondents: int

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.sex, self.age_group, self.disability)


# --- who may do what ---------------------------------------------------------------------------------------------


def consultation_organisations_for(user: User) -> QuerySet[Organisation]:
    """The organisations whose consultations ``user`` keeps: every active one for the coordinator, their own for a
    focal point, none otherwise."""
    active = Organisation.objects.filter(is_active=True)
    if user.has_role(Role.COORDINATOR):
        return active
    return active.filter(pk__in=user.organisation_ids(Role.FOCAL_POINT))


def consultations_for(user: User) -> QuerySet[CommunityConsultation]:
    """The consultations ``user`` may see and edit: all for the coordinator, those their organisation led for a
    focal point (a consultation led by no member is the coordinator's)."""
    consultations = CommunityConsultation.objects.select_related("area", "organisation")
    if user.has_role(Role.COORDINATOR):
        return consultations
    return consultations.filter(organisation_id__in=user.organisation_ids(Role.FOCAL_POINT))


def consultation_get_for(user: User, public_id: uuid.UUID) -> CommunityConsultation:
    """The one object-level check: the consultation if ``user`` may see it, else 404."""
    consultation = consultations_for(user).filter(public_id=public_id).first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_list(user: User, *, area: Area | None = None) -> QuerySet[CommunityConsultation]:
    """What the list page shows; ``area`` keeps the consultations of that area and of the areas inside it."""
    consultations = consultations_for(user)
    if area is not None:
        consultations = consultations.filter(area__pcode__startswith=area.pcode) | consultations.filter(
            area__parent=area
        )
    return consultations.distinct()


# --- checks ------------------------------------------------------------------------------------------------------


def _consultation_check(actor: User | None, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    organisation = fields.get("organisation")
    if (
        actor is not None
        and not actor.has_role(Role.COORDINATOR)
        and (organisation is None or not consultation_organisations_for(actor).filter(pk=organisation.pk).exists())
    ):
        errors["organisation"] = _("You can only keep the consultations your organisation led.")
    area = fields.get("area")
    if area is not None and area.admin_level not in (1, 2):
        errors["area"] = _("Choose a region or a district.")
    date = fields.get("date")
    if date is not None and date > timezone.localdate():
        errors["date"] = _("The date must not be in the future.")
    if errors:
        raise ValidationError(errors)


def preferences_check(number_consulted: int, rows: Iterable[PreferenceRow]) -> None:
    """A channel type at most once per group; no more people preferring it than were consulted."""
    seen: set[tuple[str, str, str, str]] = set()
    problems: list[str] = []
    for row in rows:
        key = (*row.group, row.channel_type)
        if row.channel_type not in MechanismType.values:
            problems.append(_("Choose a channel type for each line."))
        elif key in seen:
            problems.append(_("The same group and channel are given twice."))
        seen.add(key)
        if row.respondents > number_consulted:
            problems.append(_("More people prefer a channel than were consulted."))
    if problems:
        raise ValidationError({"preferences": sorted(set(problems))})


def _preferences_save(consultation: CommunityConsultation, rows: list[PreferenceRow]) -> None:
    ChannelPreference.objects.bulk_create(
        ChannelPreference(
            consultation=consultation,
            sex=row.sex,
            age_group=row.age_group,
            disability=row.disability,
            channel_type=row.channel_type,
            respondents=row.respondents,
        )
        for row in rows
    )


def _audit_data(consultation: CommunityConsultation, rows: list[PreferenceRow]) -> dict[str, Any]:
    return {
        "area": consultation.area.pcode,
        "method": consultation.method,
        "number_consulted": consultation.number_consulted,
        "organisation": str(consultation.organisation.public_id) if consultation.organisation else None,
        "source": consultation.source,
        "groups": len({row.group for row in rows}),
        "preferences": len(rows),
    }


def _audit_value(value: Any) -> Any:
    """A field's value as the audit log keeps it: a p-code, a public id, a date or a code (never text)."""
    if isinstance(value, Area):
        return value.pcode
    if isinstance(value, Organisation):
        return str(value.public_id)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- writes ------------------------------------------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor: User | None,
    preferences: Iterable[PreferenceRow] = (),
    public_id: uuid.UUID | None = None,
    source: str = ConsultationSource.ENTERED,
    audit: bool = True,
    **fields: Any,
) -> CommunityConsultation:
    """Add a consultation (``CONSULTATION_FIELDS``) with its grid of preferences.

    ``public_id`` makes a repeated submission safe: a consultation that already has it is returned unchanged.
    A focal point must name their own organisation as "led by" (``actor=None``: the demo loader). Errors raise
    ``ValidationError`` by field (``preferences`` for the grid); nothing is saved.
    """
    unknown = sorted(set(fields).difference(CONSULTATION_FIELDS))
    if unknown:
        raise TypeError(f"Consultation fields that cannot be set here: {', '.join(unknown)}")
    if public_id is not None:
        existing = CommunityConsultation.objects.filter(public_id=public_id).first()
        if existing is not None:
            return existing
    rows = list(preferences)
    for name in _TEXT_FIELDS:
        fields[name] = (fields.get(name) or "").strip()
    _consultation_check(actor, fields)
    consultation = CommunityConsultation(source=source, **fields)
    if public_id is not None:
        consultation.public_id = public_id
    consultation.full_clean()
    preferences_check(consultation.number_consulted, rows)
    consultation.save()
    _preferences_save(consultation, rows)
    if audit:
        record(
            actor=actor,
            action=Action.CONSULTATION_CREATED,
            target=consultation,
            data=_audit_data(consultation, rows),
        )
    return consultation


@transaction.atomic
def consultation_update(
    *, actor: User, consultation: CommunityConsultation, preferences: Iterable[PreferenceRow], **fields: Any
) -> CommunityConsultation:
    """Change a consultation; ``preferences`` is its full new grid (a line left out is deleted)."""
    unknown = sorted(set(fields).difference(CONSULTATION_FIELDS))
    if unknown:
        raise TypeError(f"Consultation fields that cannot be changed here: {', '.join(unknown)}")
    if not consultations_for(actor).filter(pk=consultation.pk).exists():
        raise ValidationError({"organisation": _("You can only keep the consultations your organisation led.")})
    rows = list(preferences)
    for name in _TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    merged = {name: fields.get(name, getattr(consultation, name)) for name in CONSULTATION_FIELDS}
    _consultation_check(actor, merged)
    changed = sorted(name for name in fields if fields[name] != getattr(consultation, name))
    old = {name: _audit_value(getattr(consultation, name)) for name in changed if name not in _TEXT_FIELDS}
    for name in changed:
        setattr(consultation, name, fields[name])
    new = {name: _audit_value(getattr(consultation, name)) for name in changed if name not in _TEXT_FIELDS}
    consultation.full_clean()
    preferences_check(consultation.number_consulted, rows)
    old_rows = {
        (p.sex, p.age_group, p.disability, p.channel_type): p.respondents for p in consultation.preferences.all()
    }
    new_rows = {(*row.group, row.channel_type): row.respondents for row in rows}
    if not changed and old_rows == new_rows:
        return consultation
    consultation.save()
    if old_rows != new_rows:
        consultation.preferences.all().delete()
        _preferences_save(consultation, rows)
    record(
        actor=actor,
        action=Action.CONSULTATION_UPDATED,
        target=consultation,
        data={
            "fields": changed + (["preferences"] if old_rows != new_rows else []),
            "old": old,
            "new": new,
            "preferences": {"old": len(old_rows), "new": len(new_rows)},
        },
    )
    return consultation


# --- the summary -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreferredChannel:
    """One ranked channel type of one area and population group in ``preferred_channels``."""

    area: str  # p-code of a region (admin-1) or a district (admin-2)
    sex: str  # PopulationSex value
    age_group: str  # PopulationAge value
    disability: str  # PopulationDisability value
    channel_type: str  # MechanismType value
    respondents: int  # people of the group who prefer it, over the counted consultations
    consulted: int  # people consulted in those consultations
    share: float  # respondents / consulted (0 to 1)
    rank: int  # 1 = most preferred; equal counts share a rank (1, 2, 2, 4)

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.sex, self.age_group, self.disability)

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _matches(value: str, wanted: str) -> bool:
    return wanted == ALL or value == wanted


def _summary_areas(area_id: int, areas: dict[int, Area], by_pcode: dict[str, Area]) -> set[int]:
    """``area_id`` and the areas above it (parents and p-code prefixes), levels 1 and 2 only."""
    found: set[int] = set()
    current: Area | None = areas.get(area_id)
    start = current
    while current is not None and current.pk not in found:
        found.add(current.pk)
        current = areas.get(current.parent_id) if current.parent_id else None
    if start is not None:
        for length in range(2, len(start.pcode)):
            above = by_pcode.get(start.pcode[:length])
            if above is not None:
                found.add(above.pk)
    return {pk for pk in found if areas[pk].admin_level in (1, 2)}


def preferred_channels(
    area: Area | None = None,
    *,
    sex: str = ALL,
    age_group: str = ALL,
    disability: str = ALL,
    years: int = PREFERENCE_YEARS,
    today: dt.date | None = None,
) -> list[PreferredChannel]:
    """The channel types a population group prefers, per area, ranked, from the consultations of the last
    ``years`` years (by date, up to ``today``).

    Areas: every region (admin-1) and district (admin-2) with a consultation, or only ``area``. A district's
    consultations count for the district and for its region; a region's own consultations count for the region
    only. The group: ``"all"`` in a dimension takes every value of it (``sex="female"`` counts women and girls
    of every age, with or without disabilities).

    In each consultation, the lines entered for exactly the group are used when there are some; otherwise the
    lines of the groups inside it are added up (a consultation with lines for "everyone" and for "women" counts
    the "everyone" lines for everyone, the "women" lines for women). ``consulted`` adds up the number consulted
    of the consultations that have lines for the group (every consultation for the whole population): a
    consultation of several groups counts all its people for each, so enter one consultation per group when
    each group's number is known (the Kobo import does).

    Returns rows ordered by area p-code then rank then channel type (the order of ``MechanismType``).
    """
    today = today or timezone.localdate()
    since = _years_ago(today, years)
    areas = {a.pk: a for a in Area.objects.only("pk", "pcode", "parent_id", "admin_level")}
    by_pcode = {a.pcode: a for a in areas.values()}
    wanted = (sex, age_group, disability)
    everyone = wanted == (ALL, ALL, ALL)
    consultations = CommunityConsultation.objects.filter(date__gte=since, date__lte=today).prefetch_related(
        "preferences"
    )
    if area is not None:
        consultations = consultations.filter(area__pcode__startswith=area.pcode) | consultations.filter(
            area__parent=area
        )
        consultations = consultations.distinct()
    consulted: dict[int, int] = defaultdict(int)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for consultation in consultations:
        lines = list(consultation.preferences.all())
        exact = [line for line in lines if (line.sex, line.age_group, line.disability) == wanted]
        used = exact or [
            line
            for line in lines
            if _matches(line.sex, sex) and _matches(line.age_group, age_group) and _matches(line.disability, disability)
        ]
        if not used and not everyone:
            continue
        targets = _summary_areas(consultation.area_id, areas, by_pcode)
        if area is not None:
            targets &= {area.pk}
        for target in targets:
            consulted[target] += consultation.number_consulted
            for line in used:
                counts[target][line.channel_type] += line.respondents
    order = {value: index for index, value in enumerate(MechanismType.values)}
    rows: list[PreferredChannel] = []
    for target in sorted(consulted, key=lambda pk: areas[pk].pcode):
        ranked = sorted(
            ((channel, n) for channel, n in counts[target].items() if n > 0),
            key=lambda item: (-item[1], order.get(item[0], 99)),
        )
        rank, previous = 0, None
        for position, (channel, respondents) in enumerate(ranked, start=1):
            if respondents != previous:
                rank, previous = position, respondents
            total = consulted[target]
            rows.append(
                PreferredChannel(
                    area=areas[target].pcode,
                    sex=sex,
                    age_group=age_group,
                    disability=disability,
                    channel_type=channel,
                    respondents=respondents,
                    consulted=total,
                    share=respondents / total if total else 0.0,
                    rank=rank,
                )
            )
    return rows


#: The population groups the summary page offers (each dimension's values).
GROUP_CHOICES = {
    "sex": PopulationSex.choices,
    "age_group": PopulationAge.choices,
    "disability": PopulationDisability.choices,
}
