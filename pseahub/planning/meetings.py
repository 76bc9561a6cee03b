"""The network's meetings and the actions they decide (issue 15 item 3).

A meeting is the network's own (network, co-chairs') or another body's where the coordinator represents the
network (HCT, inter-cluster, protection cluster, GBV sub-cluster: ``REPRESENTATION_TYPES``): its date, agenda,
minutes and who took part, by organisation and number of people. Its decisions become actions with an owner
organisation, a due date and a status.

Who does what: the coordinator and the co-chairs record meetings and actions and move any action on; a member's
focal point reads everything and moves on its own organisation's actions only (any other is "not found" to it);
leadership reads. Every write is audited in its transaction with ids and codes only (never a title, an agenda or
an action's text). The weekly reminder e-mails the owner organisation's focal points how many of its actions are
overdue and a link, nothing else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url
from pseahub.network.models import Organisation

from .access import edits_network, reads_network
from .models import REPRESENTATION_TYPES, ActionStatus, Meeting, MeetingAction, MeetingParticipation

#: The statuses of an action still to be carried out.
PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

#: Where an action may go from each status: forward, or back when it was set by mistake (a done action reopened
#: as in progress, a dropped one reopened).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ActionStatus.OPEN: (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED),
    ActionStatus.IN_PROGRESS: (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.OPEN),
    ActionStatus.DONE: (ActionStatus.IN_PROGRESS,),
    ActionStatus.DROPPED: (ActionStatus.OPEN,),
}

#: An organisation with overdue actions is reminded at most this often.
REMIND_EVERY = dt.timedelta(days=7)

#: The filter's value for every meeting where the coordinator represents the network.
REPRESENTATION = "representation"

MEETING_FIELDS = ("type", "title", "held_on", "location", "agenda", "minutes")

REMINDER_SUBJECT = _("Overdue network actions in PSEA Hub")
REMINDER_BODY = _(
    "Actions decided in the network's meetings that your organisation carries and that are past their due date: "
    "%(count)s.\n\nPlease update where they stand, after signing in:\n%(link)s"
)


# --- who may do what ---------------------------------------------------------------------------------------------


def focal_point_organisation_ids(user: User) -> set[int]:
    """The organisations ``user`` is a focal point of (whose actions it moves on)."""
    if not user.is_authenticated or not user.has_role(Role.FOCAL_POINT):
        return set()
    return user.organisation_ids(Role.FOCAL_POINT)


def action_updatable_by(user: User, action: MeetingAction) -> bool:
    return edits_network(user) or action.owner_id in focal_point_organisation_ids(user)


def _today() -> dt.date:
    return timezone.localdate()


def _overdue(today: dt.date | None = None) -> Q:
    return Q(status__in=PENDING, due_on__lt=today or _today())


def action_is_overdue(action: MeetingAction, today: dt.date | None = None) -> bool:
    return action.status in PENDING and action.due_on < (today or _today())


# --- reads -------------------------------------------------------------------------------------------------------


def meeting_list(user: User, *, meeting_type: str = "", year: int | None = None) -> QuerySet[Meeting]:
    """The meetings a network reader sees (all of them; nothing for anyone else), newest first. ``meeting_type``
    is a type or ``REPRESENTATION`` (every meeting where the coordinator represents the network)."""
    if not reads_network(user):
        return Meeting.objects.none()
    meetings = Meeting.objects.all()
    if meeting_type == REPRESENTATION:
        meetings = meetings.filter(type__in=sorted(REPRESENTATION_TYPES))
    elif meeting_type:
        meetings = meetings.filter(type=meeting_type)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    return meetings.prefetch_related("participations__organisation", "actions").order_by("-held_on", "title")


def meeting_years() -> list[int]:
    """The years that have meetings, and this one, newest first (the list's filter)."""
    years = {day.year for day in Meeting.objects.dates("held_on", "year")}
    years.add(_today().year)
    return sorted(years, reverse=True)


def meeting_get_for(user: User, public_id: uuid.UUID) -> Meeting:
    meeting = (
        meeting_list(user).prefetch_related("actions__owner").select_related("recorded_by").filter(public_id=public_id)
    ).first()
    if meeting is None:
        raise Http404
    return meeting


def action_get_for_update(user: User, public_id: uuid.UUID) -> MeetingAction:
    """The action ``user`` may move on: any for an editor, its own organisation's for a focal point; "not found"
    otherwise (a focal point cannot tell another organisation's action from one that does not exist)."""
    action = MeetingAction.objects.select_related("meeting", "owner").filter(public_id=public_id).first()
    if action is None or not action_updatable_by(user, action):
        raise Http404
    return action


@dataclass
class OrganisationActions:
    organisation: Organisation
    actions: list[MeetingAction] = field(default_factory=list)
    overdue: int = 0
    updatable: bool = False


def pending_actions_by_organisation(user: User, *, today: dt.date | None = None) -> list[OrganisationActions]:
    """The actions still to be carried out, grouped by owner organisation (by name), each group with how many are
    overdue and whether ``user`` may move them on. Every network reader sees every organisation's."""
    if not reads_network(user):
        return []
    today = today or _today()
    own = focal_point_organisation_ids(user)
    editor = edits_network(user)
    groups: dict[int, OrganisationActions] = {}
    actions = (
        MeetingAction.objects.filter(status__in=PENDING)
        .select_related("owner", "meeting")
        .order_by("owner__name", "due_on", "pk")
    )
    for action in actions:
        group = groups.get(action.owner_id)
        if group is None:
            group = groups[action.owner_id] = OrganisationActions(
                organisation=action.owner, updatable=editor or action.owner_id in own
            )
        action.is_overdue = action_is_overdue(action, today)  # type: ignore[attr-defined]
        group.actions.append(action)
        group.overdue += int(action.is_overdue)  # type: ignore[attr-defined]
    return list(groups.values())


def overdue_counts_by_organisation(today: dt.date | None = None) -> Counter[int]:
    """How many actions of each organisation (by id) are overdue."""
    return Counter(MeetingAction.objects.filter(_overdue(today)).values_list("owner_id", flat=True))


def overdue_count_for(user: User) -> int:
    """How many of the actions of ``user``'s own organisation(s) are overdue (the focal point's landing notice)."""
    own = focal_point_organisation_ids(user)
    if not own:
        return 0
    return MeetingAction.objects.filter(_overdue(), owner_id__in=own).count()


def action_summary() -> dict[str, int]:
    """For the network's page: meetings recorded, actions pending, and overdue."""
    return {
        "meetings": Meeting.objects.count(),
        "pending": MeetingAction.objects.filter(status__in=PENDING).count(),
        "overdue": MeetingAction.objects.filter(_overdue()).count(),
    }


# --- writes ------------------------------------------------------------------------------------------------------


def _editor_check(actor: User) -> None:
    if not edits_network(actor):
        raise PermissionError("Only the coordinator and the co-chairs record the network's meetings.")


def _participations_set(meeting: Meeting, participants: Mapping[Organisation, int]) -> None:
    """The meeting's participants become exactly those given with one person or more."""
    wanted = {organisation.pk: people for organisation, people in participants.items() if people and people > 0}
    meeting.participations.exclude(organisation_id__in=wanted).delete()
    existing = {p.organisation_id: p for p in meeting.participations.all()}
    for organisation_id, people in wanted.items():
        participation = existing.get(organisation_id)
        if participation is None:
            MeetingParticipation.objects.create(meeting=meeting, organisation_id=organisation_id, people=people)
        elif participation.people != people:
            participation.people = people
            participation.save(update_fields=["people"])


def _participants_data(meeting: Meeting) -> dict[str, int]:
    return {
        str(p.organisation.public_id): p.people
        for p in meeting.participations.select_related("organisation").order_by("organisation__name")
    }


@transaction.atomic
def meeting_create(
    *, actor: User, data: Mapping[str, Any], participants: Mapping[Organisation, int], submission: uuid.UUID | None
) -> Meeting:
    """Record a meeting. ``submission`` (the form's) becomes its public id, so the same form sent twice records
    it once."""
    _editor_check(actor)
    if submission is not None:
        existing = Meeting.objects.filter(public_id=submission).first()
        if existing is not None:
            return existing
    meeting = Meeting(recorded_by=actor, **{name: data[name] for name in MEETING_FIELDS if name in data})
    if submission is not None:
        meeting.public_id = submission
    meeting.title = meeting.title.strip()
    meeting.full_clean()
    meeting.save()
    _participations_set(meeting, participants)
    record(
        actor=actor,
        action=Action.MEETING_CREATED,
        target=meeting,
        data={
            "type": meeting.type,
            "held_on": meeting.held_on.isoformat(),
            "participants": _participants_data(meeting),
        },
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, data: Mapping[str, Any], participants: Mapping[Organisation, int]
) -> Meeting:
    """Edit a meeting and its participants; the audit names the fields that changed (not their text)."""
    _editor_check(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before_participants = _participants_data(meeting)
    changed = []
    for name in MEETING_FIELDS:
        if name in data and getattr(meeting, name) != data[name]:
            setattr(meeting, name, data[name])
            changed.append(name)
    meeting.title = meeting.title.strip()
    meeting.full_clean()
    meeting.save()
    _participations_set(meeting, participants)
    after_participants = _participants_data(meeting)
    if not changed and before_participants == after_participants:
        return meeting
    record(
        actor=actor,
        action=Action.MEETING_UPDATED,
        target=meeting,
        data={
            "fields": changed,
            "type": meeting.type,
            **({"participants": after_participants} if before_participants != after_participants else {}),
        },
    )
    return meeting


@transaction.atomic
def action_create(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    owner: Organisation,
    due_on: dt.date,
    submission: uuid.UUID | None = None,
) -> MeetingAction:
    """Add an action a meeting decided; ``submission`` makes the same form sent twice add it once."""
    _editor_check(actor)
    if submission is not None:
        existing = MeetingAction.objects.filter(public_id=submission).first()
        if existing is not None:
            return existing
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    action = MeetingAction(meeting=meeting, description=description.strip(), owner=owner, due_on=due_on)
    if submission is not None:
        action.public_id = submission
    action.full_clean()
    action.save()
    record(
        actor=actor,
        action=Action.MEETING_ACTION_CREATED,
        target=action,
        data={
            "meeting": str(meeting.public_id),
            "owner": str(owner.public_id),
            "due_on": due_on.isoformat(),
        },
    )
    return action


@transaction.atomic
def action_edit(
    *, actor: User, action: MeetingAction, description: str, owner: Organisation, due_on: dt.date
) -> MeetingAction:
    """Correct what an action says, who owns it and when it is due (editors only; its status moves on apart). A
    new due date restarts the overdue reminders. Saving it unchanged changes nothing (a repeated form)."""
    _editor_check(actor)
    action = MeetingAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if due_on < action.meeting.held_on:
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    values = {"description": description.strip(), "owner": owner, "due_on": due_on}
    changed = [name for name, value in values.items() if getattr(action, name) != value]
    if not changed:
        return action
    for name in changed:
        setattr(action, name, values[name])
    if "due_on" in changed:
        action.reminded_at = None
    action.full_clean()
    action.save()
    record(
        actor=actor,
        action=Action.MEETING_ACTION_EDITED,
        target=action,
        data={"fields": changed, "owner": str(owner.public_id), "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_status_set(
    *, actor: User, action: MeetingAction, status: str, today: dt.date | None = None
) -> MeetingAction:
    """Move an action on (``NEXT_STATUSES``); done records the day (``today``, by default the network's today),
    any other status clears it. Setting the status it already has changes nothing (a repeated form)."""
    action = MeetingAction.objects.select_for_update().select_related("owner").get(pk=action.pk)
    if not action_updatable_by(actor, action):
        raise PermissionError("Only the network's editors and the owner organisation's focal points move it on.")
    if status == action.status:
        return action
    if status not in NEXT_STATUSES.get(action.status, ()):
        raise ValidationError({"status": _("This action cannot go from this status to that one.")})
    before = action.status
    action.status = status
    action.done_on = (today or _today()) if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_on", "updated_at"])
    record(
        actor=actor,
        action=Action.MEETING_ACTION_STATUS_CHANGED,
        target=action,
        data={"from": before, "to": status, "owner": str(action.owner.public_id)},
    )
    return action


def _reminder_due(now: dt.datetime) -> Q:
    return _overdue(timezone.localdate(now)) & (Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY))


@transaction.atomic
def overdue_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the focal points of each active organisation that has overdue actions not reminded in the last
    ``REMIND_EVERY``: one e-mail each with how many of its organisation's actions are overdue and a link, nothing
    else; every overdue action of those organisations is marked reminded. Returns how many e-mails were queued."""
    now = now or timezone.now()
    due = list(
        MeetingAction.objects.select_for_update(of=("self",))
        .filter(_reminder_due(now), owner__is_active=True)
        .values_list("pk", "owner_id")
    )
    if not due:
        return 0
    organisations = {owner_id for _pk, owner_id in due}
    overdue = overdue_counts_by_organisation(timezone.localdate(now))
    people = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.FOCAL_POINT,
        role_assignments__organisation_id__in=organisations,
    ).distinct()
    link = site_url(reverse("planning:actions"))
    sent = count_notices_send(
        people=people,
        count_for=lambda user: sum(overdue[pk] for pk in user.organisation_ids(Role.FOCAL_POINT) & organisations),
        subject=REMINDER_SUBJECT,
        body=REMINDER_BODY,
        link=link,
    )
    # Every overdue action of the organisations reminded is marked, so that an organisation's reminders keep one
    # weekly rhythm; an action that becomes overdue later is news, and is reminded when it does.
    MeetingAction.objects.filter(_overdue(timezone.localdate(now)), owner_id__in=organisations).update(reminded_at=now)
    record(
        actor=None,
        action=Action.MEETING_ACTIONS_REMINDED,
        data={"actions": len(due), "organisations": len(organisations), "emails": sent},
    )
    return sent
