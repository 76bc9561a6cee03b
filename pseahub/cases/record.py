"""The complete case record on the coordinator's case page (issue 12): adding survivors, the alleged
perpetrators (add, correct) and the intake facts. Every function is a service: it refuses on a closed
complaint (``services.complaint_require_open``), seals what identifies someone to the complaint's keyring,
bound to its row, and writes its audit entry (field names and clear codes only, never sealed content)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.network.models import Organisation
from pseahub.vault import services as vault

from .models import (
    Complaint,
    EntityType,
    Perpetrator,
    PerpetratorRole,
    ReportedBeforeTo,
    Sex,
    Survivor,
    Term,
    TimeOfDay,
    YesNoUnknown,
)
from .services import complaint_require_open, entity_type_of, nationality_clean
from .vocabularies import CHILD_AGE_GROUPS

# How far ahead of the server's clock a date typed on another device may be without being "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)


@transaction.atomic
def survivor_add(
    *,
    actor: User,
    complaint: Complaint,
    sex: str,
    age_group: Term | None,
    is_child: bool,
    disability: str,
    displacement: Term | None,
    gbv_type: Term | None = None,
    name: str = "",
    contact: str = "",
) -> Survivor:
    """Add a survivor to the complaint (the UN counts every victim of a report); name and contact sealed.
    A child survivor makes the complaint a child case. The new survivor is linked to no allegation until the
    coordinator says which ones concern them."""
    complaint_require_open(complaint)
    child = is_child or bool(age_group and age_group.code in CHILD_AGE_GROUPS)
    survivor = Survivor(
        complaint=complaint,
        sex=sex,
        age_group=age_group,
        is_child=child,
        disability=disability,
        displacement=displacement,
        gbv_type=gbv_type,
    )
    # Bound to the row's public_id, set when the instance is made: sealed before the insert.
    survivor.sealed = vault.seal_data(
        complaint.keyring, {"name": name or "", "contact": contact or ""}, bound_to=(survivor, "sealed")
    )
    survivor.full_clean(exclude=["sealed", "complaint"])
    survivor.save(force_insert=True)
    if child and not complaint.involves_child:
        complaint.involves_child = True
        complaint.save(update_fields=["involves_child", "updated_at"])
    record(
        actor=actor,
        action=Action.SURVIVOR_ADDED,
        target=complaint,
        data={"survivor": survivor.pk, "sex": sex, "age_group": age_group.code if age_group else None, "child": child},
    )
    return survivor


def _perpetrator_set(
    perpetrator: Perpetrator,
    *,
    organisation: Organisation | None,
    entity_type: str,
    personnel_category: Term | None,
    role: str,
    sex: str,
    nationality: str,
) -> list[str]:
    """Set the clear fields (entity type from the organisation when not chosen); the names of those changed."""
    if entity_type and entity_type not in EntityType.values:
        raise ApplicationError(_("Unknown entity type."))
    if role not in PerpetratorRole.values or sex not in Sex.values:
        raise ApplicationError(_("Unknown role or sex."))
    values = {
        "organisation": organisation,
        "entity_type": entity_type or entity_type_of(organisation),
        "personnel_category": personnel_category,
        "role": role,
        "sex": sex,
        "nationality": nationality_clean(nationality, personnel_category=personnel_category),
    }
    changed = []
    for name, value in values.items():
        if getattr(perpetrator, name) != value:
            setattr(perpetrator, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def perpetrator_add(
    *,
    actor: User,
    complaint: Complaint,
    organisation: Organisation | None,
    entity_type: str = "",
    personnel_category: Term | None = None,
    role: str = PerpetratorRole.UNKNOWN,
    sex: str = Sex.UNKNOWN,
    nationality: str = "",
    name: str = "",
    description: str = "",
) -> Perpetrator:
    """Add an alleged perpetrator as far as known; name and description sealed. ``entity_type`` "" takes the
    organisation's (``services.entity_type_of``); nationality only for uniformed personnel."""
    complaint_require_open(complaint)
    perpetrator = Perpetrator(complaint=complaint)
    _perpetrator_set(
        perpetrator,
        organisation=organisation,
        entity_type=entity_type,
        personnel_category=personnel_category,
        role=role,
        sex=sex,
        nationality=nationality,
    )
    # public_id is set on the instance, so the sealed value is bound to its row before the insert.
    perpetrator.sealed = vault.seal_data(
        complaint.keyring, {"name": name or "", "description": description or ""}, bound_to=(perpetrator, "sealed")
    )
    perpetrator.full_clean(exclude=["sealed", "complaint"])
    perpetrator.save(force_insert=True)
    record(
        actor=actor,
        action=Action.PERPETRATOR_ADDED,
        target=complaint,
        data={
            "perpetrator": str(perpetrator.public_id),
            "organisation": str(organisation.public_id) if organisation else None,
            "entity_type": perpetrator.entity_type,
            "role": role,
        },
    )
    return perpetrator


@transaction.atomic
def perpetrator_update(
    *,
    actor: User,
    perpetrator: Perpetrator,
    organisation: Organisation | None,
    entity_type: str = "",
    personnel_category: Term | None = None,
    role: str = PerpetratorRole.UNKNOWN,
    sex: str = Sex.UNKNOWN,
    nationality: str = "",
    name: str | None = None,
    description: str | None = None,
) -> Perpetrator:
    """Correct an alleged perpetrator. ``name`` / ``description`` None: left as they are (e.g. the key is
    locked, or unchanged); given, both are sealed again."""
    complaint = perpetrator.complaint
    complaint_require_open(complaint)
    changed = _perpetrator_set(
        perpetrator,
        organisation=organisation,
        entity_type=entity_type,
        personnel_category=personnel_category,
        role=role,
        sex=sex,
        nationality=nationality,
    )
    if name is not None or description is not None:
        perpetrator.sealed = vault.seal_data(
            complaint.keyring,
            {"name": name or "", "description": description or ""},
            bound_to=(perpetrator, "sealed"),
        )
        changed.append("sealed")
    perpetrator.full_clean(exclude=["sealed", "complaint"])
    perpetrator.save()
    record(
        actor=actor,
        action=Action.PERPETRATOR_UPDATED,
        target=complaint,
        data={"perpetrator": str(perpetrator.public_id), "fields": sorted(changed)},
    )
    return perpetrator


INTAKE_FIELDS = (
    "first_reported_at",
    "received_by_organisation",
    "incident_date",
    "incident_date_unknown",
    "incident_time_of_day",
    "reported_before",
    "reported_before_to",
    "goods_exchanged",
    "needs_medical",
    "needs_safety",
    "needs_shelter",
)


@transaction.atomic
def intake_facts_update(
    *,
    actor: User,
    complaint: Complaint,
    first_reported_at: dt.datetime | None,
    received_by_organisation: Organisation | None,
    incident_date: dt.date | None,
    incident_date_unknown: bool,
    incident_time_of_day: str,
    reported_before: str,
    reported_before_to: str,
    goods_exchanged: str,
    needs_medical: bool,
    needs_safety: bool,
    needs_shelter: bool,
    received_by_person: str | None = None,
    keyring_private: bytes | None = None,
) -> Complaint:
    """Correct the intake facts. The first report is never in the future nor after the complaint was received
    here; an unknown incident date has no date; "to whom" only when it was reported before. A medical or safety
    need makes the complaint urgent (as at intake; triage may clear it). ``received_by_person`` (sealed with the
    complaint's other sealed fields, so it needs ``keyring_private``): None leaves it as it is."""
    complaint_require_open(complaint)
    now = timezone.now()
    if first_reported_at is None:
        raise ApplicationError(_("Give the date and time the complaint was first reported."))
    if first_reported_at > now + CLOCK_SKEW:
        raise ApplicationError(_("The date first reported cannot be in the future."))
    if first_reported_at > complaint.received_at + CLOCK_SKEW:
        raise ApplicationError(_("The date first reported cannot be after the complaint was received here."))
    if incident_date is not None and incident_date > timezone.localdate():
        raise ApplicationError(_("The incident date cannot be in the future."))
    if incident_time_of_day and incident_time_of_day not in TimeOfDay.values:
        raise ApplicationError(_("Unknown time of day."))
    if reported_before not in YesNoUnknown.values or goods_exchanged not in YesNoUnknown.values:
        raise ApplicationError(_("Answer yes, no or don't know."))
    if reported_before_to and reported_before_to not in ReportedBeforeTo.values:
        raise ApplicationError(_("Unknown recipient of the earlier report."))
    values: dict[str, Any] = {
        "first_reported_at": first_reported_at,
        "received_by_organisation": received_by_organisation,
        "incident_date": None if incident_date_unknown else incident_date,
        "incident_date_unknown": incident_date_unknown,
        "incident_time_of_day": incident_time_of_day,
        "reported_before": reported_before,
        "reported_before_to": reported_before_to if reported_before == YesNoUnknown.YES else "",
        "goods_exchanged": goods_exchanged,
        "needs_medical": needs_medical,
        "needs_safety": needs_safety,
        "needs_shelter": needs_shelter,
    }
    changed = [name for name, value in values.items() if getattr(complaint, name) != value]
    for name in changed:
        setattr(complaint, name, values[name])
    update_fields = list(changed)
    if (needs_medical or needs_safety) and not complaint.is_urgent:
        complaint.is_urgent = True
        update_fields.append("is_urgent")
    if received_by_person is not None:
        if keyring_private is None:
            raise ApplicationError(_("Your key is locked. Sign out and in again, then retry."))
        sealed = vault.open_data(keyring_private, bound_to=(complaint, "sealed"))
        if sealed.get("received_by_person", "") != received_by_person:
            sealed["received_by_person"] = received_by_person
            complaint.sealed = vault.seal_data(complaint.keyring, sealed, bound_to=(complaint, "sealed"))
            update_fields.append("sealed")
            changed.append("received_by_person")
    if update_fields:
        complaint.save(update_fields=[*update_fields, "updated_at"])
    record(
        actor=actor,
        action=Action.INTAKE_FACTS_UPDATED,
        target=complaint,
        data={"fields": sorted(changed), "urgent": complaint.is_urgent},
    )
    return complaint
