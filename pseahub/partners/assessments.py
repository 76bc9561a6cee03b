"""Partner capacity assessments: who sees what (one place), the rating from the answers, the workflow, the
capacity-strengthening plan, sealed evidence, the register of partners and the renewal reminders.

Access to one assessment (``assessment_get_for``):

- ``partner``: a focal point of the assessed organisation: answers it (draft or returned), uploads evidence,
  submits it; then reads it all.
- ``lead``: a focal point of the lead agency: reviews it (returns it with comments, or makes it final with the
  decision and the plan), monitors the plan, records the final determination.
- ``network``: the coordinator and co-chairs: read every assessment; the coordinator may also act as the lead
  (when the lead agency has no focal point signed up) and read the evidence.
- ``result``: every other reader of the partners app (other agencies' focal points, leadership): the result only
  (state, rating, dates, lead agency), never the answers, comments or evidence.

Evidence is sealed to the assessment's keyring (``pseahub.vault``), whose private key is wrapped for each user who
may read it: the partner's and the lead agency's focal points and the coordinators (and the network's recovery key).
Writes are audited with ids and codes only.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url
from pseahub.network.models import Organisation, OrganisationType
from pseahub.vault import services as vault
from pseahub.vault.crypto import VaultError
from pseahub.vault.models import GrantKind, KeyGrant, Keyring

from .access import edits_partners, reads_partners
from .models import (
    OPEN_STATES,
    ActionStatus,
    AssessmentAnswer,
    AssessmentEvidence,
    AssessmentState,
    CapacityAction,
    CapacityRating,
    CapacityStandard,
    CapacityThreshold,
    CapacityTool,
    MonitoringNote,
    PartnerAssessment,
    PartnerLink,
)

#: A final assessment is valid this many years (the UN common assessment's practice; renewed before it ends).
VALID_YEARS = 3
#: Renewal reminders start this many days before an assessment expires.
RENEWAL_NOTICE_DAYS = 90
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

PARTNER, LEAD, NETWORK, RESULT = "partner", "lead", "network", "result"

#: Evidence accepted, by extension: content type and how the content must start (Office files are checked too).
EVIDENCE_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
}


# --- who sees what ------------------------------------------------------------------------------------------------
def _org_ids(user: User) -> set[int]:
    return user.organisation_ids(Role.FOCAL_POINT) if user.has_role(Role.FOCAL_POINT) else set()


def assessment_access(user: User, assessment: PartnerAssessment) -> str | None:
    """The user's view of one assessment (see the module's docstring), or None."""
    if not reads_partners(user):
        return None
    orgs = _org_ids(user)
    if assessment.partner_id in orgs:
        return PARTNER
    if assessment.lead_agency_id in orgs:
        return LEAD
    if edits_partners(user):
        return NETWORK
    return RESULT


def assessment_get_for(user: User, public_id: uuid.UUID) -> tuple[PartnerAssessment, str]:
    """The assessment and the user's view of it; 404 when the user may not see it at all."""
    assessment = (
        PartnerAssessment.objects.select_related("partner", "lead_agency", "tool").filter(public_id=public_id).first()
    )
    access = assessment_access(user, assessment) if assessment is not None else None
    if assessment is None or access is None:
        raise Http404
    return assessment, access


def reviews(user: User, access: str) -> bool:
    """The lead agency's focal point, or the coordinator standing in for it."""
    return access == LEAD or (access == NETWORK and user.has_role(Role.COORDINATOR))


def evidence_reader_ids(assessment: PartnerAssessment) -> set[int]:
    """The users who may read the evidence: focal points of the partner and the lead agency, coordinators."""
    return set(
        User.objects.filter(is_active=True)
        .filter(
            Q(role_assignments__role=Role.COORDINATOR)
            | Q(
                role_assignments__role=Role.FOCAL_POINT,
                role_assignments__organisation_id__in=[assessment.partner_id, assessment.lead_agency_id],
            )
        )
        .values_list("pk", flat=True)
    )


def reads_evidence(user: User, assessment: PartnerAssessment) -> bool:
    """The one object-level check for evidence (listing, upload and download)."""
    return user.pk in evidence_reader_ids(assessment)


# --- rating -------------------------------------------------------------------------------------------------------
def rating_compute(tool: CapacityTool, scores: dict[int, int]) -> tuple[int | None, str]:
    """(sum, rating) by the tool's thresholds when every standard has a score; (None, "") otherwise."""
    standard_ids = set(tool.standards.values_list("pk", flat=True))
    if not standard_ids or not standard_ids <= set(scores):
        return None, ""
    total = sum(scores[pk] for pk in standard_ids)
    band = CapacityThreshold.objects.filter(tool=tool, min_score__lte=total, max_score__gte=total).first()
    return total, band.rating if band else ""


def _rating_refresh(assessment: PartnerAssessment) -> None:
    scores = dict(assessment.answers.values_list("standard_id", "score"))
    assessment.score, assessment.rating = rating_compute(assessment.tool, scores)


# --- the workflow --------------------------------------------------------------------------------------------------
def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def _keyring_for(assessment: PartnerAssessment, actor: User) -> Keyring:
    readers = User.objects.filter(pk__in=evidence_reader_ids(assessment), public_key__isnull=False)
    return vault.keyring_create(readers=readers, granted_by=actor)


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    partner: Organisation,
    lead_agency: Organisation,
    tool: CapacityTool,
    type: str,
    reason: str,
    started_on: dt.date | None = None,
) -> PartnerAssessment:
    """Start a partner's assessment (a draft for the partner to answer). The network's editors start any; a focal
    point starts one its organisation leads."""
    _require(
        edits_partners(actor) or lead_agency.pk in _org_ids(actor),
        _("You can only start assessments your organisation leads."),
    )
    _require(partner.pk != lead_agency.pk, _("The lead agency cannot assess itself."))
    _require(tool.is_active, _("This tool is no longer offered."))
    if PartnerAssessment.objects.filter(partner=partner, state__in=OPEN_STATES).exists():
        raise ValidationError({"partner": _("This partner already has an assessment in progress.")})
    assessment = PartnerAssessment(
        partner=partner,
        lead_agency=lead_agency,
        tool=tool,
        type=type,
        reason=reason,
        started_on=started_on or timezone.localdate(),
        created_by=actor,
    )
    assessment.keyring = _keyring_for(assessment, actor)
    assessment.save()
    record(
        actor=actor,
        action=Action.PARTNER_ASSESSMENT_CREATED,
        target=assessment,
        data={"partner": partner.pk, "lead_agency": lead_agency.pk, "tool": tool.code},
    )
    return assessment


def _locked(assessment: PartnerAssessment) -> PartnerAssessment:
    return PartnerAssessment.objects.select_for_update().select_related("tool").get(pk=assessment.pk)


@transaction.atomic
def answers_save(
    *, actor: User, assessment: PartnerAssessment, answers: dict[int, tuple[int | None, str]]
) -> PartnerAssessment:
    """The partner's answers ({standard id: (score or None, comment)}); the rating follows."""
    assessment = _locked(assessment)
    _require(assessment_access(actor, assessment) == PARTNER, _("Only the partner answers its self-assessment."))
    _require(
        assessment.state in (AssessmentState.DRAFT, AssessmentState.RETURNED),
        _("This assessment is no longer open for answers."),
    )
    allowed = {value for value, _label in assessment.tool.score_choices()}
    standards = {s.pk: s for s in assessment.tool.standards.all()}
    for standard_id, (score, comment) in answers.items():
        if standard_id not in standards:
            raise ValidationError(_("Unknown standard."))
        if score is None:
            AssessmentAnswer.objects.filter(assessment=assessment, standard_id=standard_id).delete()
            continue
        _require(score in allowed, _("A score is not on this tool's scale."))
        AssessmentAnswer.objects.update_or_create(
            assessment=assessment, standard_id=standard_id, defaults={"score": score, "comment": comment}
        )
    _rating_refresh(assessment)
    assessment.save(update_fields=["score", "rating", "updated_at"])
    record(
        actor=actor,
        action=Action.PARTNER_ASSESSMENT_ANSWERED,
        target=assessment,
        data={"answered": assessment.answers.count(), "score": assessment.score},
    )
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: PartnerAssessment) -> PartnerAssessment:
    assessment = _locked(assessment)
    _require(assessment_access(actor, assessment) == PARTNER, _("Only the partner submits its self-assessment."))
    _require(
        assessment.state in (AssessmentState.DRAFT, AssessmentState.RETURNED),
        _("This assessment is not open for submission."),
    )
    _rating_refresh(assessment)
    _require(assessment.score is not None, _("Answer every standard before submitting."))
    assessment.state = AssessmentState.SUBMITTED
    assessment.submitted_on = timezone.localdate()
    assessment.save()
    record(actor=actor, action=Action.PARTNER_ASSESSMENT_SUBMITTED, target=assessment, data={"score": assessment.score})
    return assessment


def _reviewer(actor: User, assessment: PartnerAssessment) -> None:
    access = assessment_access(actor, assessment)
    _require(access is not None and reviews(actor, access), _("Only the lead agency reviews this assessment."))


@transaction.atomic
def assessment_return(*, actor: User, assessment: PartnerAssessment, comment: str) -> PartnerAssessment:
    assessment = _locked(assessment)
    _reviewer(actor, assessment)
    _require(assessment.state == AssessmentState.SUBMITTED, _("Only a submitted assessment can be returned."))
    _require(bool(comment.strip()), _("Say what the partner should complete or correct."))
    assessment.state = AssessmentState.RETURNED
    assessment.return_comment = comment
    assessment.save()
    record(actor=actor, action=Action.PARTNER_ASSESSMENT_RETURNED, target=assessment)
    return assessment


@transaction.atomic
def assessment_finalise(
    *,
    actor: User,
    assessment: PartnerAssessment,
    preliminary_rating: str,
    decision_note: str,
    finalised_on: dt.date | None = None,
) -> PartnerAssessment:
    """The lead agency's documented decision: the preliminary determination and its reasons; valid VALID_YEARS."""
    assessment = _locked(assessment)
    _reviewer(actor, assessment)
    _require(assessment.state == AssessmentState.SUBMITTED, _("Only a submitted assessment can be made final."))
    _require(preliminary_rating in CapacityRating.values, _("Choose the preliminary determination."))
    _require(bool(decision_note.strip()), _("Write the decision."))
    day = finalised_on or timezone.localdate()
    assessment.state = AssessmentState.FINAL
    assessment.preliminary_rating = preliminary_rating
    assessment.decision_note = decision_note
    assessment.finalised_on = day
    assessment.valid_until = _years_after(day, VALID_YEARS)
    assessment.save()
    record(
        actor=actor,
        action=Action.PARTNER_ASSESSMENT_FINALISED,
        target=assessment,
        data={"rating": preliminary_rating, "score": assessment.score},
    )
    return assessment


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def assessment_cancel(*, actor: User, assessment: PartnerAssessment) -> PartnerAssessment:
    assessment = _locked(assessment)
    access = assessment_access(actor, assessment)
    _require(access in (LEAD, NETWORK) and edits_or_leads(actor, access), _("You cannot cancel this assessment."))
    _require(assessment.state in OPEN_STATES, _("Only an assessment in progress can be cancelled."))
    assessment.state = AssessmentState.CANCELLED
    assessment.save()
    record(actor=actor, action=Action.PARTNER_ASSESSMENT_CANCELLED, target=assessment)
    return assessment


def edits_or_leads(user: User, access: str) -> bool:
    return access == LEAD or (access == NETWORK and edits_partners(user))


@transaction.atomic
def action_add(
    *,
    actor: User,
    assessment: PartnerAssessment,
    action: str,
    due_on: dt.date,
    standard: CapacityStandard | None = None,
) -> CapacityAction:
    """An action of the capacity-strengthening plan (during the review or the monitoring)."""
    assessment = _locked(assessment)
    _reviewer(actor, assessment)
    _require(
        assessment.state in (AssessmentState.SUBMITTED, AssessmentState.FINAL),
        _("Plan actions once the assessment is submitted."),
    )
    _require(standard is None or standard.tool_id == assessment.tool_id, _("Unknown standard."))
    item = CapacityAction.objects.create(assessment=assessment, standard=standard, action=action, due_on=due_on)
    record(actor=actor, action=Action.CAPACITY_ACTION_ADDED, target=assessment, data={"action": item.pk})
    return item


@transaction.atomic
def action_status_set(*, actor: User, item: CapacityAction, status: str) -> CapacityAction:
    _reviewer(actor, item.assessment)
    _require(status in ActionStatus.values, _("Unknown status."))
    item.status = status
    item.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    item.save()
    record(
        actor=actor,
        action=Action.CAPACITY_ACTION_STATUS,
        target=item.assessment,
        data={"action": item.pk, "status": status},
    )
    return item


@transaction.atomic
def monitoring_note_add(*, actor: User, assessment: PartnerAssessment, text: str) -> MonitoringNote:
    _reviewer(actor, assessment)
    _require(assessment.state == AssessmentState.FINAL, _("Monitoring follows the decision."))
    _require(bool(text.strip()), _("Write the note."))
    note = MonitoringNote.objects.create(
        assessment=assessment, written_by=actor, written_on=timezone.localdate(), text=text
    )
    record(actor=actor, action=Action.PARTNER_ASSESSMENT_MONITORED, target=assessment, data={"note": note.pk})
    return note


@transaction.atomic
def final_determination_set(*, actor: User, assessment: PartnerAssessment, rating: str) -> PartnerAssessment:
    """After monitoring, the lead agency's final determination of the partner's capacity."""
    assessment = _locked(assessment)
    _reviewer(actor, assessment)
    _require(assessment.state == AssessmentState.FINAL, _("The final determination follows the decision."))
    _require(rating in CapacityRating.values, _("Choose the final determination."))
    assessment.final_rating = rating
    assessment.final_determined_on = timezone.localdate()
    assessment.save()
    record(actor=actor, action=Action.PARTNER_ASSESSMENT_DETERMINED, target=assessment, data={"rating": rating})
    return assessment


# --- evidence ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def _evidence_type(upload: Upload) -> tuple[str, str]:
    """(extension, content type) of an accepted file, or a ValidationError."""
    if not upload.content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(upload.content) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20}})
    extension = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    known = EVIDENCE_TYPES.get(extension)
    if known is None or not upload.content.startswith(known[1]):
        raise ValidationError(
            {"file": _("Upload a PDF, a photo (JPEG or PNG), or a Word, Excel or OpenDocument file.")}
        )
    if known[1] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(upload.content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "[Content_Types].xml" not in names and "mimetype" not in names:
            raise ValidationError({"file": _("This file is not the document its name says.")})
    return extension, known[0]


@transaction.atomic
def evidence_add(
    *, actor: User, assessment: PartnerAssessment, standard: CapacityStandard, kind: str, upload: Upload
) -> AssessmentEvidence:
    """Seal a document to the assessment's keyring (needs only its public key) and attach it to a standard."""
    assessment = _locked(assessment)
    _require(assessment_access(actor, assessment) == PARTNER, _("Only the partner adds evidence."))
    _require(
        assessment.state in (AssessmentState.DRAFT, AssessmentState.RETURNED),
        _("This assessment is no longer open for evidence."),
    )
    _require(standard.tool_id == assessment.tool_id, _("Unknown standard."))
    extension, content_type = _evidence_type(upload)
    if assessment.keyring is None:  # an assessment made before it had a keyring: give it one now
        assessment.keyring = _keyring_for(assessment, actor)
        assessment.save(update_fields=["keyring"])
    stem = (upload.filename.rsplit(".", 1)[0] or "document")[:80]
    sealed = vault.sealed_file_store(
        keyring=assessment.keyring, content=upload.content, filename=f"{stem}.{extension}", content_type=content_type
    )
    evidence = AssessmentEvidence.objects.create(
        assessment=assessment, standard=standard, kind=kind, sealed_file=sealed, uploaded_by=actor
    )
    record(
        actor=actor,
        action=Action.PARTNER_EVIDENCE_ADDED,
        target=assessment,
        data={"evidence": evidence.pk, "standard": standard.code, "kind": kind, "size": sealed.size},
    )
    return evidence


def evidence_get_for(user: User, assessment: PartnerAssessment, evidence_id: int) -> AssessmentEvidence:
    """One evidence item, only for its readers (404 for anyone else)."""
    evidence = assessment.evidence.select_related("sealed_file").filter(pk=evidence_id).first()
    if evidence is None or not reads_evidence(user, assessment):
        raise Http404
    return evidence


def keyring_private_for(user: User, assessment: PartnerAssessment, user_private: bytes | None) -> bytes | None:
    """The assessment's private key for this user's unlocked key, or None (locked, or no grant yet)."""
    if assessment.keyring is None:
        return None
    try:
        return vault.keyring_open_for_user(keyring=assessment.keyring, user=user, user_private=user_private)
    except vault.NoGrantError:
        return None


@transaction.atomic
def evidence_grants_sync(*, actor: User, assessment: PartnerAssessment, keyring_private: bytes) -> int:
    """Keep the keyring's grants in step with who may read the evidence: a reader who holds the key (opening the
    page or a document) wraps it for new readers (a new focal point, a new coordinator, a reset password) and
    grants of those who are no longer readers are revoked. Returns the grants made or revoked."""
    if assessment.keyring is None:
        return 0
    readers = {u.pk: u for u in User.objects.filter(pk__in=evidence_reader_ids(assessment), public_key__isnull=False)}
    grants: dict[int, bytes] = {
        g.user_id: bytes(g.recipient_public_key or b"")
        for g in KeyGrant.objects.filter(keyring=assessment.keyring, kind=GrantKind.USER)
        if g.user_id is not None
    }
    changed = 0
    for pk, user in readers.items():
        if grants.get(pk) != bytes(user.public_key or b""):
            vault.grant_user(keyring=assessment.keyring, keyring_private=keyring_private, user=user, granted_by=actor)
            changed += 1
    for gone in set(grants) - set(readers):
        vault.grants_revoke_user(keyring_id=assessment.keyring.pk, user=gone)
        changed += 1
    if changed:
        record(actor=actor, action=Action.PARTNER_EVIDENCE_ACCESS_SYNCED, target=assessment, data={"changed": changed})
    return changed


@transaction.atomic
def evidence_read(*, actor: User, evidence: AssessmentEvidence, keyring_private: bytes) -> tuple[bytes, dict[str, str]]:
    """The document and its sealed name and type; every read is audited."""
    try:
        content, meta = vault.sealed_file_open(sealed_file=evidence.sealed_file, keyring_private=keyring_private)
    except vault.SealedValueTamperedError as exc:
        record(
            actor=actor, action=Action.SEALED_VALUE_REFUSED, target=evidence.assessment, data={"values": [exc.where]}
        )
        raise
    record(actor=actor, action=Action.PARTNER_EVIDENCE_READ, target=evidence.assessment, data={"evidence": evidence.pk})
    return content, meta


def evidence_names(assessment: PartnerAssessment, keyring_private: bytes | None) -> dict[int, str]:
    """The sealed file names, for a reader whose key is unlocked ({} otherwise)."""
    if keyring_private is None:
        return {}
    names: dict[int, str] = {}
    for evidence in assessment.evidence.select_related("sealed_file"):
        try:
            names[evidence.pk] = vault.sealed_file_meta(
                sealed_file=evidence.sealed_file, keyring_private=keyring_private
            ).get("filename", "")
        except VaultError:
            names[evidence.pk] = ""
    return names


# --- partners and the agencies that work with them ----------------------------------------------------------------
def partner_candidates() -> QuerySet[Organisation]:
    """Organisations that can be assessed: every active one but the UN's own."""
    return Organisation.objects.filter(is_active=True).exclude(
        type__in=[OrganisationType.UN_AGENCY, OrganisationType.UN_SECRETARIAT]
    )


def agencies() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True)


@transaction.atomic
def partner_link_add(*, actor: User, agency: Organisation, partner: Organisation) -> PartnerLink:
    """Record that ``agency`` works with ``partner`` (its focal point, or the network's editors); idempotent."""
    _require(edits_partners(actor) or agency.pk in _org_ids(actor), _("You record your own organisation's partners."))
    _require(agency.pk != partner.pk, _("An organisation is not its own partner."))
    link, created = PartnerLink.objects.get_or_create(agency=agency, partner=partner, defaults={"recorded_by": actor})
    if created:
        record(
            actor=actor, action=Action.PARTNER_LINK_ADDED, target=partner, data={"agency": agency.pk, "link": link.pk}
        )
    return link


@transaction.atomic
def partner_link_remove(*, actor: User, link: PartnerLink) -> None:
    _require(
        edits_partners(actor) or link.agency_id in _org_ids(actor), _("You record your own organisation's partners.")
    )
    record(actor=actor, action=Action.PARTNER_LINK_REMOVED, target=link.partner, data={"agency": link.agency_id})
    link.delete()


def partner_link_get_for(user: User, link_id: int) -> PartnerLink:
    link = PartnerLink.objects.select_related("partner").filter(pk=link_id).first()
    if link is None or not (edits_partners(user) or link.agency_id in _org_ids(user)):
        raise Http404
    return link


# --- the register --------------------------------------------------------------------------------------------------
@dataclass
class RegisterRow:
    partner: Organisation
    current: PartnerAssessment | None  # the latest final assessment
    open: PartnerAssessment | None  # the assessment in progress, if any
    agencies: list[Organisation] = field(default_factory=list)
    links: list[PartnerLink] = field(default_factory=list)
    expired: bool = False
    expiring: bool = False
    overdue_actions: int = 0


@dataclass
class Register:
    rows: list[RegisterRow]
    assessed: int  # partners with a final assessment still valid
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.assessed / self.total) if self.total else 0


def register(user: User, *, today: dt.date | None = None) -> Register:
    """Every partner assessed or worked with: the current rating, the lead agency, the agencies that work with
    it, what is overdue. The share assessed = partners with a valid final assessment ÷ partners in the register.
    Nothing in a row is more than the result every reader may see."""
    today = today or timezone.localdate()
    assessments = list(
        PartnerAssessment.objects.exclude(state=AssessmentState.CANCELLED)
        .select_related("partner", "lead_agency", "tool")
        .order_by("finalised_on", "started_on", "id")
    )
    links = list(PartnerLink.objects.select_related("agency", "partner").order_by("agency__name"))
    partners = {a.partner_id: a.partner for a in assessments} | {link.partner_id: link.partner for link in links}
    overdue = Counter(
        CapacityAction.objects.filter(
            status=ActionStatus.OPEN, due_on__lt=today, assessment__state=AssessmentState.FINAL
        ).values_list("assessment_id", flat=True)
    )
    rows: dict[int, RegisterRow] = {
        pk: RegisterRow(partner=org, current=None, open=None) for pk, org in partners.items()
    }
    for assessment in assessments:
        row = rows[assessment.partner_id]
        if assessment.state == AssessmentState.FINAL:
            row.current = assessment  # ordered by date: the latest wins
        else:
            row.open = assessment
    own = _org_ids(user)
    for link in links:
        rows[link.partner_id].agencies.append(link.agency)
        if edits_partners(user) or link.agency_id in own:
            rows[link.partner_id].links.append(link)
    for row in rows.values():
        if row.current is not None and row.current.valid_until is not None:
            row.expired = row.current.valid_until < today
            row.expiring = not row.expired and row.current.valid_until <= today + dt.timedelta(RENEWAL_NOTICE_DAYS)
            row.overdue_actions = overdue[row.current.pk]
    ordered = sorted(rows.values(), key=lambda r: r.partner.name.lower())
    assessed = sum(1 for r in ordered if r.current is not None and not r.expired)
    return Register(rows=ordered, assessed=assessed, total=len(ordered))


# --- renewal reminders ---------------------------------------------------------------------------------------------
REMINDER_SUBJECT = gettext_lazy("Partner assessments to renew in PSEA Hub")
REMINDER_BODY = gettext_lazy(
    "%(count)s partner PSEA capacity assessment(s) you follow expire within three months or have expired.\n\n"
    "See the register after signing in:\n%(link)s"
)


@transaction.atomic
def renewal_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the people who follow final assessments that expire within RENEWAL_NOTICE_DAYS (or expired) and were
    not reminded yet: the partner's and lead agency's focal points and the coordinators, each once with a count and
    a link. Each assessment is reminded once (a renewal starts a new assessment). Returns the e-mails queued."""
    today = today or timezone.localdate()
    due = list(
        PartnerAssessment.objects.select_for_update()
        .filter(
            state=AssessmentState.FINAL,
            renewal_reminded_at__isnull=True,
            valid_until__lte=today + dt.timedelta(RENEWAL_NOTICE_DAYS),
        )
        .values_list("pk", "partner_id", "lead_agency_id")
    )
    if not due:
        return 0
    orgs = {org for _pk, partner, lead in due for org in (partner, lead)}
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role_assignments__role=Role.COORDINATOR)
            | Q(role_assignments__role=Role.FOCAL_POINT, role_assignments__organisation_id__in=orgs)
        )
        .distinct()
    )
    link = site_url(reverse("partners:assessments") + "?overdue=on")

    def count_for(user: User) -> int:
        if user.has_role(Role.COORDINATOR):
            return len(due)
        mine = _org_ids(user)
        return sum(1 for _pk, partner, lead in due if partner in mine or lead in mine)

    sent = count_notices_send(
        people=people, count_for=count_for, subject=REMINDER_SUBJECT, body=REMINDER_BODY, link=link
    )
    PartnerAssessment.objects.filter(pk__in=[pk for pk, _p, _l in due]).update(renewal_reminded_at=timezone.now())
    record(actor=None, action=Action.PARTNER_ASSESSMENTS_REMINDED, data={"assessments": len(due), "emails": sent})
    return sent


# --- the network's own tools ---------------------------------------------------------------------------------------
def tool_get(public_id: uuid.UUID) -> CapacityTool:
    tool = CapacityTool.objects.filter(public_id=public_id).first()
    if tool is None:
        raise Http404
    return tool


@transaction.atomic
def tool_copy(*, actor: User, tool: CapacityTool, code: str, name: str, version: str) -> CapacityTool:
    """A network's own version of a tool: its standards and thresholds copied, to edit (``tool_update``)."""
    _require(edits_partners(actor), _("Only the coordinator and co-chairs keep the tools."))
    if CapacityTool.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A tool with this code exists.")})
    copy = CapacityTool.objects.create(
        code=code, name=name, version=version, scale=tool.scale, source=tool.display_name(), is_builtin=False
    )
    CapacityStandard.objects.bulk_create(
        [
            CapacityStandard(
                tool=copy,
                order=s.order,
                code=s.code,
                name=s.display_name(),
                guidance=s.guidance_text(),
                evidence_kinds=s.evidence_kinds,
            )
            for s in tool.standards.all()
        ]
    )
    CapacityThreshold.objects.bulk_create(
        [
            CapacityThreshold(tool=copy, min_score=t.min_score, max_score=t.max_score, rating=t.rating)
            for t in tool.thresholds.all()
        ]
    )
    record(actor=actor, action=Action.CAPACITY_TOOL_COPIED, target=copy, data={"from": tool.code, "code": code})
    return copy


def max_score(tool: CapacityTool, standards: int) -> int:
    return standards * max(value for value, _label in tool.score_choices())


def score_range(tool: CapacityTool) -> tuple[int, int]:
    """The lowest and highest sum an assessment with ``tool`` can have."""
    count = tool.standards.count()
    return count * min(value for value, _label in tool.score_choices()), max_score(tool, count)


def bands_cover(thresholds: list[tuple[int, int, str]], low: int, high: int) -> bool:
    """Whether the bands [(from, to, rating)] follow each other from ``low`` to ``high`` without gap or overlap."""
    expected = low
    for a, b in sorted((a, b) for a, b, _rating in thresholds):
        if a != expected or b < a:
            return False
        expected = b + 1
    return expected == high + 1


def standards_changeable(tool: CapacityTool) -> bool:
    """A network's own tool not used by any assessment yet: its standards can be added or removed (an
    assessment's answers and its rating rest on the standards it was made with)."""
    return not tool.is_builtin and not tool.assessments.exists()


def tool_bands_cover(tool: CapacityTool) -> bool:
    low, high = score_range(tool)
    return bands_cover([(t.min_score, t.max_score, t.rating) for t in tool.thresholds.all()], low, high)


def _standards_changed(actor: User, tool: CapacityTool, data: dict[str, str]) -> None:
    """After a standard is added or removed: a tool whose bands no longer cover the new range is no longer
    offered until they do (``tool_update``)."""
    if tool.is_active and not tool_bands_cover(tool):
        tool.is_active = False
        tool.save(update_fields=["is_active"])
    record(actor=actor, action=Action.CAPACITY_TOOL_UPDATED, target=tool, data={"code": tool.code, **data})


@transaction.atomic
def standard_add(*, actor: User, tool: CapacityTool, name: str, guidance: str = "") -> CapacityStandard:
    """A new last standard of a network's own tool not used yet. A name the tool has already is refused (the same
    form sent twice adds it once)."""
    _require(edits_partners(actor), _("Only the coordinator and co-chairs keep the tools."))
    tool = CapacityTool.objects.select_for_update().get(pk=tool.pk)
    _require(standards_changeable(tool), _("Standards change only before a tool is used: copy it for a new version."))
    name = name.strip()
    if tool.standards.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This tool has a standard of this name.")})
    order = max(tool.standards.values_list("order", flat=True), default=0) + 1
    taken = set(tool.standards.values_list("code", flat=True))
    number = order
    while f"standard-{number}" in taken:
        number += 1
    standard = CapacityStandard.objects.create(
        tool=tool, order=order, code=f"standard-{number}", name=name, guidance=guidance.strip()
    )
    _standards_changed(actor, tool, {"standard_added": standard.code})
    return standard


@transaction.atomic
def standard_remove(*, actor: User, tool: CapacityTool, standard_id: int) -> bool:
    """Remove a standard of a network's own tool not used yet; those after it move up. False if it is gone
    already (the same form sent twice)."""
    _require(edits_partners(actor), _("Only the coordinator and co-chairs keep the tools."))
    tool = CapacityTool.objects.select_for_update().get(pk=tool.pk)
    _require(standards_changeable(tool), _("Standards change only before a tool is used: copy it for a new version."))
    standard = tool.standards.filter(pk=standard_id).first()
    if standard is None:
        return False
    _require(tool.standards.count() > 1, _("A tool keeps at least one standard."))
    code, order = standard.code, standard.order
    standard.delete()
    for later in tool.standards.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order"])
    _standards_changed(actor, tool, {"standard_removed": code})
    return True


@transaction.atomic
def tool_update(
    *,
    actor: User,
    tool: CapacityTool,
    name: str,
    version: str,
    is_active: bool,
    standards: dict[int, tuple[str, str]],
    thresholds: list[tuple[int, int, str]],
) -> CapacityTool:
    """Edit a network's own tool: its name, version, standards' names and guidance ({id: (name, guidance)}), and
    thresholds [(from, to, rating)], which must cover every possible sum exactly once. Shipped tools are
    restored after every migrate, so they are copied rather than edited."""
    _require(edits_partners(actor), _("Only the coordinator and co-chairs keep the tools."))
    _require(not tool.is_builtin, _("A shipped tool is not edited: copy it."))
    low, high = score_range(tool)
    if not bands_cover(thresholds, low, high):
        message = _("The score bands must follow each other from %(low)d to %(high)d without gaps.")
        raise ValidationError({"thresholds": message % {"low": low, "high": high}})
    tool.name, tool.version, tool.is_active = name, version, is_active
    tool.save()
    for standard in tool.standards.all():
        if standard.pk in standards:
            standard.name, standard.guidance = standards[standard.pk]
            standard.save(update_fields=["name", "guidance"])
    tool.thresholds.all().delete()
    CapacityThreshold.objects.bulk_create(
        [CapacityThreshold(tool=tool, min_score=a, max_score=b, rating=rating) for a, b, rating in thresholds]
    )
    record(actor=actor, action=Action.CAPACITY_TOOL_UPDATED, target=tool, data={"code": tool.code})
    return tool
