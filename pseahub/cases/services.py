"""Every write to the case record. Sealing needs only public keys; reading needs the reader's private key."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.accounts import keyaccess
from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.core.notify import notice_send
from pseahub.core.refdata import READERS_TTL, ReferenceTable
from pseahub.network.models import Area, Organisation
from pseahub.network.selectors import network_settings_get
from pseahub.vault import services as vault
from pseahub.vault.models import KeyGrant, Keyring, SealedFile

from .access import complaints_for_coordinator
from .models import (
    ENTITY_TYPE_OF_ORGANISATION,
    REFERRAL_OPEN_STATES,
    Allegation,
    Attachment,
    CaseNote,
    Channel,
    ChildAssent,
    Classification,
    ClosureReason,
    ComplainantType,
    Complaint,
    Consent,
    ConsentDecision,
    ConsentGiver,
    ConsentManner,
    ConsentPurpose,
    ContactMethod,
    EntityType,
    Exclusion,
    Message,
    MessageDirection,
    Perpetrator,
    PerpetratorRole,
    ReferenceCounter,
    Sex,
    Status,
    Survivor,
    Term,
    YesNoUnknown,
)
from .vocabularies import CHILD_AGE_GROUPS


def complaint_require_open(complaint: Complaint) -> None:
    """The one guard of every service that changes a complaint or what belongs to it (allegations, survivors,
    consents, messages, attachments, notes, referrals): a closed complaint is final and refuses the change."""
    if complaint.status == Status.CLOSED:
        raise ApplicationError(_("This complaint is closed."))


@dataclass(frozen=True)
class AttachmentInput:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class ConsentInput:
    purpose: str
    decision: str
    given_by: str
    channel: str = ""  # a Channel value: where the decision was expressed ("" = recorded by staff, channel unknown)
    manner: str = ""  # a ConsentManner value
    child_assent: str = ""  # a ChildAssent value, only beside a caregiver's or best-interests decision


@dataclass(frozen=True)
class SurvivorInput:
    """One survivor as told at intake; name and contact sealed."""

    sex: str = Sex.UNKNOWN
    age_group: Term | None = None
    is_child: bool = False
    disability: str = YesNoUnknown.UNKNOWN
    displacement: Term | None = None
    gbv_type: Term | None = None
    name: str = ""  # sealed
    contact: str = ""  # sealed


@dataclass(frozen=True)
class PerpetratorInput:
    """One alleged perpetrator as told at intake; name and description sealed. Any detail makes a perpetrator,
    even with no organisation or role chosen."""

    organisation: Organisation | None = None
    entity_type: str = ""  # an EntityType value; "" = from the organisation's type, or unknown
    personnel_category: Term | None = None
    role: str = PerpetratorRole.UNKNOWN
    sex: str = Sex.UNKNOWN
    nationality: str = ""  # ISO 3166-1 alpha-3, uniformed personnel only
    name: str = ""  # sealed
    description: str = ""  # sealed

    @property
    def is_blank(self) -> bool:
        return not (
            self.organisation
            or self.personnel_category
            or self.name.strip()
            or self.description.strip()
            or self.nationality
            or (self.entity_type and self.entity_type != EntityType.UNKNOWN)
            or self.role != PerpetratorRole.UNKNOWN
            or self.sex != Sex.UNKNOWN
        )


def entity_type_of(organisation: Organisation | None) -> str:
    """The entity type an organisation's personnel are counted under (unknown without an organisation)."""
    if organisation is None:
        return EntityType.UNKNOWN
    return ENTITY_TYPE_OF_ORGANISATION.get(organisation.type, EntityType.UNKNOWN)


def nationality_clean(value: str, *, personnel_category: Term | None) -> str:
    """An ISO 3166-1 alpha-3 code, kept only for uniformed personnel (the UN publishes no other nationality)."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    if personnel_category is None or personnel_category.group != "UNIFORMED":
        raise ApplicationError(_("Nationality is recorded for uniformed personnel only."))
    if len(value) != 3 or not value.isascii() or not value.isalpha():
        raise ApplicationError(_("Give the nationality as a three-letter country code, e.g. SEN."))
    return value


@dataclass
class ComplaintInput:
    """What any channel hands to intake. Sealed fields are marked; everything else is stored in clear.

    ``survivors`` and ``perpetrators`` list each one; channels that ask about one survivor and one perpetrator
    give the single ``survivor_*`` and ``perpetrator_*`` fields instead, which make the first of each.
    """

    channel: str
    language: str = "en"
    narrative: str = ""  # sealed
    incident_date: dt.date | None = None
    area: Area | None = None
    location_detail: str = ""  # sealed
    reported_organisation: Organisation | None = None
    organisation_text: str = ""  # sealed
    perpetrator_category: Term | None = None
    perpetrator_description: str = ""  # sealed
    survivor_sex: str = Sex.UNKNOWN
    survivor_age_group: Term | None = None
    involves_child: bool = False
    disability: str = YesNoUnknown.UNKNOWN
    complainant_type: str = ComplainantType.ANONYMOUS
    contact_method: str = ContactMethod.NONE
    reporter_name: str = ""  # sealed
    reporter_contact: str = ""  # sealed
    attachments: list[AttachmentInput] = field(default_factory=list)
    consents: list[ConsentInput] = field(default_factory=list)
    received_at: dt.datetime | None = None
    is_quarantined: bool = False
    extra_sealed: dict[str, Any] = field(default_factory=dict)  # channel specifics (sender address, …)
    survivor_displacement: Term | None = None
    survivors: list[SurvivorInput] = field(default_factory=list)
    perpetrators: list[PerpetratorInput] = field(default_factory=list)
    # Intake facts (domain.md §2)
    first_reported_at: dt.datetime | None = None  # past only; default: when received
    received_by_organisation: Organisation | None = None
    received_by_person: str = ""  # sealed
    incident_date_unknown: bool = False
    incident_time_of_day: str = ""
    reported_before: str = YesNoUnknown.UNKNOWN
    reported_before_to: str = ""
    goods_exchanged: str = YesNoUnknown.UNKNOWN
    needs_medical: bool = False
    needs_safety: bool = False
    needs_shelter: bool = False
    is_urgent: bool = False
    # Set by the tracker import only: the classification, the reference the complaint had there.
    classification: str = Classification.UNCLASSIFIED
    original_reference: str = ""
    is_imported: bool = False
    notify: bool = True  # e-mail the coordinators (off for bulk loads such as the demo)


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    receipt: str


def _signed_in(actor: Any) -> User | None:
    """The user behind an action, or None for the system and anonymous reporters."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# The readers every new complaint is granted to (only what granting and notifying need is loaded). Under a
# burst of reports (a campaign, a mailbox poll) each process reads them once every few seconds instead of once
# per report. A change made in this process applies at once; other processes follow within READERS_TTL
# seconds. In that window a coordinator just removed may still be granted a new complaint and sent its notice
# (the reference only; opening it needs the coordinator role, which cases.access checks on every request), and
# one just appointed may miss it (another coordinator gives access from the case page or /cases/keys/).
COORDINATORS: ReferenceTable[User] = ReferenceTable(
    lambda: (
        User.objects.filter(is_active=True, public_key__isnull=False, role_assignments__role=Role.COORDINATOR)
        .only("id", "email", "language", "public_key")
        .distinct()
    ),
    models=[User, RoleAssignment],
    ttl=READERS_TTL,
)


def _next_reference(received_at: dt.datetime, *, country: str) -> str:
    """The next reference of the year, e.g. MLI-2026-00042. One statement increments and reads the counter
    (the row stays locked until the intake commits, so two intakes never share a number)."""
    year = received_at.year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {table} SET "last" = "last" + 1 WHERE "year" = %s RETURNING "last"', [year])  # noqa: S608
        row = cursor.fetchone()
    if row is not None:
        number = row[0]
    else:  # the year's first complaint
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        number = counter.last
    return f"{country or 'PSEA'}-{year}-{number:05d}"


@dataclass(frozen=True)
class PreparedReceipt:
    """A receipt and its Argon2id derivation, made before any transaction opens (it is the slow part)."""

    receipt: str
    lookup: str
    key: bytes | None


def receipt_prepare(*, issue: bool = True) -> PreparedReceipt:
    """A new receipt for a complaint; ``issue=False`` for channels that cannot give one back to the
    reporter (e.g. a mailbox without acknowledgement): no complainant grant, and no derivation cost."""
    if not issue:
        return PreparedReceipt(receipt="", lookup=f"none-{uuid.uuid4().hex}", key=None)
    receipt = vault.receipt_new()
    keys = vault.receipt_derive(receipt)
    return PreparedReceipt(receipt=receipt, lookup=keys.lookup, key=keys.key)


@dataclass
class PreparedComplaint:
    """A complaint sealed and ready to store (``complaint_prepare``); nothing is written yet."""

    actor: Any
    data: ComplaintInput
    receipt: PreparedReceipt
    readers: list[User]
    keyring: vault.NewKeyring
    complaint: Complaint
    survivors: list[Survivor]
    perpetrators: list[Perpetrator]
    # Each allegation with the perpetrators it concerns (every survivor is linked to every allegation).
    allegations: list[tuple[Allegation, list[Perpetrator]]]
    sealed_files: list[SealedFile]
    country: str


def complaint_create(*, actor: Any, data: ComplaintInput, prepared: PreparedReceipt | None = None) -> Submitted:
    """Receive a complaint on any channel: seal it, issue a receipt, grant the coordinators, audit.

    ``complaint_prepare`` (the receipt's Argon2id derivation, the new key pair, the sealing) runs before the
    transaction of ``complaint_store`` opens, so the database write lock is held only for the inserts.
    Callers that must add rows in the same transaction (channel adapters) call the two themselves, the
    second inside their own ``transaction.atomic``.
    """
    return complaint_store(complaint_prepare(actor=actor, data=data, prepared=prepared))


def complaint_prepare(
    *, actor: Any, data: ComplaintInput, prepared: PreparedReceipt | None = None
) -> PreparedComplaint:
    """Everything that needs no write lock: the receipt, the readers, the new key pair and its grants, and the
    sealing of every field and file (public key only)."""
    if data.channel not in Channel.values:
        raise ApplicationError(_("Unknown channel."))
    prepared = prepared or receipt_prepare()
    received_at = data.received_at or timezone.now()
    first_reported_at = data.first_reported_at or received_at
    if first_reported_at > received_at + dt.timedelta(minutes=5):
        raise ApplicationError(_("The date first reported cannot be in the future."))
    survivor_inputs = data.survivors or [
        SurvivorInput(
            sex=data.survivor_sex,
            age_group=data.survivor_age_group,
            is_child=data.involves_child,
            disability=data.disability,
            displacement=data.survivor_displacement,
        )
    ]
    perpetrator_inputs = [p for p in data.perpetrators if not p.is_blank] or [
        p
        for p in [
            PerpetratorInput(
                organisation=data.reported_organisation,
                personnel_category=data.perpetrator_category,
                description=data.perpetrator_description,
            )
        ]
        if not p.is_blank
    ]
    children = [s.is_child or bool(s.age_group and s.age_group.code in CHILD_AGE_GROUPS) for s in survivor_inputs]
    child = data.involves_child or any(children)
    complaint_secret = {
        "narrative": data.narrative,
        "location_detail": data.location_detail,
        "organisation_text": data.organisation_text,
        "perpetrator_description": data.perpetrator_description,
        "reporter_name": data.reporter_name,
        "reporter_contact": data.reporter_contact,
        **({"received_by_person": data.received_by_person} if data.received_by_person else {}),
        **({"channel_detail": data.extra_sealed} if data.extra_sealed else {}),
    }
    readers = COORDINATORS.rows()
    new_keyring = vault.keyring_prepare(readers=readers, complainant_key=prepared.key)
    keyring = new_keyring.keyring
    complaint = Complaint(
        keyring=keyring,
        receipt_lookup=prepared.lookup,
        channel=data.channel,
        language=data.language,
        received_at=received_at,
        created_by=_signed_in(actor),
        complainant_type=data.complainant_type,
        contact_method=data.contact_method,
        incident_date=None if data.incident_date_unknown else data.incident_date,
        area=data.area,
        reported_organisation=data.reported_organisation,
        involves_child=child,
        is_urgent=data.is_urgent or data.needs_medical or data.needs_safety,
        is_quarantined=data.is_quarantined,
        first_reported_at=first_reported_at,
        received_by_organisation=data.received_by_organisation,
        incident_date_unknown=data.incident_date_unknown,
        incident_time_of_day=data.incident_time_of_day,
        reported_before=data.reported_before,
        reported_before_to=data.reported_before_to if data.reported_before == YesNoUnknown.YES else "",
        goods_exchanged=data.goods_exchanged,
        needs_medical=data.needs_medical,
        needs_safety=data.needs_safety,
        needs_shelter=data.needs_shelter,
        classification=data.classification,
        original_reference=data.original_reference,
        is_imported=data.is_imported,
    )
    complaint.sealed = vault.seal_data(keyring, complaint_secret, bound_to=(complaint, "sealed"))
    survivors = []
    for told, is_child in zip(survivor_inputs, children, strict=True):
        survivor = Survivor(
            sex=told.sex,
            age_group=told.age_group,
            is_child=is_child,
            disability=told.disability,
            displacement=told.displacement,
            gbv_type=told.gbv_type,
        )
        survivor.sealed = vault.seal_data(
            keyring, {"name": told.name, "contact": told.contact}, bound_to=(survivor, "sealed")
        )
        survivors.append(survivor)
    perpetrators = []
    for item in perpetrator_inputs:
        perpetrator = Perpetrator(
            organisation=item.organisation,
            entity_type=item.entity_type or entity_type_of(item.organisation),
            personnel_category=item.personnel_category,
            role=item.role,
            sex=item.sex,
            nationality=nationality_clean(item.nationality, personnel_category=item.personnel_category),
        )
        perpetrator.sealed = vault.seal_data(
            keyring, {"name": item.name, "description": item.description}, bound_to=(perpetrator, "sealed")
        )
        perpetrators.append(perpetrator)
    # A first allegation per concerned organisation as the reporter told it (the UN counts a report once per
    # organisation); triage corrects, splits or merges them.
    by_organisation: dict[int | None, list[Perpetrator]] = {}
    for perpetrator in perpetrators:
        by_organisation.setdefault(perpetrator.organisation.pk if perpetrator.organisation else None, []).append(
            perpetrator
        )
    allegations = []
    for group in by_organisation.values():
        allegation = Allegation(organisation=group[0].organisation, personnel_category=group[0].personnel_category)
        allegation.sealed = vault.seal_data(keyring, {"perpetrator_description": ""}, bound_to=(allegation, "sealed"))
        allegations.append((allegation, group))
    sealed_files = [
        vault.sealed_file_prepare(
            keyring=keyring, content=item.content, filename=item.filename, content_type=item.content_type
        )
        for item in data.attachments
    ]
    return PreparedComplaint(
        actor=actor,
        data=data,
        receipt=prepared,
        readers=readers,
        keyring=new_keyring,
        complaint=complaint,
        survivors=survivors,
        perpetrators=perpetrators,
        allegations=allegations,
        sealed_files=sealed_files,
        country=network_settings_get().country_code,
    )


def complaint_store(ready: PreparedComplaint, *, savepoint: bool = True) -> Submitted:
    """Insert a prepared complaint, its reference, its audit entry and the coordinators' notice, in one
    transaction (inside the caller's, if there is one: in a savepoint unless ``savepoint=False``, for callers
    whose transaction fails as a whole when this fails)."""
    actor, data, complaint = ready.actor, ready.data, ready.complaint
    received_at = complaint.received_at
    with transaction.atomic(savepoint=savepoint):
        keyring = vault.keyring_store(ready.keyring)
        complaint.keyring = keyring  # now with its primary key
        complaint.reference = _next_reference(received_at, country=ready.country)
        complaint.save(force_insert=True)
        for survivor in ready.survivors:
            survivor.complaint = complaint
            survivor.save(force_insert=True)
        for perpetrator in ready.perpetrators:
            perpetrator.complaint = complaint
            perpetrator.save(force_insert=True)
        for allegation, _group in ready.allegations:
            allegation.complaint = complaint
            allegation.save(force_insert=True)
        _allegation_links_store(ready.allegations, ready.survivors)
        for consent in data.consents:
            _consent_add(complaint=complaint, actor=actor, consent=consent, decided_at=received_at)
        for sealed_file in ready.sealed_files:
            sealed_file.keyring = keyring
            sealed_file.save(force_insert=True)
            Attachment.objects.create(complaint=complaint, sealed_file=sealed_file, from_reporter=True)
        record(
            actor=actor,
            action=Action.COMPLAINT_CREATED,
            target=complaint,
            data={"channel": data.channel, "attachments": len(data.attachments)},
        )
        if data.notify:
            # Flow 1: coordinators learn that something arrived; the notice names the reference only.
            notice_send(
                recipients=[(user.email, user.language) for user in ready.readers],
                subject=gettext_lazy("New complaint %(reference)s"),
                reference=complaint.reference,
                path=f"/cases/{complaint.public_id}/",
            )
    return Submitted(complaint=complaint, receipt=ready.receipt.receipt)


def _allegation_links_store(allegations: list[tuple[Allegation, list[Perpetrator]]], survivors: list[Survivor]) -> None:
    """Link each new allegation to its perpetrators and to every survivor: one insert per relation."""
    if not allegations:
        return
    survivor_link = Allegation.survivors.through
    perpetrator_link = Allegation.perpetrators.through
    survivor_link.objects.bulk_create(
        [survivor_link(allegation=a, survivor=s) for a, _group in allegations for s in survivors]
    )
    perpetrator_link.objects.bulk_create(
        [perpetrator_link(allegation=a, perpetrator=p) for a, group in allegations for p in group]
    )


def attachment_add(*, complaint: Complaint, attachment: AttachmentInput, from_reporter: bool) -> Attachment:
    """Seal a file to the complaint's keyring and attach it (the caller records the audit entry)."""
    sealed_file = vault.sealed_file_store(
        keyring=complaint.keyring,
        content=attachment.content,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    return Attachment.objects.create(complaint=complaint, sealed_file=sealed_file, from_reporter=from_reporter)


def _consent_add(*, complaint: Complaint, actor: Any, consent: ConsentInput, decided_at: dt.datetime) -> Consent:
    if consent.purpose not in ConsentPurpose.values or consent.decision not in ConsentDecision.values:
        raise ApplicationError(_("Unknown consent purpose or decision."))
    if consent.given_by not in ConsentGiver.values:
        raise ApplicationError(_("Unknown consent giver."))
    if consent.channel and consent.channel not in Channel.values:
        raise ApplicationError(_("Unknown consent channel."))
    if consent.manner and consent.manner not in ConsentManner.values:
        raise ApplicationError(_("Unknown way of giving consent."))
    if consent.child_assent:
        if consent.child_assent not in ChildAssent.values:
            raise ApplicationError(_("Unknown child assent."))
        if consent.given_by == ConsentGiver.SURVIVOR:
            raise ApplicationError(
                _("A child's assent is recorded only beside a caregiver's or best-interests decision.")
            )
    return Consent.objects.create(
        complaint=complaint,
        purpose=consent.purpose,
        decision=consent.decision,
        given_by=consent.given_by,
        decided_at=decided_at,
        recorded_by=_signed_in(actor),
        channel=consent.channel,
        manner=consent.manner,
        child_assent=consent.child_assent,
    )


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    complaint: Complaint,
    purpose: str,
    decision: str,
    given_by: str,
    decided_at: dt.datetime | None = None,
    channel: str = "",
    manner: str = "",
    child_assent: str = "",
) -> Consent:
    """Record a consent decision; a withdrawal is its own dated record and never edits the earlier one.

    ``channel`` and ``manner`` say where and how the decision was expressed (an SMS reply, a signed form, …);
    ``child_assent`` goes beside a caregiver's or best-interests decision for a child. ``actor`` None: the
    reporter themselves (an SMS or WhatsApp answer), recorded by no signed-in user.
    """
    complaint_require_open(complaint)
    if decision == ConsentDecision.WITHDRAWN:
        current = consent_current(complaint=complaint).get(purpose)
        if current is None or current.decision != ConsentDecision.GIVEN:
            raise ApplicationError(_("Only a consent that was given can be withdrawn."))
    if given_by == ConsentGiver.BEST_INTERESTS and not complaint.involves_child:
        raise ApplicationError(_("A best-interests determination is only for a child survivor."))
    consent = _consent_add(
        complaint=complaint,
        actor=actor,
        consent=ConsentInput(
            purpose=purpose,
            decision=decision,
            given_by=given_by,
            channel=channel,
            manner=manner,
            child_assent=child_assent,
        ),
        decided_at=decided_at or timezone.now(),
    )
    action = Action.CONSENT_WITHDRAWN if decision == ConsentDecision.WITHDRAWN else Action.CONSENT_RECORDED
    data = {"purpose": purpose, "decision": decision, "given_by": given_by}
    data.update({key: value for key, value in (("channel", channel), ("manner", manner)) if value})
    record(actor=actor, action=action, target=complaint, data=data)
    return consent


def consent_current(*, complaint: Complaint) -> dict[str, Consent]:
    """The latest decision per purpose (purposes never decided are absent)."""
    latest: dict[str, Consent] = {}
    for consent in complaint.consents.all():
        latest[consent.purpose] = consent  # ordered by decided_at, pk
    return latest


def consent_allows(*, complaint: Complaint, purpose: str) -> bool:
    current = consent_current(complaint=complaint).get(purpose)
    return current is not None and current.decision == ConsentDecision.GIVEN


@transaction.atomic
def complaint_triage(
    *,
    actor: User,
    complaint: Complaint,
    classification: str,
    complainant_type: str,
    is_urgent: bool,
    involves_child: bool,
    forward_to: Organisation | None = None,
    note: str = "",
) -> Complaint:
    """Classify a complaint. Other misconduct and programme feedback may be forwarded to an organisation's
    feedback channel and closed with a note; SEA and sexual harassment complaints move on to allegations,
    consents and referral to the concerned organisation."""
    complaint_require_open(complaint)
    if classification not in Classification.values or classification == Classification.UNCLASSIFIED:
        raise ApplicationError(_("Choose a classification."))
    if forward_to is not None and classification == Classification.SEA:
        raise ApplicationError(_("An SEA complaint is referred, not forwarded as feedback."))
    if forward_to is not None and classification == Classification.SEXUAL_HARASSMENT:
        raise ApplicationError(_("A sexual harassment complaint is referred, not forwarded as feedback."))
    now = timezone.now()
    complaint.classification = classification
    complaint.complainant_type = complainant_type
    complaint.is_urgent = is_urgent
    complaint.involves_child = involves_child or complaint.involves_child
    complaint.triaged_at = complaint.triaged_at or now
    if complaint.status == Status.NEW:
        complaint.status = Status.TRIAGED
    closing = forward_to is not None
    if closing:
        if not note.strip():
            raise ApplicationError(_("Write a note saying where and why the complaint is forwarded."))
        complaint.forwarded_to = forward_to
        complaint.status = Status.CLOSED
        complaint.closed_at = now
        # A closure like any other: its reason, and the retention clock (else its sealed content is kept forever).
        complaint.closure_reason = ClosureReason.FORWARDED
        complaint.retention_until = now + dt.timedelta(days=network_settings_get().retention_days)
    complaint.full_clean(exclude=["keyring", "sealed"])
    complaint.save()
    if note.strip():
        _note_add(complaint=complaint, author=actor, written_at=now, text=note)
    record(
        actor=actor,
        action=Action.COMPLAINT_TRIAGED,
        target=complaint,
        data={"classification": classification, "urgent": is_urgent, "child": complaint.involves_child},
    )
    if closing:
        record(
            actor=actor,
            action=Action.COMPLAINT_CLOSED,
            target=complaint,
            data={"reason": "forwarded", "organisation": str(forward_to.public_id) if forward_to else None},
        )
    return complaint


@transaction.atomic
def allegation_add(
    *,
    actor: User,
    complaint: Complaint,
    organisation: Organisation | None,
    personnel_category: Term | None,
    sea_type: Term | None,
    perpetrator_description: str = "",
    survivors: list[Survivor] | None = None,
    perpetrators: list[Perpetrator] | None = None,
) -> Allegation:
    """Add one allegation (one per concerned organisation and personnel category, as the UN counts), linked to
    the ``survivors`` and ``perpetrators`` of the complaint it concerns: at least one perpetrator once the
    complaint has any. ``None`` (callers from before perpetrators had rows): no links made, nothing checked.
    ``perpetrator_description`` is the legacy sealed description kept on the allegation; the case page now
    records descriptions on perpetrators."""
    complaint_require_open(complaint)
    duplicate = complaint.allegations.filter(organisation=organisation, personnel_category=personnel_category)
    if duplicate.exists():
        raise ApplicationError(_("This complaint already has an allegation for that organisation and category."))
    _allegation_links_check(complaint, survivors, perpetrators)
    allegation = Allegation(
        complaint=complaint, organisation=organisation, personnel_category=personnel_category, sea_type=sea_type
    )
    allegation.sealed = vault.seal_data(
        complaint.keyring, {"perpetrator_description": perpetrator_description}, bound_to=(allegation, "sealed")
    )
    allegation.save(force_insert=True)
    _allegation_links_set(allegation, survivors, perpetrators)
    if complaint.classification == Classification.UNCLASSIFIED:
        complaint.classification = Classification.SEA
        complaint.save(update_fields=["classification", "updated_at"])
    record(
        actor=actor,
        action=Action.ALLEGATION_ADDED,
        target=complaint,
        data={
            "allegation": str(allegation.public_id),
            "organisation": str(organisation.public_id) if organisation else None,
            "sea_type": sea_type.code if sea_type else None,
        },
    )
    return allegation


@transaction.atomic
def allegation_update(
    *,
    actor: User,
    allegation: Allegation,
    organisation: Organisation | None,
    personnel_category: Term | None,
    sea_type: Term | None,
    perpetrator_description: str | None = None,
    survivors: list[Survivor] | None = None,
    perpetrators: list[Perpetrator] | None = None,
) -> Allegation:
    """Correct one allegation; it may not become a second one for the same organisation and category.
    ``survivors`` / ``perpetrators``: the links it now has (as in ``allegation_add``; ``None`` leaves them)."""
    complaint_require_open(allegation.complaint)
    duplicate = allegation.complaint.allegations.filter(
        organisation=organisation, personnel_category=personnel_category
    ).exclude(pk=allegation.pk)
    if duplicate.exists():
        raise ApplicationError(_("This complaint already has an allegation for that organisation and category."))
    _allegation_links_check(allegation.complaint, survivors, perpetrators)
    changed = sorted(
        name
        for name, value in (
            ("organisation", organisation),
            ("personnel_category", personnel_category),
            ("sea_type", sea_type),
        )
        if getattr(allegation, name) != value
    )
    allegation.organisation, allegation.personnel_category, allegation.sea_type = (
        organisation,
        personnel_category,
        sea_type,
    )
    if perpetrator_description is not None:
        allegation.sealed = vault.seal_data(
            allegation.complaint.keyring,
            {"perpetrator_description": perpetrator_description},
            bound_to=(allegation, "sealed"),
        )
        changed.append("perpetrator_description")
    allegation.save()
    changed.extend(_allegation_links_set(allegation, survivors, perpetrators))
    record(
        actor=actor,
        action=Action.ALLEGATION_UPDATED,
        target=allegation.complaint,
        data={"allegation": str(allegation.public_id), "fields": changed},
    )
    return allegation


def _allegation_links_check(
    complaint: Complaint, survivors: list[Survivor] | None, perpetrators: list[Perpetrator] | None
) -> None:
    """The links an allegation is given must be the complaint's own; one perpetrator at least once any exists."""
    if any(s.complaint_id != complaint.pk for s in survivors or []) or any(
        p.complaint_id != complaint.pk for p in perpetrators or []
    ):
        raise ApplicationError(_("Link only survivors and alleged perpetrators of this complaint."))
    if perpetrators is not None and not perpetrators and complaint.perpetrators.exists():
        raise ApplicationError(_("Choose at least one alleged perpetrator this allegation concerns."))


def _allegation_links_set(
    allegation: Allegation, survivors: list[Survivor] | None, perpetrators: list[Perpetrator] | None
) -> list[str]:
    """Set the allegation's links (``None``: leave them); the names of the links that changed."""
    changed = []
    if survivors is not None and {s.pk for s in survivors} != set(allegation.survivors.values_list("pk", flat=True)):
        allegation.survivors.set(survivors)
        changed.append("survivors")
    if perpetrators is not None and {p.pk for p in perpetrators} != set(
        allegation.perpetrators.values_list("pk", flat=True)
    ):
        allegation.perpetrators.set(perpetrators)
        changed.append("perpetrators")
    return changed


@transaction.atomic
def survivor_update(
    *,
    actor: User,
    survivor: Survivor,
    sex: str,
    age_group: Term | None,
    disability: str,
    displacement: Term | None,
    is_child: bool,
    name: str | None = None,
    contact: str | None = None,
    gbv_type: Term | None = None,
) -> Survivor:
    """Set the survivor's clear profile (the victim type follows from sex and age); name and contact, when
    given, are re-sealed."""
    complaint_require_open(survivor.complaint)
    child = is_child or bool(age_group and age_group.code in CHILD_AGE_GROUPS)
    survivor.sex, survivor.age_group, survivor.disability = sex, age_group, disability
    survivor.displacement, survivor.is_child, survivor.gbv_type = displacement, child, gbv_type
    fields = ["sex", "age_group", "disability", "displacement", "is_child", "gbv_type"]
    if name is not None or contact is not None:
        survivor.sealed = vault.seal_data(
            survivor.complaint.keyring, {"name": name or "", "contact": contact or ""}, bound_to=(survivor, "sealed")
        )
        fields.append("sealed")
    survivor.full_clean(exclude=["sealed", "complaint"])
    survivor.save(update_fields=fields)
    if child and not survivor.complaint.involves_child:
        survivor.complaint.involves_child = True
        survivor.complaint.save(update_fields=["involves_child", "updated_at"])
    record(
        actor=actor,
        action=Action.SURVIVOR_UPDATED,
        target=survivor.complaint,
        data={"sex": sex, "age_group": age_group.code if age_group else None, "child": child},
    )
    return survivor


@transaction.atomic
def message_to_reporter(*, actor: User, complaint: Complaint, body: str) -> Message:
    """A message the reporter reads with the receipt. Sealed; nothing of it goes into e-mail or logs."""
    complaint_require_open(complaint)
    if not body.strip():
        raise ApplicationError(_("The message is empty."))
    message = Message(complaint=complaint, direction=MessageDirection.TO_REPORTER, author=actor, sent_at=timezone.now())
    message.sealed = vault.seal_data(complaint.keyring, {"body": body}, bound_to=(message, "sealed"))
    message.save(force_insert=True)
    record(actor=actor, action=Action.MESSAGE_TO_REPORTER, target=complaint)
    return message


@transaction.atomic
def reporter_information_add(*, complaint: Complaint, body: str, attachments: list[AttachmentInput]) -> Message | None:
    """The reporter adds information or files from the follow-up page (anonymous actor)."""
    complaint_require_open(complaint)
    if not body.strip() and not attachments:
        raise ApplicationError(_("Write something or attach a file."))
    message = None
    if body.strip():
        message = Message(complaint=complaint, direction=MessageDirection.FROM_REPORTER, sent_at=timezone.now())
        message.sealed = vault.seal_data(complaint.keyring, {"body": body}, bound_to=(message, "sealed"))
        message.save(force_insert=True)
    for attachment in attachments:
        attachment_add(complaint=complaint, attachment=attachment, from_reporter=True)
    record(
        actor=None,
        action=Action.REPORTER_ADDED_INFORMATION,
        target=complaint,
        data={"message": message is not None, "attachments": len(attachments)},
    )
    return message


def _note_add(*, complaint: Complaint, author: Any, written_at: dt.datetime, text: str) -> CaseNote:
    note = CaseNote(complaint=complaint, author=author, written_at=written_at)
    note.sealed = vault.seal_data(complaint.keyring, {"text": text}, bound_to=(note, "sealed"))
    note.save(force_insert=True)
    return note


# --- reading sealed content -------------------------------------------------------------------------------------
@dataclass
class CaseContent:
    """The opened sealed fields of one complaint, for one reader, for one request."""

    complaint: dict[str, Any]
    survivors: dict[int, dict[str, Any]]
    allegations: dict[int, dict[str, Any]]
    perpetrators: dict[int, dict[str, Any]]
    messages: list[tuple[Message, str]]
    notes: list[tuple[CaseNote, str]]
    attachments: list[tuple[Attachment, dict[str, str]]]
    # Sealed values that failed their integrity check (moved from another row or field, forged, altered): shown
    # as empty, named here (model, row, field; never content) so that the page can say so.
    refused: list[str] = field(default_factory=list)


def complaint_content_read(*, actor: Any, complaint: Complaint, keyring_private: bytes) -> CaseContent:
    """Open every sealed field of the complaint; audited as a reading of sealed content.

    A value that fails its integrity check is not shown (empty) but named in ``refused``, and audited, so that
    the rest of the case stays workable and the coordinator learns what was altered."""
    refused: list[str] = []

    def opened(row: Any, name: str = "sealed") -> dict[str, Any]:
        return vault.open_data_or_refused(keyring_private, bound_to=(row, name), refused=refused)

    content = CaseContent(
        complaint=opened(complaint),
        survivors={s.pk: opened(s) for s in complaint.survivors.all()},
        allegations={a.pk: opened(a) for a in complaint.allegations.all()},
        perpetrators={p.pk: opened(p) for p in complaint.perpetrators.all()},
        messages=[(m, opened(m).get("body", "")) for m in complaint.messages.all()],
        notes=[(n, opened(n).get("text", "")) for n in complaint.notes.all()],
        attachments=[
            (a, {k: str(v) for k, v in opened(a.sealed_file, "sealed_meta").items()})
            for a in complaint.attachments.select_related("sealed_file")
        ],
        refused=refused,
    )
    record(actor=actor, action=Action.CASE_CONTENT_READ, target=complaint)
    if refused:
        record(actor=actor, action=Action.SEALED_VALUE_REFUSED, target=complaint, data={"values": refused})
    return content


def attachment_read(*, actor: Any, attachment: Attachment, keyring_private: bytes) -> tuple[bytes, dict[str, str]]:
    try:
        data, meta = vault.sealed_file_open(sealed_file=attachment.sealed_file, keyring_private=keyring_private)
    except vault.SealedValueTamperedError as exc:
        record(
            actor=actor, action=Action.SEALED_VALUE_REFUSED, target=attachment.complaint, data={"values": [exc.where]}
        )
        raise
    record(actor=actor, action=Action.ATTACHMENT_READ, target=attachment.complaint, data={"attachment": attachment.pk})
    return data, meta


# --- keys ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def keys_regrant(*, actor: User, actor_private: bytes) -> int:
    """Re-grant, in one action, every complaint the actor can open whose grant waits for a user's new key pair,
    and the complaint's referrals (a focal point's or provider's only grants are on referrals). Returns the number
    of complaints.

    Only to people who hold now, and active, a role that entitles them (``accounts.keyaccess``: coordinator for
    complaints; for a referral, coordinator or its organisation's focal point / provider staff): a stale grant
    left to someone whose role was taken away is never brought back to life."""
    regranted: set[int] = set()
    waiting = regrant_waiting()
    for grant in waiting.select_related("keyring__complaint", "keyring__referral__complaint"):
        referral = getattr(grant.keyring, "referral", None)
        complaint = referral.complaint if referral is not None else grant.keyring.complaint
        if grant.user_id in excluded_user_ids(complaint=complaint):
            continue
        try:
            keyring_private = vault.keyring_open_for_user(keyring=grant.keyring, user=actor, user_private=actor_private)
        except vault.NoGrantError:
            continue
        vault.grant_user(keyring=grant.keyring, keyring_private=keyring_private, user=grant.user, granted_by=actor)
        regranted.add(complaint.pk)
    if regranted:
        record(actor=actor, action=Action.KEYS_REGRANTED, data={"count": len(regranted)})
    return len(regranted)


def regrant_waiting() -> QuerySet[KeyGrant]:
    """Grants on complaints and referrals waiting for a re-grant (new key pair) to someone still entitled."""
    return keyaccess.grants_entitled(
        vault.grants_waiting_regrant().filter(Q(keyring__complaint__isnull=False) | Q(keyring__referral__isnull=False))
    )


def _grant_coordinator_on(
    *, actor: User, actor_private: bytes, complaint: Complaint, user: User, held: dict[int, bytes]
) -> bool:
    """Wrap the complaint's key and its referrals' keys the actor can open for ``user`` (not those ``user`` can
    open already: ``held`` maps keyring id → the public key of their grant). Audited per complaint; False when
    there was nothing to give."""
    own_key = bytes(user.public_key or b"")
    complaint_private = vault.keyring_open_for_user(keyring=complaint.keyring, user=actor, user_private=actor_private)
    granted_complaint = held.get(complaint.keyring_id) != own_key
    if granted_complaint:
        vault.grant_user(keyring=complaint.keyring, keyring_private=complaint_private, user=user, granted_by=actor)
    referrals = 0
    for keyring in Keyring.objects.filter(pk__in=complaint.referrals.values("keyring_id")):
        if held.get(keyring.pk) == own_key:
            continue
        try:
            private = vault.keyring_open_for_user(keyring=keyring, user=actor, user_private=actor_private)
        except vault.NoGrantError:
            continue
        vault.grant_user(keyring=keyring, keyring_private=private, user=user, granted_by=actor)
        referrals += 1
    if not granted_complaint and not referrals:
        return False
    data: dict[str, Any] = {"user": str(user.public_id)}
    if referrals:
        data["referrals"] = referrals
    record(actor=actor, action=Action.KEY_GRANTED, target=complaint, data=data)
    return True


def _coordinator_to_grant(*, actor: User, user: User) -> None:
    if user.pk == actor.pk:
        raise ApplicationError(_("You already have access."))
    if not user.has_role(Role.COORDINATOR) or not user.public_key:
        raise ApplicationError(_("Only a coordinator who has set a password can be given access this way."))


def _held(user: User) -> dict[int, bytes]:
    return {
        keyring_id: bytes(public or b"")
        for keyring_id, public in keyaccess.user_grants(user).values_list("keyring_id", "recipient_public_key")
    }


@transaction.atomic
def complaint_grant_coordinator(*, actor: User, complaint: Complaint, actor_private: bytes, user: User) -> None:
    """Give a coordinator (e.g. newly appointed) access to a complaint the actor can open, and to its referrals."""
    _coordinator_to_grant(actor=actor, user=user)
    if user.pk in excluded_user_ids(complaint=complaint):
        raise ApplicationError(_("This person is excluded from the complaint."))
    try:
        _grant_coordinator_on(
            actor=actor, actor_private=actor_private, complaint=complaint, user=user, held=_held(user)
        )
    except IntegrityError as exc:  # pragma: no cover - unique constraint race
        raise ApplicationError(_("Access was already granted.")) from exc


@transaction.atomic
def complaints_grant_coordinator(
    *, actor: User, actor_private: bytes | None, user: User, complaint_ids: list[Any] | None = None
) -> int:
    """Give a coordinator access, in one action, to every complaint the actor can open (or those of
    ``complaint_ids``, public ids) that they cannot open yet, with the complaints' referrals; never one they are
    excluded from. One audit entry per complaint; safe to repeat (what they hold already is left alone). Returns
    the number of complaints."""
    if actor_private is None:
        raise ApplicationError(_("Your key is locked. Sign out and in again, then retry."))
    _coordinator_to_grant(actor=actor, user=user)
    complaints = complaints_for_coordinator(actor).exclude(exclusions__user=user).select_related("keyring")
    if complaint_ids is not None:
        complaints = complaints.filter(public_id__in=complaint_ids)
    held = _held(user)
    count = 0
    for complaint in complaints.order_by("pk"):
        try:
            if _grant_coordinator_on(
                actor=actor, actor_private=actor_private, complaint=complaint, user=user, held=held
            ):
                count += 1
        except vault.NoGrantError:
            continue  # the actor's own grant waits for a re-grant: they cannot open this one
    return count


@dataclass(frozen=True)
class RecoveryRestored:
    complaints: int  # complaints the coordinator can open now that they could not before
    referrals: int  # referral keyrings granted with them
    without_recovery_grant: list[str]  # references made before the recovery key existed: not restorable


@transaction.atomic
def complaints_restore_with_recovery(
    *, user: User, recovery_private: bytes, references: list[str] | None = None
) -> RecoveryRestored:
    """The disaster procedure: give a coordinator access, with the network's offline recovery key, to every
    complaint (or the ones named) and its referrals, e.g. when the only coordinator forgot the password (an
    operator resets it, which gives a new key pair, then runs ``manage.py recovery_restore``).

    Only to an active coordinator with a key pair (``accounts.keyaccess``), never on a complaint they are
    excluded from; a complaint they can already open is left as it is, so a re-run does nothing new. One audit
    entry per complaint granted. ``recovery_private`` is used in memory only. Raises ``ApplicationError`` (for
    an unknown reference, nothing is done) and ``VaultError`` for a key that is not this installation's."""
    if not user.public_key or not user.has_role(Role.COORDINATOR):
        raise ApplicationError(_("Access can be restored only to an active coordinator who has set a password."))
    vault.recovery_key_matching(recovery_private)
    complaints = Complaint.objects.filter(purged_at__isnull=True).select_related("keyring").order_by("pk")
    if references is not None:
        wanted = {reference.strip().upper() for reference in references if reference.strip()}
        complaints = complaints.filter(reference__in=wanted)
        unknown = wanted - {c.reference for c in complaints}
        if unknown:
            raise ApplicationError(
                _("No complaint has the reference(s): %(references)s.") % {"references": ", ".join(sorted(unknown))}
            )
    own_key = bytes(user.public_key)
    excluded = set(Exclusion.objects.filter(user=user).values_list("complaint_id", flat=True))
    held = {
        keyring_id: bytes(public or b"")
        for keyring_id, public in keyaccess.user_grants(user).values_list("keyring_id", "recipient_public_key")
    }
    restored = referrals = 0
    missing: list[str] = []
    for complaint in complaints:
        if complaint.pk in excluded:
            continue
        keyrings = [complaint.keyring, *Keyring.objects.filter(pk__in=complaint.referrals.values("keyring_id"))]
        granted_here = 0
        for keyring in keyrings:
            if held.get(keyring.pk) == own_key:
                continue
            try:
                keyring_private = vault.keyring_open_with_recovery(keyring=keyring, recovery_private=recovery_private)
            except vault.NoGrantError:
                if keyring.pk == complaint.keyring_id:
                    missing.append(complaint.reference)
                continue
            vault.grant_user(keyring=keyring, keyring_private=keyring_private, user=user, granted_by=None)
            if keyring.pk == complaint.keyring_id:
                restored += 1
            else:
                referrals += 1
            granted_here += 1
        if granted_here:
            record(
                actor=None,
                action=Action.RECOVERY_ACCESS_RESTORED,
                target=complaint,
                data={"user": str(user.public_id), "keyrings": granted_here},
            )
    return RecoveryRestored(complaints=restored, referrals=referrals, without_recovery_grant=missing)


# --- exclusion, closure and retention ---------------------------------------------------------------------
def excluded_user_ids(*, complaint: Complaint) -> set[int]:
    """Users who must never be granted this complaint or any of its referrals."""
    return set(complaint.exclusions.values_list("user_id", flat=True))


@transaction.atomic
def user_exclude(*, actor: User, complaint: Complaint, user: User) -> Exclusion:
    """Exclude an implicated user: withdraw every grant they hold on the complaint and its referrals, and
    make sure no later grant reaches them."""
    if user.pk == actor.pk:
        raise ApplicationError(_("You cannot exclude yourself; ask another coordinator."))
    exclusion, created = Exclusion.objects.get_or_create(
        complaint=complaint, user=user, defaults={"excluded_by": actor, "excluded_at": timezone.now()}
    )
    if created:
        vault.grant_revoke(keyring=complaint.keyring, user=user)
        for keyring_id in complaint.referrals.values_list("keyring_id", flat=True):
            vault.grants_revoke_user(keyring_id=keyring_id, user=user)
        record(actor=actor, action=Action.USER_EXCLUDED, target=complaint, data={"user": str(user.public_id)})
    return exclusion


@transaction.atomic
def complaint_close(
    *, actor: User, complaint: Complaint, reason: str, note: str = "", duplicate_of: str = ""
) -> Complaint:
    """Close with a reason; the retention clock starts (network setting). A duplicate names the complaint it
    duplicates by its reference (``duplicate_of``): one the actor can open, not itself, no loop."""
    if complaint.status == Status.CLOSED:
        raise ApplicationError(_("This complaint is already closed."))
    if reason not in ClosureReason.values:
        raise ApplicationError(_("Choose why the complaint is closed."))
    original = _duplicate_original(actor=actor, complaint=complaint, reason=reason, reference=duplicate_of)
    if reason == ClosureReason.OTHER and not note.strip():
        raise ApplicationError(_("Say in the note why the complaint is closed."))
    open_referrals = complaint.referrals.filter(state__in=REFERRAL_OPEN_STATES)
    if reason == ClosureReason.OUTCOME_REACHED and open_referrals.exists():
        raise ApplicationError(_("Some referrals are still open: close or revoke them first."))
    now = timezone.now()
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    complaint.closure_reason = reason
    complaint.retention_until = now + dt.timedelta(days=network_settings_get().retention_days)
    complaint.duplicate_of = original
    complaint.save(
        update_fields=["status", "closed_at", "closure_reason", "retention_until", "duplicate_of", "updated_at"]
    )
    if note.strip():
        _note_add(complaint=complaint, author=actor, written_at=now, text=note)
    data: dict[str, Any] = {"reason": reason}
    if original is not None:
        data["duplicate_of"] = original.reference
    record(actor=actor, action=Action.COMPLAINT_CLOSED, target=complaint, data=data)
    return complaint


def _duplicate_original(*, actor: User, complaint: Complaint, reason: str, reference: str) -> Complaint | None:
    """The complaint a duplicate duplicates, by its reference: required for a duplicate, refused otherwise."""
    reference = (reference or "").strip().upper()
    if reason != ClosureReason.DUPLICATE:
        if reference:
            raise ApplicationError(_("Name the other complaint only when closing this one as a duplicate."))
        return None
    if not reference:
        raise ApplicationError(_("A duplicate names the complaint it duplicates: give that complaint's reference."))
    if reference == complaint.reference.upper():
        raise ApplicationError(_("A complaint cannot be a duplicate of itself."))
    original = complaints_for_coordinator(actor).filter(reference=reference).first()
    if original is None:
        raise ApplicationError(
            _("No complaint you can open has the reference %(reference)s.") % {"reference": reference}
        )
    seen = {complaint.pk}
    step: Complaint | None = original
    while step is not None:
        if step.pk in seen:
            raise ApplicationError(
                _("%(reference)s is itself recorded as a duplicate of this complaint: that would be a loop.")
                % {"reference": reference}
            )
        seen.add(step.pk)
        step = step.duplicate_of
    return original


@transaction.atomic
def complaint_purge(*, complaint: Complaint) -> None:
    """Destroy the sealed content of a closed complaint after retention, keeping the clear statistical record
    and the audit trail: sealed fields are emptied, files deleted, and every key grant destroyed, so even a
    backup of the ciphertext can no longer be opened with any user's key."""
    if complaint.purged_at is not None:
        return
    empty = b""
    Complaint.objects.filter(pk=complaint.pk).update(sealed=empty, purged_at=timezone.now())
    Survivor.objects.filter(complaint=complaint).update(sealed=None)
    Allegation.objects.filter(complaint=complaint).update(sealed=None)
    Perpetrator.objects.filter(complaint=complaint).update(sealed=None)
    complaint.messages.all().delete()
    complaint.notes.all().delete()
    for attachment in complaint.attachments.select_related("sealed_file"):
        attachment.sealed_file.delete()
    keyring_ids = [complaint.keyring_id, *complaint.referrals.values_list("keyring_id", flat=True)]
    vault.keyrings_destroy(keyring_ids=keyring_ids)
    # The referrals' shared packets and history notes go too; with nothing left to read, nothing is chased.
    complaint.referrals.update(sealed=None, due_at=None)
    apps.get_model("referrals", "ReferralUpdate").objects.filter(referral__complaint=complaint).update(sealed_note=None)
    record(actor=None, action=Action.COMPLAINT_PURGED, target=complaint)


def complaints_due_for_purge(*, now: dt.datetime | None = None) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        status=Status.CLOSED, purged_at__isnull=True, retention_until__lte=now or timezone.now()
    )
