"""Every write to referrals: send, acknowledge, decline, progress, close, revoke; the investigation record,
the dates the survivor was informed and the services delivered; deadlines and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Allegation, Complaint, ConsentPurpose, Status, Survivor, Term, Vocabulary
from pseahub.cases.services import complaint_require_open, consent_allows, excluded_user_ids
from pseahub.core.exceptions import ApplicationError
from pseahub.core.notify import notice_send
from pseahub.mapping.models import Service
from pseahub.network.models import Organisation
from pseahub.network.selectors import network_settings_get
from pseahub.vault import services as vault
from pseahub.vault.models import GrantKind, KeyGrant

from .deadlines import Calendar
from .models import (
    OPEN_STATES,
    ActionTaken,
    DeclineReason,
    InterimMeasure,
    InvestigatingEntity,
    PaternityClaim,
    Referral,
    ReferralKind,
    ReferralState,
    ReferralUpdate,
    ServiceDelivery,
    ServiceType,
    SurvivorInformed,
)
from .selectors import network_today, referral_grants_lapsed, referral_recipients_without_grant

OVERRIDE_PERMISSION = "referrals.override_consent"


# --- who receives ---------------------------------------------------------------------------------------------
def _role_holders(*, organisation: Organisation, role: Role) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            public_key__isnull=False,
            role_assignments__role=role,
            role_assignments__organisation=organisation,
        ).distinct()
    )


def recipients_for(*, kind: str, organisation: Organisation, complaint: Complaint) -> list[User]:
    """The people who receive a referral: the organisation's focal points (allegation) or the provider's
    staff (assistance), minus anyone excluded from the complaint."""
    role = Role.FOCAL_POINT if kind == ReferralKind.ALLEGATION else Role.SERVICE_PROVIDER
    excluded = excluded_user_ids(complaint=complaint)
    return [user for user in _role_holders(organisation=organisation, role=role) if user.pk not in excluded]


def _coordinators_of(complaint: Complaint) -> list[User]:
    """Active coordinators holding a grant on the complaint: they see what was shared too."""
    excluded = excluded_user_ids(complaint=complaint)
    users = User.objects.filter(
        is_active=True,
        key_grants__keyring=complaint.keyring,
        key_grants__kind=GrantKind.USER,
        role_assignments__role=Role.COORDINATOR,
    ).distinct()
    return [user for user in users if user.pk not in excluded]


def _complaint_private(*, actor: User, complaint: Complaint, actor_private: bytes | None) -> bytes:
    try:
        return vault.keyring_open_for_user(keyring=complaint.keyring, user=actor, user_private=actor_private)
    except vault.NoGrantError as exc:
        raise ApplicationError(_("Your key is locked: sign out and in again to refer this complaint.")) from exc


def _complaint_opened(complaint_private: bytes, row: Any) -> dict[str, Any]:
    """A sealed field of the complaint for the packet; nothing is referred when one fails its integrity check."""
    try:
        return vault.open_data(complaint_private, bound_to=(row, "sealed"))
    except vault.SealedValueTamperedError as exc:
        raise ApplicationError(
            _("A sealed part of this complaint failed its integrity check: nothing was referred. See the case page.")
        ) from exc


def _perpetrators_told(complaint_private: bytes, allegation: Allegation) -> str:
    """The description of the allegation's alleged perpetrators as recorded (each one's name and description,
    and the description kept on the allegation itself from before perpetrators had rows), one per line."""
    lines = [_complaint_opened(complaint_private, allegation).get("perpetrator_description", "")]
    for perpetrator in allegation.perpetrators.all():
        told = _complaint_opened(complaint_private, perpetrator)
        lines.append(" — ".join(part for part in (told.get("name", ""), told.get("description", "")) if part))
    return "\n".join(line for line in lines if line)


def _calendar() -> tuple[Calendar, Any]:
    settings = network_settings_get()
    return Calendar.of(settings), settings


def _notify(*, users: list[User], subject: Any, referral: Referral) -> None:
    notice_send(
        recipients=[(user.email, user.language) for user in users],
        subject=subject,
        reference=referral.complaint.reference,
        path=f"/referrals/{referral.public_id}/",
    )


def _sync_complaint_status(complaint: Complaint) -> None:
    """The complaint's status follows its referrals until the coordinator closes it."""
    if complaint.status == Status.CLOSED:
        return
    states = set(complaint.referrals.values_list("state", flat=True))
    if states & {ReferralState.ACKNOWLEDGED, ReferralState.IN_PROGRESS, ReferralState.CLOSED}:
        new = Status.IN_PROGRESS
    elif ReferralState.SENT in states:
        new = Status.REFERRED
    else:
        new = Status.TRIAGED if complaint.triaged_at else Status.NEW
    if complaint.status != new:
        complaint.status = new
        complaint.save(update_fields=["status", "updated_at"])


def _update(*, referral: Referral, actor: User | None, state: str, note: str = "") -> ReferralUpdate:
    update = ReferralUpdate(referral=referral, author=actor, at=timezone.now(), state=state)
    if note.strip():
        update.sealed_note = vault.seal_data(referral.keyring, {"note": note}, bound_to=(update, "sealed_note"))
    update.save(force_insert=True)
    return update


# --- sending ----------------------------------------------------------------------------------------------------
@transaction.atomic
def allegation_refer(
    *, actor: User, allegation: Allegation, summary: str, share_identity: bool, actor_private: bytes | None
) -> Referral:
    """Refer one allegation to its concerned organisation's focal points.

    Identifying details go only with ``share_identity`` consent; otherwise only the coordinator's
    de-identified summary and the allegation's facts are shared.
    """
    complaint = allegation.complaint
    complaint_require_open(complaint)
    organisation = allegation.organisation
    if organisation is None:
        raise ApplicationError(_("Set the concerned organisation of the allegation before referring it."))
    if not summary.strip():
        raise ApplicationError(_("Write the summary that the organisation will receive."))
    if share_identity and not consent_allows(complaint=complaint, purpose=ConsentPurpose.SHARE_IDENTITY):
        raise ApplicationError(
            _("Identifying details can only be shared with the survivor's consent to share them. Send without them.")
        )
    if allegation.referrals.filter(organisation=organisation, state__in=OPEN_STATES).exists():
        raise ApplicationError(_("This allegation is already referred to %(org)s.") % {"org": organisation})
    recipients = recipients_for(kind=ReferralKind.ALLEGATION, organisation=organisation, complaint=complaint)
    if not recipients:
        raise ApplicationError(
            _("%(org)s has no focal point with an account in PSEA Hub. Ask the network admin to add one.")
            % {"org": organisation}
        )
    complaint_private = _complaint_private(actor=actor, complaint=complaint, actor_private=actor_private)
    packet: dict[str, Any] = {
        "summary": summary,
        "perpetrator_description": _perpetrators_told(complaint_private, allegation),
    }
    if share_identity:
        survivor = allegation.survivors.first() or complaint.survivors.first()
        identity = _complaint_opened(complaint_private, survivor) if survivor else {}
        packet["survivor_name"] = identity.get("name", "")
        packet["survivor_contact"] = identity.get("contact", "")
    return _referral_create(
        actor=actor,
        kind=ReferralKind.ALLEGATION,
        complaint=complaint,
        allegation=allegation,
        organisation=organisation,
        service=None,
        packet=packet,
        shares_identity=share_identity,
        recipients=recipients,
        override=False,
    )


@transaction.atomic
def assistance_refer(
    *,
    actor: User,
    complaint: Complaint,
    service: Service,
    summary: str,
    actor_private: bytes | None,
    override_reason: str = "",
    survivor: Survivor | None = None,
) -> Referral:
    """Refer one survivor of the complaint to a mapped service: only with ``services`` consent (for a child, a
    recorded best-interests determination counts), or with an override that needs its own permission and a
    reason. ``survivor`` may be left out when the complaint has only one."""
    complaint_require_open(complaint)
    survivor = _survivor_of(complaint, survivor)
    if not service.is_active:
        raise ApplicationError(_("This service is no longer active."))
    consented = consent_allows(complaint=complaint, purpose=ConsentPurpose.SERVICES)
    override = False
    if not consented:
        if not override_reason.strip():
            raise ApplicationError(
                _("The survivor has not consented to a referral for services. Record the consent first.")
            )
        if not actor.has_perm(OVERRIDE_PERMISSION):
            raise ApplicationError(_("You are not allowed to refer without consent."))
        override = True
    if complaint.referrals.filter(service=service, survivor=survivor, state__in=OPEN_STATES).exists():
        raise ApplicationError(_("The survivor is already referred to this service."))
    if not summary.strip():
        raise ApplicationError(_("Write what the provider needs to know."))
    recipients = recipients_for(kind=ReferralKind.ASSISTANCE, organisation=service.provider, complaint=complaint)
    if not recipients:
        raise ApplicationError(
            _("%(org)s has no staff with an account to receive referrals.") % {"org": service.provider}
        )
    complaint_private = _complaint_private(actor=actor, complaint=complaint, actor_private=actor_private)
    identity = _complaint_opened(complaint_private, survivor) if survivor else {}
    # The minimum a provider needs to reach and help the person: how to contact them, and the summary.
    packet = {
        "summary": summary,
        "survivor_name": identity.get("name", ""),
        "survivor_contact": identity.get("contact", ""),
    }
    referral = _referral_create(
        actor=actor,
        kind=ReferralKind.ASSISTANCE,
        complaint=complaint,
        allegation=None,
        organisation=service.provider,
        service=service,
        packet=packet,
        shares_identity=True,
        recipients=recipients,
        override=override,
        survivor=survivor,
    )
    if override:
        _update(referral=referral, actor=actor, state=ReferralState.SENT, note=override_reason)
        record(
            actor=actor, action=Action.CONSENT_OVERRIDDEN, target=complaint, data={"referral": str(referral.public_id)}
        )
    return referral


def _survivor_of(complaint: Complaint, survivor: Survivor | None) -> Survivor | None:
    """The survivor an assistance referral is for: the one chosen (of this complaint), or the only one."""
    if survivor is not None:
        if survivor.complaint_id != complaint.pk:
            raise ApplicationError(_("Choose a survivor of this complaint."), extra={"field": "survivor"})
        return survivor
    survivors = list(complaint.survivors.select_related("age_group")[:2])
    if len(survivors) > 1:
        raise ApplicationError(_("Choose the survivor the services are for."), extra={"field": "survivor"})
    return survivors[0] if survivors else None


def _referral_create(
    *,
    actor: User,
    kind: str,
    complaint: Complaint,
    allegation: Allegation | None,
    organisation: Organisation,
    service: Service | None,
    packet: dict[str, Any],
    shares_identity: bool,
    recipients: list[User],
    override: bool,
    survivor: Survivor | None = None,
) -> Referral:
    calendar, settings = _calendar()
    now = timezone.now()
    readers = {user.pk: user for user in [*recipients, *_coordinators_of(complaint)]}
    keyring = vault.keyring_create(readers=readers.values(), granted_by=actor)
    if kind == ReferralKind.ALLEGATION:
        due = calendar.add_working_days(now, settings.sla_acknowledge_working_days)
    else:
        due = calendar.add_hours(now, settings.sla_assistance_accept_hours)
    referral = Referral(
        kind=kind,
        complaint=complaint,
        allegation=allegation,
        organisation=organisation,
        service=service,
        survivor=survivor,
        keyring=keyring,
        shares_identity=shares_identity,
        consent_override=override,
        sent_by=actor,
        sent_at=now,
        due_at=due,
    )
    referral.sealed = vault.seal_data(keyring, packet, bound_to=(referral, "sealed"))
    referral.save(force_insert=True)
    ReferralUpdate.objects.create(referral=referral, author=actor, at=now, state=ReferralState.SENT)
    _sync_complaint_status(complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_SENT,
        target=complaint,
        data={
            "referral": str(referral.public_id),
            "kind": kind,
            "organisation": str(organisation.public_id),
            "identity_shared": shares_identity,
        },
    )
    _notify(users=recipients, subject=gettext_lazy("New referral %(reference)s"), referral=referral)
    return referral


# --- the recipient's answers ------------------------------------------------------------------------------
def _require_state(referral: Referral, *allowed: str) -> None:
    if referral.state not in allowed:
        raise ApplicationError(
            _("This referral is %(state)s; that step is not possible now.") % {"state": referral.get_state_display()}
        )


@transaction.atomic
def referral_acknowledge(*, actor: User, referral: Referral) -> Referral:
    """The focal point acknowledges (allegation) or the provider accepts (assistance)."""
    complaint_require_open(referral.complaint)
    _require_state(referral, ReferralState.SENT)
    settings = network_settings_get()
    now = timezone.now()
    referral.state = ReferralState.ACKNOWLEDGED
    referral.acknowledged_at = now
    referral.due_at = (
        now + dt.timedelta(days=settings.sla_first_progress_days) if referral.kind == ReferralKind.ALLEGATION else None
    )
    referral.save(update_fields=["state", "acknowledged_at", "due_at", "updated_at"])
    _update(referral=referral, actor=actor, state=ReferralState.ACKNOWLEDGED)
    _sync_complaint_status(referral.complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_ACKNOWLEDGED,
        target=referral.complaint,
        data={"referral": str(referral.public_id)},
    )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str, note: str = "") -> Referral:
    """Decline ("not our staff"): the referral goes back to the coordinator to re-route, and the recipients'
    access ends."""
    _require_state(referral, ReferralState.SENT, ReferralState.ACKNOWLEDGED)
    if reason not in DeclineReason.values:
        raise ApplicationError(_("Choose why you decline."))
    if reason == DeclineReason.OTHER and not note.strip():
        raise ApplicationError(_("Say why you decline."))
    referral.state = ReferralState.DECLINED
    referral.declined_at = timezone.now()
    referral.decline_reason = reason
    referral.due_at = None
    referral.save(update_fields=["state", "declined_at", "decline_reason", "due_at", "updated_at"])
    _update(referral=referral, actor=actor, state=ReferralState.DECLINED, note=note)
    _revoke_recipients(referral)
    _sync_complaint_status(referral.complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_DECLINED,
        target=referral.complaint,
        data={"referral": str(referral.public_id), "reason": reason},
    )
    _notify(
        users=_coordinators_of(referral.complaint),
        subject=gettext_lazy("Referral %(reference)s declined: re-route it"),
        referral=referral,
    )
    return referral


@transaction.atomic
def referral_progress(*, actor: User, referral: Referral, note: str, outcome: Term | None = None) -> Referral:
    """A progress update (investigation step, service given); the first one meets the progress deadline."""
    complaint_require_open(referral.complaint)
    _require_state(referral, ReferralState.ACKNOWLEDGED, ReferralState.IN_PROGRESS)
    if not note.strip():
        raise ApplicationError(_("Write what progressed."))
    _check_outcome(outcome)
    now = timezone.now()
    referral.state = ReferralState.IN_PROGRESS
    referral.first_progress_at = referral.first_progress_at or now
    referral.due_at = None
    if outcome is not None:
        referral.outcome = outcome
    referral.save(update_fields=["state", "first_progress_at", "due_at", "outcome", "updated_at"])
    _update(referral=referral, actor=actor, state=ReferralState.IN_PROGRESS, note=note)
    _sync_complaint_status(referral.complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_PROGRESS,
        target=referral.complaint,
        data={"referral": str(referral.public_id), "outcome": outcome.code if outcome else None},
    )
    return referral


def _check_outcome(outcome: Term | None) -> None:
    if outcome is not None and outcome.vocabulary != Vocabulary.OUTCOME:
        raise ApplicationError(_("Unknown outcome."))


@transaction.atomic
def referral_close(
    *,
    actor: User,
    referral: Referral,
    note: str = "",
    outcome: Term | None = None,
    survivor_informed_on: dt.date | None = None,
) -> Referral:
    """Close: an allegation referral needs its investigation outcome; an assistance referral is marked done."""
    _require_state(referral, ReferralState.ACKNOWLEDGED, ReferralState.IN_PROGRESS)
    _check_outcome(outcome)
    if referral.kind == ReferralKind.ALLEGATION and outcome is None and referral.outcome is None:
        raise ApplicationError(_("Record the outcome of the investigation before closing."))
    # "Today" is the network's (a focal point in Beirut is a day ahead of UTC late in the evening).
    if survivor_informed_on and survivor_informed_on > network_today():
        raise ApplicationError(_("The date the survivor was informed cannot be in the future."))
    referral.state = ReferralState.CLOSED
    referral.closed_at = timezone.now()
    referral.due_at = None
    referral.outcome = outcome or referral.outcome
    if survivor_informed_on:
        _informed_add(actor=actor, referral=referral, informed_on=survivor_informed_on)
    referral.save(update_fields=["state", "closed_at", "due_at", "outcome", "survivor_informed_on", "updated_at"])
    _update(referral=referral, actor=actor, state=ReferralState.CLOSED, note=note)
    _sync_complaint_status(referral.complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_CLOSED,
        target=referral.complaint,
        data={"referral": str(referral.public_id), "outcome": referral.outcome.code if referral.outcome else None},
    )
    _notify(
        users=_coordinators_of(referral.complaint),
        subject=gettext_lazy("Referral %(reference)s closed"),
        referral=referral,
    )
    return referral


@transaction.atomic
def referral_follow_up_set(*, actor: User, referral: Referral, follow_up_on: dt.date | None) -> Referral:
    complaint_require_open(referral.complaint)
    referral.follow_up_on = follow_up_on
    referral.save(update_fields=["follow_up_on", "updated_at"])
    record(
        actor=actor,
        action=Action.REFERRAL_PROGRESS,
        target=referral.complaint,
        data={"referral": str(referral.public_id), "follow_up": str(follow_up_on)},
    )
    return referral


# --- investigation, accountability, survivor informed, services delivered ----------------------------------------
# Recorded once the referral is accepted, and still after it (or the complaint) is closed: the action taken after
# an investigation, or a service delivered, is often known months later and the UN's figures count it.
RECORDABLE_STATES = (ReferralState.ACKNOWLEDGED, ReferralState.IN_PROGRESS, ReferralState.CLOSED)


def _require_kind(referral: Referral, kind: str) -> None:
    if referral.kind != kind:
        raise ApplicationError(
            _("Only an allegation referral has an investigation.")
            if kind == ReferralKind.ALLEGATION
            else _("Only an assistance referral has services delivered.")
        )


def _not_future(value: dt.date | None, *, field: str, message: str) -> None:
    if value is not None and value > network_today():
        raise ApplicationError(message, extra={"field": field})


def _choice(value: str, choices: Any, *, field: str) -> str:
    if value and value not in choices.values:
        raise ApplicationError(_("Choose one of the options."), extra={"field": field})
    return value


@transaction.atomic
def referral_investigation_record(
    *,
    actor: User,
    referral: Referral,
    investigating_entity: str = "",
    investigation_started_on: dt.date | None = None,
    investigation_ended_on: dt.date | None = None,
    outcome: Term | None = None,
    action_taken: str = "",
    interim_measure: str = "",
    paternity_claim: str = "",
) -> Referral:
    """The concerned organisation's focal point records the investigation and what was done (every field as a
    whole: a blank one is cleared). The end is neither before the start nor in the future; a closed referral
    keeps an outcome. Audited with the old and new values of what changed (clear codes and dates only)."""
    _require_kind(referral, ReferralKind.ALLEGATION)
    _require_state(referral, *RECORDABLE_STATES)
    _check_outcome(outcome)
    values: dict[str, Any] = {
        "investigating_entity": _choice(investigating_entity, InvestigatingEntity, field="investigating_entity"),
        "investigation_started_on": investigation_started_on,
        "investigation_ended_on": investigation_ended_on,
        "outcome": outcome,
        "action_taken": _choice(action_taken, ActionTaken, field="action_taken"),
        "interim_measure": _choice(interim_measure, InterimMeasure, field="interim_measure"),
        "paternity_claim": _choice(paternity_claim, PaternityClaim, field="paternity_claim"),
    }
    _not_future(
        investigation_started_on,
        field="investigation_started_on",
        message=_("The investigation cannot start in the future."),
    )
    _not_future(
        investigation_ended_on, field="investigation_ended_on", message=_("The investigation cannot end in the future.")
    )
    if investigation_ended_on is not None:
        if investigation_started_on is None:
            raise ApplicationError(
                _("Record when the investigation started as well."), extra={"field": "investigation_started_on"}
            )
        if investigation_ended_on < investigation_started_on:
            raise ApplicationError(
                _("The investigation cannot end before it started."), extra={"field": "investigation_ended_on"}
            )
    if outcome is None and referral.state == ReferralState.CLOSED:
        raise ApplicationError(_("A closed referral keeps its outcome."), extra={"field": "outcome"})

    def _plain(value: Any) -> Any:
        if isinstance(value, Term):
            return value.code
        if isinstance(value, dt.date):
            return value.isoformat()
        return value or None

    changed = {
        name: [_plain(getattr(referral, name)), _plain(value)]
        for name, value in values.items()
        if _plain(getattr(referral, name)) != _plain(value)
    }
    if not changed:
        return referral  # the same form sent again: nothing to store or audit
    for name, value in values.items():
        setattr(referral, name, value)
    referral.save(update_fields=[*values, "updated_at"])
    record(
        actor=actor,
        action=Action.REFERRAL_PROGRESS,
        target=referral.complaint,
        data={"referral": str(referral.public_id), "investigation": changed},
    )
    return referral


def _informed_add(*, actor: User, referral: Referral, informed_on: dt.date) -> bool:
    """Add the date (once per day) and set ``survivor_informed_on`` to the latest one, in memory: the caller
    saves the referral. True when the date is new."""
    _row, created = SurvivorInformed.objects.get_or_create(
        referral=referral, informed_on=informed_on, defaults={"recorded_by": actor}
    )
    # The latest of every date kept (read from the rows: ``referral`` may be older than they are).
    referral.survivor_informed_on = max(
        [informed_on, *referral.informed_dates.values_list("informed_on", flat=True)],
        default=informed_on,
    )
    return created


@transaction.atomic
def referral_survivor_informed(*, actor: User, referral: Referral, informed_on: dt.date) -> bool:
    """The focal point records a day the survivor was told where the investigation stands. Each date is kept
    (the same day twice is one date, not an error); ``Referral.survivor_informed_on`` stays the latest one.
    True when the date is new (then audited)."""
    _require_kind(referral, ReferralKind.ALLEGATION)
    _require_state(referral, *RECORDABLE_STATES)
    _not_future(
        informed_on, field="informed_on", message=_("The date the survivor was informed cannot be in the future.")
    )
    created = _informed_add(actor=actor, referral=referral, informed_on=informed_on)
    if created:
        referral.save(update_fields=["survivor_informed_on", "updated_at"])
        record(
            actor=actor,
            action=Action.REFERRAL_PROGRESS,
            target=referral.complaint,
            data={"referral": str(referral.public_id), "survivor_informed": informed_on.isoformat()},
        )
    return created


@transaction.atomic
def referral_service_delivered(*, actor: User, referral: Referral, service_type: str, delivered_on: dt.date) -> bool:
    """The provider records a service actually delivered on an assistance referral, with its date (once per
    service and day: the same one again is not an error). True when it is new (then audited)."""
    _require_kind(referral, ReferralKind.ASSISTANCE)
    _require_state(referral, *RECORDABLE_STATES)
    if service_type not in ServiceType.values:
        raise ApplicationError(_("Choose the service delivered."), extra={"field": "service_type"})
    _not_future(delivered_on, field="delivered_on", message=_("A service cannot be delivered in the future."))
    _row, created = ServiceDelivery.objects.get_or_create(
        referral=referral, service_type=service_type, delivered_on=delivered_on, defaults={"recorded_by": actor}
    )
    if created:
        referral.save(update_fields=["updated_at"])
        record(
            actor=actor,
            action=Action.REFERRAL_PROGRESS,
            target=referral.complaint,
            data={
                "referral": str(referral.public_id),
                "service_delivered": service_type,
                "delivered_on": delivered_on.isoformat(),
            },
        )
    return created


def _revoke_recipients(referral: Referral) -> None:
    """Withdraw every grant on the referral except the coordinators'."""
    coordinator_ids = [user.pk for user in _coordinators_of(referral.complaint)]
    KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).exclude(user_id__in=coordinator_ids).delete()


@transaction.atomic
def referral_revoke(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """The coordinator withdraws a referral: the recipients' key wraps are removed."""
    _require_state(referral, *OPEN_STATES)
    referral.state = ReferralState.REVOKED
    referral.revoked_at = timezone.now()
    referral.due_at = None
    referral.save(update_fields=["state", "revoked_at", "due_at", "updated_at"])
    _update(referral=referral, actor=actor, state=ReferralState.REVOKED, note=note)
    _revoke_recipients(referral)
    _sync_complaint_status(referral.complaint)
    record(
        actor=actor,
        action=Action.REFERRAL_REVOKED,
        target=referral.complaint,
        data={"referral": str(referral.public_id)},
    )
    return referral


# --- access of recipients added or changed after sending -------------------------------------------------------
@dataclass(frozen=True)
class RecipientsGranted:
    referrals: int
    people: int


@transaction.atomic
def referral_recipients_grant(*, actor: User, actor_private: bytes | None) -> RecipientsGranted:
    """Give access, in one action, to every recipient who cannot open an open referral the actor can open: a
    focal point (or provider's staff member) added after it was sent, or whose key pair a password reset
    replaced. Each grant is audited; each person gets a notice with the reference and a link only."""
    if actor_private is None:
        raise ApplicationError(_("Your key is locked. Sign out and in again, then retry."))
    referrals = people = 0
    for gap in referral_recipients_without_grant(actor=actor):
        referral = gap.referral
        try:
            keyring_private = vault.keyring_open_for_user(
                keyring=referral.keyring, user=actor, user_private=actor_private
            )
        except vault.NoGrantError:
            continue
        for user in gap.users:
            vault.grant_user(keyring=referral.keyring, keyring_private=keyring_private, user=user, granted_by=actor)
            record(
                actor=actor,
                action=Action.KEY_GRANTED,
                target=referral.complaint,
                data={"referral": str(referral.public_id), "user": str(user.public_id)},
            )
        _notify(users=gap.users, subject=gettext_lazy("Referral %(reference)s is now open to you"), referral=referral)
        referrals += 1
        people += len(gap.users)
    return RecipientsGranted(referrals=referrals, people=people)


@transaction.atomic
def referral_grants_withdraw_lapsed(*, actor: User | None = None) -> int:
    """Withdraw the grants on open referrals of people who no longer receive them (focal-point or provider
    profile deactivated, role taken away, account deactivated), each audited. Returns how many.

    The access checks already shut such a person out (they need the role); this removes the wrapped key too,
    so their own key can no longer open what was shared. Runs with the deadline check (``tasks.py``)."""
    withdrawn = 0
    for referral, user in referral_grants_lapsed():
        if vault.grants_revoke_user(keyring_id=referral.keyring_id, user=user):
            record(
                actor=actor,
                action=Action.KEY_REVOKED,
                target=referral.complaint,
                data={"referral": str(referral.public_id), "user": str(user.public_id), "reason": "not_a_recipient"},
            )
            withdrawn += 1
    return withdrawn


# --- reading ----------------------------------------------------------------------------------------------------
@dataclass
class ReferralContent:
    packet: dict[str, Any]
    updates: list[tuple[ReferralUpdate, str]]
    refused: list[str]  # sealed values that failed their integrity check (shown empty; see vault.TAMPERED_NOTICE)


def referral_content_read(*, actor: User, referral: Referral, actor_private: bytes | None) -> ReferralContent | None:
    """What was shared, opened with the reader's key (None when the key is locked); audited."""
    try:
        private = vault.keyring_open_for_user(keyring=referral.keyring, user=actor, user_private=actor_private)
    except vault.NoGrantError:
        return None
    refused: list[str] = []
    content = ReferralContent(
        packet=vault.open_data_or_refused(private, bound_to=(referral, "sealed"), refused=refused),
        updates=[
            (
                update,
                vault.open_data_or_refused(private, bound_to=(update, "sealed_note"), refused=refused).get("note", ""),
            )
            for update in referral.updates.select_related("author")
        ],
        refused=refused,
    )
    record(
        actor=actor, action=Action.REFERRAL_READ, target=referral.complaint, data={"referral": str(referral.public_id)}
    )
    if refused:
        record(actor=actor, action=Action.SEALED_VALUE_REFUSED, target=referral.complaint, data={"values": refused})
    return content
