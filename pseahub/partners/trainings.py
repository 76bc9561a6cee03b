"""Trainings (issue 16 items 5 and 6): who may record and read sessions, the services that write them (each write
audited in its transaction, ids and codes only) and the selectors that read them: a session's average gain, the
coverage of focal points and CFM staff per organisation and area, and who is due for a refresher.

Who: the coordinator and co-chairs record and edit any session; a focal point records and edits its own
organisation's sessions (the organiser is its organisation) and reads those only; leadership reads every session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.actions import Action
from pseahub.audit.services import record
from pseahub.network.models import Area, Organisation

from .access import edits_partners
from .models import (
    ParticipantRole,
    ParticipantSex,
    TrainingMaterial,
    TrainingParticipant,
    TrainingPolicy,
    TrainingSession,
    TrainingTopic,
)

#: A focal point or CFM staff member is due for a refresher when its organisation's last training on a topic is
#: older than this many months: the network's choice (``TrainingPolicy``, set on the coverage page by the editors);
#: until it chooses, ``PARTNERS_TRAINING_REFRESHER_MONTHS`` in the settings, else 24.
DEFAULT_REFRESHER_MONTHS = 24
#: The roles the coverage counts.
COVERED_ROLES = (ParticipantRole.FOCAL_POINT, ParticipantRole.CFM_STAFF)


def refresher_months() -> int:
    policy = TrainingPolicy.objects.order_by("pk").first()
    if policy is not None:
        return policy.refresher_months
    return int(getattr(settings, "PARTNERS_TRAINING_REFRESHER_MONTHS", DEFAULT_REFRESHER_MONTHS))


@transaction.atomic
def refresher_months_set(*, actor: User, months: int) -> TrainingPolicy:
    """The network's choice of refresher period (the coordinator's and co-chairs')."""
    if not edits_partners(actor):
        raise PermissionError("the network's editors choose")
    policy = TrainingPolicy.objects.select_for_update().order_by("pk").first() or TrainingPolicy()
    before = policy.refresher_months if policy.pk else None
    policy.refresher_months = months
    policy.updated_by = actor
    policy.save()
    record(actor=actor, action=Action.TRAINING_REFRESHER_SET, target=policy, data={"from": before, "months": months})
    return policy


# --- who ---------------------------------------------------------------------------------------------------------
def focal_point_organisation_ids(user: User) -> set[int]:
    return user.organisation_ids(Role.FOCAL_POINT) if user.has_role(Role.FOCAL_POINT) else set()


def reads_all_sessions(user: User) -> bool:
    return edits_partners(user) or user.has_role(Role.LEADERSHIP)


def records_sessions(user: User) -> bool:
    return edits_partners(user) or bool(focal_point_organisation_ids(user))


def organiser_choices(user: User) -> QuerySet[Organisation]:
    """The organisations ``user`` may name as organiser: every active one for the editors, its own for a focal point."""
    organisations = Organisation.objects.filter(is_active=True)
    if edits_partners(user):
        return organisations
    return organisations.filter(pk__in=focal_point_organisation_ids(user))


def session_edits(user: User, session: TrainingSession) -> bool:
    return edits_partners(user) or session.organiser_id in focal_point_organisation_ids(user)


def session_list(
    user: User,
    *,
    topic: str = "",
    year: int | None = None,
    area: Area | None = None,
    organiser: Organisation | None = None,
) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.select_related("area", "organiser")
    if not reads_all_sessions(user):
        sessions = sessions.filter(organiser_id__in=focal_point_organisation_ids(user))
    if topic:
        sessions = sessions.filter(topic=topic)
    if year:
        sessions = sessions.filter(held_on__year=year)
    if area is not None:
        sessions = sessions.filter(area=area)
    if organiser is not None:
        sessions = sessions.filter(organiser=organiser)
    return sessions


def session_get_for(user: User, public_id: Any) -> TrainingSession:
    """The session ``user`` may read (404 otherwise)."""
    session = session_list(user).filter(public_id=public_id).first()
    if session is None:
        raise Http404
    return session


def session_get_for_update(user: User, public_id: Any) -> TrainingSession:
    """The session ``user`` may edit (404 otherwise: a focal point does not learn of other organisations')."""
    session = session_get_for(user, public_id)
    if not session_edits(user, session):
        raise Http404
    return session


def session_years() -> list[int]:
    return sorted({day.year for day in TrainingSession.objects.dates("held_on", "year")}, reverse=True)


# --- scores ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scores:
    tested: int  # participants with both scores
    pre_average: float | None
    post_average: float | None
    average_gain: float | None  # post minus pre, averaged over the tested participants


def session_scores(participants: Iterable[TrainingParticipant]) -> Scores:
    pairs = [(p.pre_score, p.post_score) for p in participants if p.pre_score is not None and p.post_score is not None]
    if not pairs:
        return Scores(0, None, None, None)
    count = len(pairs)
    pre = sum(pair[0] for pair in pairs) / count
    post = sum(pair[1] for pair in pairs) / count
    return Scores(count, round(pre, 1), round(post, 1), round(post - pre, 1))


@dataclass(frozen=True)
class OrganisationCount:
    organisation: str
    by_sex: list[tuple[str, int]]  # (label, count) in the order of ParticipantSex
    total: int


def participants_by_organisation(participants: Iterable[TrainingParticipant]) -> list[OrganisationCount]:
    """A session's participants counted per organisation and sex (its organisations in name order)."""
    counts: dict[str, Counter[str]] = {}
    for participant in participants:
        organisation = participant.organisation
        counts.setdefault(organisation.acronym or organisation.name, Counter())[participant.sex] += 1
    return [
        OrganisationCount(
            organisation=label,
            by_sex=[(str(sex_label), counter[value]) for value, sex_label in ParticipantSex.choices],
            total=sum(counter.values()),
        )
        for label, counter in sorted(counts.items())
    ]


# --- writing -----------------------------------------------------------------------------------------------------
SESSION_FIELDS = ("topic", "held_on", "place", "area", "trainers", "organiser")


def _check_organiser(actor: User, organiser: Organisation) -> None:
    if not organiser_choices(actor).filter(pk=organiser.pk).exists():
        raise PermissionError("not this organisation's focal point")


@transaction.atomic
def session_create(*, actor: User, data: dict[str, Any], submission: Any = None) -> TrainingSession:
    """A new session; ``submission`` (the form's one-time id) becomes its public id, so that a repeated POST
    returns the session the first one made."""
    _check_organiser(actor, data["organiser"])
    if submission is not None:
        made = TrainingSession.objects.filter(public_id=submission).first()
        if made is not None and made.created_by_id == actor.pk:
            return made
        if made is not None:  # another's id (forged): a new one
            submission = None
    extra = {"public_id": submission} if submission is not None else {}
    session = TrainingSession.objects.create(created_by=actor, **extra, **{key: data[key] for key in SESSION_FIELDS})
    record(
        actor=actor,
        action=Action.TRAINING_SESSION_CREATED,
        target=session,
        data={"topic": session.topic, "organiser": session.organiser_id},
    )
    return session


@transaction.atomic
def session_update(*, actor: User, session: TrainingSession, data: dict[str, Any]) -> TrainingSession:
    _check_organiser(actor, data["organiser"])
    changed = [key for key in SESSION_FIELDS if getattr(session, key) != data[key]]
    for key in changed:
        setattr(session, key, data[key])
    session.save()
    record(actor=actor, action=Action.TRAINING_SESSION_UPDATED, target=session, data={"fields": changed})
    return session


@transaction.atomic
def session_delete(*, actor: User, session: TrainingSession) -> None:
    """Delete a session recorded by mistake (a duplicate, the wrong day), with its participants and materials;
    the audit log keeps what it was (topic, day, organiser, how many participants and materials), no names."""
    if not session_edits(actor, session):
        raise PermissionError("not this organisation's session")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    data = {
        "topic": session.topic,
        "held_on": session.held_on.isoformat(),
        "organiser": session.organiser_id,
        "participants": session.participants.count(),
        "materials": session.materials.count(),
    }
    record(actor=actor, action=Action.TRAINING_SESSION_DELETED, target=session, data=data)
    session.delete()


@dataclass
class ParticipantRow:
    """One grid row, cleaned: ``id`` of an existing participant (None: a new one); ``remove`` deletes it."""

    id: int | None
    entry_key: str
    organisation: Organisation
    sex: str
    role: str
    name_consent: bool
    name: str
    language: str
    pre_score: int | None
    post_score: int | None
    completed: bool
    remove: bool = False


@dataclass
class ParticipantsSaved:
    added: int = 0
    changed: int = 0
    removed: int = 0
    ids: list[int] = field(default_factory=list)


PARTICIPANT_FIELDS = ("organisation", "sex", "role", "name_consent", "name", "language", "pre_score", "post_score")


@transaction.atomic
def participants_save(*, actor: User, session: TrainingSession, rows: Sequence[ParticipantRow]) -> ParticipantsSaved:
    """Add, change and remove the session's participants in one go. A name is kept only with the participant's
    consent: without it the row holds no name, whatever was typed. A new row whose ``entry_key`` is already
    stored (the same grid posted twice) is not added again."""
    # The session's row first: two posts of the same grid at once wait here for each other, so the second sees
    # the first one's rows by their entry keys (locking the participants alone locks nothing in an empty session).
    TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
    existing = {p.pk: p for p in session.participants.select_for_update()}
    saved = ParticipantsSaved()
    for row in rows:
        values = {
            "organisation": row.organisation,
            "sex": row.sex,
            "role": row.role,
            "name_consent": row.name_consent,
            "name": row.name.strip() if row.name_consent else "",
            "language": row.language,
            "pre_score": row.pre_score,
            "post_score": row.post_score,
            "completed": row.completed,
        }
        if row.id is None:
            if row.remove or (row.entry_key and session.participants.filter(entry_key=row.entry_key).exists()):
                continue
            values["entry_key"] = row.entry_key
            participant = TrainingParticipant.objects.create(session=session, **values)
            saved.added += 1
            saved.ids.append(participant.pk)
            continue
        values.pop("entry_key", None)
        participant_or_none = existing.get(row.id)
        if participant_or_none is None:
            raise ValueError("a participant of another session")
        participant = participant_or_none
        if row.remove:
            participant.delete()
            saved.removed += 1
            continue
        if any(getattr(participant, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(participant, key, value)
            participant.save()
            saved.changed += 1
    if saved.added or saved.changed or saved.removed:
        record(
            actor=actor,
            action=Action.TRAINING_PARTICIPANTS_SAVED,
            target=session,
            data={"added": saved.added, "changed": saved.changed, "removed": saved.removed},
        )
    return saved


#: Material files: at most this size, of these types (by extension: content type, and how the content starts).
MATERIAL_MAX_BYTES = 10 * 1024 * 1024
MATERIAL_FILE_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    "odp": ("application/vnd.oasis.opendocument.presentation", b"PK\x03\x04"),
}


@dataclass(frozen=True)
class MaterialFile:
    filename: str
    content: bytes


def _material_file_checked(upload: MaterialFile) -> tuple[str, str]:
    """The file's clean name and content type, or a ValidationError on ``file`` saying what is wrong."""
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in MATERIAL_FILE_TYPES:
        allowed = ", ".join(f".{known}" for known in MATERIAL_FILE_TYPES)
        raise ValidationError(
            {
                "file": _("Upload a PDF, Word, PowerPoint, Excel or OpenDocument file (%(allowed)s).")
                % {"allowed": allowed}
            }
        )
    if not upload.content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(upload.content) > MATERIAL_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    content_type, magic = MATERIAL_FILE_TYPES[extension]
    if not upload.content.startswith(magic):
        raise ValidationError(
            {"file": _("The file's content is not what its name says (.%(extension)s).") % {"extension": extension}}
        )
    return name, content_type


@transaction.atomic
def material_add(
    *, actor: User, session: TrainingSession, title: str, url: str = "", upload: MaterialFile | None = None
) -> TrainingMaterial:
    """A link or a file (exactly one), checked for what it claims to be."""
    if bool(url) == (upload is not None):
        raise ValidationError(_("Give a link or a file, not both."))
    material = TrainingMaterial(session=session, title=title.strip(), url=url)
    if upload is not None:
        name, content_type = _material_file_checked(upload)
        material.filename, material.content_type = name, content_type
        material.content, material.size = upload.content, len(upload.content)
        material.sha256 = hashlib.sha256(upload.content).hexdigest()
    material.save()
    record(
        actor=actor,
        action=Action.TRAINING_MATERIAL_ADDED,
        target=session,
        data={"material": material.pk, "kind": "file" if upload is not None else "link", "sha256": material.sha256},
    )
    return material


def material_get_for(user: User, session: TrainingSession, public_id: Any) -> TrainingMaterial:
    """A file material of a session ``user`` reads (404 otherwise)."""
    material = session.materials.filter(public_id=public_id, content__isnull=False).first()
    if material is None:
        raise Http404
    return material


# --- certificates ------------------------------------------------------------------------------------------------
def certificate_participant_get_for(user: User, session: TrainingSession, public_id: Any) -> TrainingParticipant:
    """A named participant who completed ``session`` (404 otherwise: no certificate without a name)."""
    participant = session.participants.filter(public_id=public_id).select_related("organisation").first()
    if participant is None or not participant.has_certificate:
        raise Http404
    return participant


CERTIFICATE_FONT = "DejaVu Sans"


def certificate_html(participant: TrainingParticipant) -> str:
    """The certificate's HTML in the participant's language (right to left for Arabic)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    session = participant.session
    with translation.override(participant.language):
        return render_to_string(
            "partners/trainings_certificate.html",
            {
                "participant": participant,
                "session": session,
                "topic": TrainingTopic(session.topic).label,
                "language": participant.language,
                "rtl": translation.get_language_bidi(),
                "font": CERTIFICATE_FONT,
                "area": session.area.display_name(participant.language) if session.area else "",
            },
        )


def certificate_pdf(participant: TrainingParticipant) -> bytes:
    """The participant's certificate (A4 landscape), see ``certificate_html``. Nothing is fetched while it is made
    (``data:`` URLs only)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = certificate_html(participant)
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf(pdf_tags=True)
    return pdf


# --- coverage ----------------------------------------------------------------------------------------------------
@dataclass
class CoverageRow:
    label: str
    focal_points: int = 0
    cfm_staff: int = 0
    by_sex: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.focal_points + self.cfm_staff

    @property
    def sex_counts(self) -> list[tuple[str, int]]:
        """(label, count) by sex, in the order of ``ParticipantSex``."""
        return [(str(label), self.by_sex[value]) for value, label in ParticipantSex.choices]


@dataclass(frozen=True)
class RefresherRow:
    organisation: str
    role: str
    topic: str
    last: dt.date
    due_on: dt.date
    due: bool


@dataclass
class Coverage:
    by_organisation: list[CoverageRow]
    by_area: list[CoverageRow]
    refreshers: list[RefresherRow]
    months: int
    sexes: list[tuple[str, str]]


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def _months_after(day: dt.date, months: int) -> dt.date:
    return _months_before(day, -months)


def coverage(*, today: dt.date | None = None) -> Coverage:
    """Focal points and CFM staff trained (participants who completed a session) per organisation and per area
    (the session's admin-1), counts only (no names); and per organisation, role and topic the last training and
    whether it is older than the network's refresher period."""
    today = today or timezone.localdate()
    months = refresher_months()
    trained = TrainingParticipant.objects.filter(completed=True, role__in=COVERED_ROLES).select_related(
        "organisation", "session__area"
    )
    by_organisation: dict[int, CoverageRow] = {}
    by_area: dict[int | None, CoverageRow] = {}
    for participant in trained:
        organisation = participant.organisation
        area = participant.session.area
        rows = (
            by_organisation.setdefault(organisation.pk, CoverageRow(organisation.acronym or organisation.name)),
            by_area.setdefault(area.pk if area else None, CoverageRow(area.display_name() if area else "")),
        )
        for row in rows:
            if participant.role == ParticipantRole.FOCAL_POINT:
                row.focal_points += 1
            else:
                row.cfm_staff += 1
            row.by_sex[participant.sex] += 1
    last = (
        trained.values("organisation__name", "organisation__acronym", "role", "session__topic")
        .annotate(last=Max("session__held_on"))
        .order_by("organisation__name", "role", "session__topic")
    )
    cutoff = _months_before(today, months)
    refreshers = [
        RefresherRow(
            organisation=row["organisation__acronym"] or row["organisation__name"],
            role=str(ParticipantRole(row["role"]).label),
            topic=str(TrainingTopic(row["session__topic"]).label),
            last=row["last"],
            due_on=_months_after(row["last"], months),
            due=row["last"] < cutoff,
        )
        for row in last
    ]
    refreshers.sort(key=lambda row: (not row.due, row.due_on))
    return Coverage(
        by_organisation=sorted(by_organisation.values(), key=lambda row: (-row.total, row.label)),
        by_area=sorted(by_area.values(), key=lambda row: (-row.total, row.label)),
        refreshers=refreshers,
        months=months,
        sexes=[(value, str(label)) for value, label in ParticipantSex.choices],
    )
