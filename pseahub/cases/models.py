"""The case record: complaints, allegations, survivors, consents, messages, and the vocabularies they use.

Clear fields serve workflow and statistics (ids, dates, status, channel, area, SEA type, personnel
category, survivor sex and age group, organisations, deadlines). Everything identifying — names, contacts,
narrative, free text, messages, attachments, perpetrator identity, exact location — is in ``sealed``
blobs encrypted to the complaint's keyring (see ``pseahub.vault``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel


class Vocabulary(models.TextChoices):
    SEA_TYPE = "sea_type", _("SEA type")
    PERSONNEL_CATEGORY = "personnel_category", _("Personnel category")
    GBV_TYPE = "gbv_type", _("GBV type (GBVIMS)")
    OUTCOME = "outcome", _("Investigation outcome")
    AGE_GROUP = "age_group", _("Age group")
    DISPLACEMENT = "displacement", _("Displacement status")


class Term(models.Model):
    """One value of a vocabulary, held as data so the network can adapt it; labels per language."""

    vocabulary = models.CharField(_("vocabulary"), max_length=32, choices=Vocabulary.choices)
    code = models.CharField(_("code"), max_length=48)
    labels = models.JSONField(_("labels"), default=dict, help_text=_('By language, e.g. {"en": …, "fr": …, "ar": …}'))
    group = models.CharField(_("group"), max_length=32, blank=True, help_text=_("e.g. SE or SA for SEA types"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["vocabulary", "sort_order", "code"]
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="unique_term_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.labels.get(language) or self.labels.get("en") or self.code)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    FOCAL_POINT = "focal_point", _("Through a focal point")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    FIELD_FORM = "field_form", _("Field form")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    REFERRED = "referred", _("Referred")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# The states of a referral (``pseahub.referrals.models.ReferralState``) in which the concerned organisation or
# provider is still working. Defined here, the lower app, because the closure rule needs it; referrals uses it.
REFERRAL_OPEN_STATES = ("sent", "acknowledged", "in_progress")


class Classification(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Not yet classified")
    SEA = "sea", _("Sexual exploitation or abuse")
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    OTHER_MISCONDUCT = "other_misconduct", _("Other misconduct")
    PROGRAMME_FEEDBACK = "programme_feedback", _("Programme feedback")


class ComplainantType(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    WITNESS = "witness", _("A witness")
    THIRD_PARTY = "third_party", _("Someone else who was told")
    ANONYMOUS = "anonymous", _("Anonymous")


class ContactMethod(models.TextChoices):
    NONE = "none", _("Do not contact me")
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person, through a focal point")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", pgettext_lazy("sex", "Other")
    UNKNOWN = "unknown", _("Unknown / prefer not to say")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class TimeOfDay(models.TextChoices):
    """GBVIMS's time-of-day buckets."""

    MORNING = "morning", _("Morning (sunrise to noon)")
    AFTERNOON = "afternoon", _("Afternoon (noon to sunset)")
    EVENING_NIGHT = "evening_night", _("Evening or night (sunset to sunrise)")
    UNKNOWN = "unknown", _("Unknown")


class ReportedBeforeTo(models.TextChoices):
    """To whom an incident was reported before it reached the network (no names: a kind of recipient)."""

    ORGANISATION_STAFF = "organisation_staff", _("Staff of an aid organisation")
    COMMUNITY_LEADER = "community_leader", _("A community leader or committee")
    AUTHORITIES = "authorities", _("Police or local authorities")
    SERVICE = "service", _("A health, psychosocial or legal service")
    FAMILY_FRIEND = "family_friend", _("Family or a friend")
    OTHER = "other", pgettext_lazy("reported before to", "Other")


class VictimType(models.TextChoices):
    """The UN system-wide categories, derived from sex and age (``victim_type_for``)."""

    WOMAN = "woman", _("Woman")
    GIRL = "girl", _("Girl (under 18)")
    MAN = "man", _("Man")
    BOY = "boy", _("Boy (under 18)")
    UNKNOWN = "unknown", _("Unknown")


def victim_type_for(*, sex: str, is_child: bool, age_group_group: str | None) -> str:
    """Woman, girl, man, boy, or unknown: a child is under 18 (flag or a CHILD age group), an adult has an ADULT
    age group; with neither, or a sex other than female or male, the victim type is unknown."""
    child = is_child or age_group_group == "CHILD"
    adult = not child and age_group_group == "ADULT"
    if sex == Sex.FEMALE:
        return VictimType.GIRL if child else VictimType.WOMAN if adult else VictimType.UNKNOWN
    if sex == Sex.MALE:
        return VictimType.BOY if child else VictimType.MAN if adult else VictimType.UNKNOWN
    return VictimType.UNKNOWN


class EntityType(models.TextChoices):
    """The alleged perpetrator's employer, in the categories the UN's system-wide figures use."""

    UN_PEACE_OPERATION = "un_peace_operation", _("UN peace operation")
    UN_AGENCY = "un_agency", _("UN agency, fund or programme")
    IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
    NON_UN_FORCES = "non_un_forces", _("Non-UN forces")
    GOVERNMENT = "government", _("Government")
    CONTRACTOR = "contractor", _("Contractor")
    UNKNOWN = "unknown", _("Unknown")


# An organisation's type (network.OrganisationType) as the entity type its personnel are counted under.
ENTITY_TYPE_OF_ORGANISATION = {
    "un_secretariat": EntityType.UN_PEACE_OPERATION,
    "un_agency": EntityType.UN_AGENCY,
    "ingo": EntityType.IMPLEMENTING_PARTNER,
    "nngo": EntityType.IMPLEMENTING_PARTNER,
    "implementing_partner": EntityType.IMPLEMENTING_PARTNER,
    "government": EntityType.GOVERNMENT,
    "contractor": EntityType.CONTRACTOR,
}


class PerpetratorRole(models.TextChoices):
    STAFF = "staff", _("Staff member")
    VOLUNTEER = "volunteer", _("Volunteer or incentive worker")
    CONTRACTOR = "contractor", _("Contractor or consultant")
    UNIFORMED = "uniformed", _("Uniformed personnel (military or police)")
    COMMUNITY_WORKER = "community_worker", _("Community worker or leader")
    OTHER = "other", pgettext_lazy("role of a perpetrator", "Other")
    UNKNOWN = "unknown", _("Unknown")


class ClosureReason(models.TextChoices):
    OUTCOME_REACHED = "outcome_reached", _("Investigation outcome reached and communicated")
    FORWARDED = "forwarded", _("Not SEA: forwarded to a feedback channel")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information to act")
    WITHDRAWN = "withdrawn", _("Withdrawn by the complainant")
    DUPLICATE = "duplicate", _("Duplicate of another complaint")
    OTHER = "other", _("Other (see note)")


class Complaint(BaseModel):
    """One report as received on one channel, with its receipt. It may be SEA or not."""

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    keyring = models.OneToOneField("vault.Keyring", on_delete=models.PROTECT, related_name="complaint")
    receipt_lookup = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, default="en")
    received_at = models.DateTimeField(_("received"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    classification = models.CharField(
        _("classification"), max_length=24, choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    complainant_type = models.CharField(
        _("who is reporting"), max_length=16, choices=ComplainantType.choices, default=ComplainantType.ANONYMOUS
    )
    contact_method = models.CharField(
        _("how to contact the reporter"), max_length=16, choices=ContactMethod.choices, default=ContactMethod.NONE
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    area = models.ForeignKey(
        "network.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    reported_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation named by the reporter"),
    )
    involves_child = models.BooleanField(_("involves a child"), default=False)
    is_urgent = models.BooleanField(_("urgent safety risk"), default=False)
    # Intake facts (domain.md §2). When the complaint was first reported, to whom (the person is sealed):
    # an operator or focal point entering it later gives a past date; ``received_at`` is when it was entered.
    first_reported_at = models.DateTimeField(_("first reported"), null=True, blank=True)
    received_by_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by (organisation)"),
    )
    incident_date_unknown = models.BooleanField(_("incident date unknown"), default=False)
    incident_time_of_day = models.CharField(_("time of day"), max_length=16, choices=TimeOfDay.choices, blank=True)
    reported_before = models.CharField(
        _("reported before"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    reported_before_to = models.CharField(
        _("reported before to"), max_length=24, choices=ReportedBeforeTo.choices, blank=True
    )
    goods_exchanged = models.CharField(
        _("goods, money or services exchanged"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    needs_medical = models.BooleanField(_("needs medical care (within 72 hours)"), default=False)
    needs_safety = models.BooleanField(_("needs safety or protection"), default=False)
    needs_shelter = models.BooleanField(_("needs shelter"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # Complaints brought in from a network's earlier tracker keep the reference they had there; no receipt.
    original_reference = models.CharField(_("original reference"), max_length=64, blank=True, db_index=True)
    is_imported = models.BooleanField(_("imported"), default=False)
    forwarded_to = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to (feedback channel)"),
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    closure_reason = models.CharField(_("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True)
    # Set at closure from the network's retention period; the purge removes sealed content after it.
    retention_until = models.DateTimeField(_("sealed content kept until"), null=True, blank=True, db_index=True)
    purged_at = models.DateTimeField(_("sealed content purged"), null=True, blank=True)
    # Sealed: narrative, location detail, reporter's name and contacts, perpetrator and organisation as told.
    sealed = models.BinaryField()
    is_quarantined = models.BooleanField(_("quarantined"), default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "received_at"], name="complaint_status_received"),
            models.Index(fields=["channel", "received_at"], name="complaint_channel_received"),
        ]

    def __str__(self) -> str:
        return self.reference


class Survivor(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="survivors")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    age_group = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("age group")
    )
    is_child = models.BooleanField(_("under 18"), default=False)
    disability = models.CharField(
        _("disability"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    displacement = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("displacement status")
    )
    # The GBVIMS type of this survivor's incident (a GBV partner's classification, beside the SEA type).
    gbv_type = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("GBV type (GBVIMS)")
    )
    # Derived from sex and age on every save (``victim_type_for``); stored so statistics can group by it.
    victim_type = models.CharField(
        _("victim type"), max_length=8, choices=VictimType.choices, default=VictimType.UNKNOWN, editable=False
    )
    # Sealed: name, contacts.
    sealed = models.BinaryField(null=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survivor")
        verbose_name_plural = _("survivors")

    def __str__(self) -> str:
        return f"survivor {self.pk} of {self.complaint_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.victim_type = victim_type_for(
            sex=self.sex, is_child=self.is_child, age_group_group=self.age_group.group if self.age_group else None
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "victim_type"}
        super().save(*args, **kwargs)


class Perpetrator(models.Model):
    """One alleged perpetrator as far as known. Clear fields are what the UN counts; name and description sealed."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="perpetrators")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerned organisation"),
    )
    entity_type = models.CharField(
        _("entity type"), max_length=24, choices=EntityType.choices, default=EntityType.UNKNOWN
    )
    personnel_category = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("personnel category")
    )
    role = models.CharField(_("role"), max_length=24, choices=PerpetratorRole.choices, default=PerpetratorRole.UNKNOWN)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    # ISO 3166-1 alpha-3, for uniformed personnel only (the UN publishes it per troop- or police-contributing
    # country); blank otherwise.
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    # Sealed: name, description.
    sealed = models.BinaryField(null=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("alleged perpetrator")
        verbose_name_plural = _("alleged perpetrators")

    def __str__(self) -> str:
        return f"perpetrator {self.pk} of {self.complaint_id}"


class Allegation(BaseModel):
    """One alleged SEA act against one concerned organisation: the unit of referral and of counting."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="allegations")
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allegations",
        verbose_name=_("concerned organisation"),
    )
    personnel_category = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("personnel category")
    )
    sea_type = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("type of SEA")
    )
    # The survivors and alleged perpetrators this allegation concerns (all of the complaint's, at intake).
    survivors = models.ManyToManyField(Survivor, blank=True, related_name="allegations", verbose_name=_("survivors"))
    perpetrators = models.ManyToManyField(
        Perpetrator, blank=True, related_name="allegations", verbose_name=_("alleged perpetrators")
    )
    # Sealed: perpetrator description / identity (as recorded before perpetrators had their own rows; kept
    # readable on complaints recorded then).
    sealed = models.BinaryField(null=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("allegation")
        verbose_name_plural = _("allegations")

    def __str__(self) -> str:
        return f"allegation {self.public_id}"


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Referral to assistance services")
    SHARE_IDENTITY = "share_identity", _("Sharing identifying details with the concerned organisation")
    INVESTIGATION = "investigation", _("Being contacted for the investigation")
    STATISTICS = "statistics", _("Being counted in anonymous statistics")


class ConsentGiver(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    CAREGIVER = "caregiver", _("A parent or caregiver")
    BEST_INTERESTS = "best_interests", _("Best-interests determination (child)")


class ConsentManner(models.TextChoices):
    """How the decision was expressed: the SOP asks the record to say so."""

    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written (signed form)")
    OWN_HAND = "own_hand", _("By the reporter's own hand (form, SMS or message)")


class ChildAssent(models.TextChoices):
    """A child's own view, recorded beside the caregiver's or best-interests decision."""

    GIVEN = "given", _("The child agreed")
    REFUSED = "refused", _("The child did not agree")
    NOT_ASKED = "not_asked", _("Not asked (age or capacity)")


class ConsentDecision(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(models.Model):
    """One dated decision about one purpose. Append-only: a withdrawal is a new record, never an edit.

    The current state of a purpose is its latest record.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=ConsentDecision.choices)
    given_by = models.CharField(_("given by"), max_length=16, choices=ConsentGiver.choices)
    decided_at = models.DateTimeField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Where and how the decision was expressed (blank on records made before these were asked).
    channel = models.CharField(_("through"), max_length=16, choices=Channel.choices, blank=True)
    manner = models.CharField(_("expressed"), max_length=16, choices=ConsentManner.choices, blank=True)
    # Only when a caregiver or a best-interests determination decided for a child.
    child_assent = models.CharField(_("child's assent"), max_length=16, choices=ChildAssent.choices, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.purpose}: {self.decision}"


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("To the reporter")
    FROM_REPORTER = "from_reporter", _("From the reporter")


class Message(models.Model):
    """A message between the coordinator and the reporter, read through the receipt. Body sealed."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField()
    sealed = models.BinaryField()

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk} ({self.direction})"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    sealed_file = models.OneToOneField("vault.SealedFile", on_delete=models.CASCADE, related_name="+")
    from_reporter = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class ReferenceCounter(models.Model):
    """Yearly sequence for complaint references (e.g. MLI-2026-00042); locked while incremented."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CaseNote(models.Model):
    """An internal note of the coordinator (triage reasoning, forwarding note). Sealed; never shown to reporters."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField()
    sealed = models.BinaryField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class Exclusion(models.Model):
    """A user who must never read this complaint (e.g. an implicated focal point). No grant is ever made
    for them on the complaint or on its referrals, and any grant they held is withdrawn."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    excluded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="one_exclusion_per_user")]

    def __str__(self) -> str:
        return f"exclusion of {self.user_id} from {self.complaint_id}"


class MessageTemplateVersion(models.Model):
    """One version of a ready-made message to the reporter, in one language (``message_templates``).

    Every edit adds a version; the one marked current per (code, language) is what the case page prefills.
    Where no version exists, the text written in ``message_templates.TEMPLATES`` is the default. Versions are
    never changed or deleted: "restore" adds a new version with an earlier one's text.
    """

    code = models.SlugField(_("code"), max_length=48)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    version = models.PositiveIntegerField(_("version"))
    # The version whose text this one restored (0: the built-in text); None for an edit.
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "language", "-version"]
        verbose_name = _("message template version")
        verbose_name_plural = _("message template versions")
        constraints = [
            models.UniqueConstraint(fields=["code", "language", "version"], name="unique_message_template_version"),
            models.UniqueConstraint(
                fields=["code", "language"],
                condition=models.Q(is_current=True),
                name="one_current_message_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.language}) v{self.version}"
