"""The case record: complaints, allegations, survivors, consents, messages, and the vocabularies they use.

Clear fields serve workflow and statistics (ids, dates, status, channel, area, SEA type, personnel
category, survivor sex and age group, organisations, deadlines). Everything identifying — names, contacts,
narrative, free text, messages, attachments, perpetrator identity, exact location — is in ``sealed``
blobs encrypted to the complaint's keyring (see ``pseahub.vault``).
"""

from __future__ import annotations

import uuid

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
    # Sealed: name, contacts.
    sealed = models.BinaryField(null=True)

    class Meta:
        verbose_name = _("survivor")
        verbose_name_plural = _("survivors")

    def __str__(self) -> str:
        return f"survivor {self.pk} of {self.complaint_id}"


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
    # Sealed: perpetrator description / identity.
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
