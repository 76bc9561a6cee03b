"""The channel registry and what the channel adapters need to make intake exactly-once.

Secrets (IMAP password, provider tokens, webhook keys) never live in the database: a channel names the
environment variable that holds its secret (``secret_env``), read when the adapter runs.
"""

from __future__ import annotations

import os
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pseahub.cases.models import Channel as ChannelType
from pseahub.core.models import BaseModel


class Provider(models.TextChoices):
    NONE = "", _("None (web form, operator)")
    IMAP = "imap", _("IMAP mailbox")
    TWILIO = "twilio", _("Twilio (SMS / WhatsApp)")
    AFRICASTALKING = "africastalking", _("Africa's Talking (SMS)")
    GENERIC = "generic", _("Generic JSON webhook (HMAC-SHA256, RapidPro-style)")
    KOBO = "kobo", _("KoboToolbox / ODK submissions")


class IntakeChannel(BaseModel):
    """One entry point through which complaints arrive, configured by network admins."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, help_text=_("Used in webhook addresses."))
    type = models.CharField(_("type"), max_length=16, choices=ChannelType.choices)
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices, blank=True)
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Mailbox address, phone number or short code.")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    # Non-secret settings of the adapter (IMAP host/port/folder/TLS, provider API base URL, reply on/off…).
    config = models.JSONField(_("settings"), default=dict, blank=True)
    secret_env = models.CharField(
        _("secret environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable holding this channel's password or signing key."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("intake channel")
        verbose_name_plural = _("intake channels")

    def __str__(self) -> str:
        return self.name

    def secret(self) -> str:
        """The channel's secret from the environment (``NAME`` or the file named by ``NAME_FILE``)."""
        if not self.secret_env:
            return ""
        file_name = os.environ.get(f"{self.secret_env}_FILE")
        if file_name and os.path.isfile(file_name):
            with open(file_name, encoding="utf-8") as handle:
                return handle.read().strip()
        return os.environ.get(self.secret_env, "")


class InboundMessage(models.Model):
    """One message received from an external channel, by the provider's id (e-mail Message-ID, SMS id,
    submission uuid). Unique per channel, created in the same transaction as the complaint or the added
    message: a re-poll, a retried webhook or a replay finds it and does nothing."""

    channel = models.ForeignKey(IntakeChannel, on_delete=models.PROTECT, related_name="inbound_messages")
    external_id = models.CharField(max_length=255)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="one_inbound_per_external_id")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.pk}"


class Conversation(models.Model):
    """Threads messages from one sender on one channel into one complaint while it is open.

    The sender (phone number) is kept only as a keyed hash; the number itself is sealed in the complaint.
    """

    channel = models.ForeignKey(IntakeChannel, on_delete=models.CASCADE, related_name="conversations")
    sender_hash = models.CharField(max_length=64)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    last_message_at = models.DateTimeField()
    # When the reporter last wrote (as received): WhatsApp allows free-form replies only within 24 hours of it.
    last_inbound_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "sender_hash"], name="conversation_sender")]

    def __str__(self) -> str:
        return f"conversation {self.pk}"


class MediaFetchState(models.TextChoices):
    FETCHING = "fetching", _("Being fetched")
    ATTACHED = "attached", _("Attached")
    REFUSED = "refused", pgettext_lazy("state of a media item", "Refused")
    FAILED = "failed", _("Could not be fetched")


class MediaFetch(models.Model):
    """One media item a reporter sent through a provider (Twilio media, a Kobo attachment), fetched once.

    Keyed by complaint and a keyed hash of the item's address, never the address itself: the address lives
    only in the task's arguments until the item is fetched. A row in ``fetching`` is a claim (a second run
    of the task skips the item); the final states make a task run twice attach nothing twice.
    """

    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    item_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=MediaFetchState.choices, default=MediaFetchState.FETCHING)
    claimed_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "item_hash"], name="one_fetch_per_media_item")]

    def __str__(self) -> str:
        return f"media fetch {self.pk} ({self.state})"


class HeldMessage(models.Model):
    """A coordinator's message to a WhatsApp reporter held because it was written outside WhatsApp's 24-hour
    window. Only the flag and its times: the text stays sealed in the case record (``cases.Message``)."""

    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(IntakeChannel, on_delete=models.CASCADE, related_name="+")
    message = models.OneToOneField("cases.Message", on_delete=models.CASCADE, related_name="+")
    held_at = models.DateTimeField()
    template_sent_at = models.DateTimeField(null=True, blank=True)  # when the template was queued
    sent_at = models.DateTimeField(null=True, blank=True)  # released: queued as a ``Dispatch`` (its state is there)

    class Meta:
        indexes = [models.Index(fields=["complaint", "sent_at"], name="held_message_waiting")]

    def __str__(self) -> str:
        return f"held message {self.pk}"


class DispatchState(models.TextChoices):
    # The context lets French and Arabic agree the state with the word for a message.
    QUEUED = "queued", pgettext_lazy("state of an outgoing message", "Queued")
    SENDING = "sending", pgettext_lazy("state of an outgoing message", "Sending")
    SENT = "sent", pgettext_lazy("state of an outgoing message", "Sent")
    FAILED = "failed", pgettext_lazy("state of an outgoing message", "Failed")


class DispatchKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    TEMPLATE = "template", _("Notice asking the reporter to write")
    RECEIPT = "receipt", _("Receipt code")
    CONSENT = "consent", _("Consent question or confirmation")


class Dispatch(models.Model):
    """One outgoing SMS/WhatsApp message to a reporter, queued by a coordinator's action (or, for a new
    complaint's receipt code, by the webhook that created it) and sent by the task worker (``intake.dispatch``).
    The number and text travel sealed to the dispatch key, whose private half only the worker holds, with a MAC
    under a key of ``INTEGRITY_KEY`` (a database writer can neither read nor forge one); both are deleted once
    the message is sent or given up. The row stays as its delivery state."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(IntakeChannel, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey("cases.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=16, choices=DispatchKind.choices, default=DispatchKind.MESSAGE)
    state = models.CharField(max_length=16, choices=DispatchState.choices, default=DispatchState.QUEUED)
    sealed = models.BinaryField(null=True, blank=True)
    mac = models.BinaryField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=32, blank=True)  # a status code or an error type: never content
    queued_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["complaint", "state"], name="dispatch_by_complaint")]

    def __str__(self) -> str:
        return f"dispatch {self.pk} ({self.state})"


class ConsentDialogue(models.Model):
    """Where an SMS/WhatsApp reporter is in the consent questions (``consent_sms.py``), one row per complaint.

    Only counts and times: the answers are the complaint's ``Consent`` records, the number stays sealed in the
    complaint (and hashed in its ``Conversation``), and no text of the reporter's is kept here. Questions are
    asked one at a time, in the order of ``consent_sms.QUESTIONS``: question ``asked`` awaits its answer while
    ``answered < asked``. After a withdrawal (``stopped_at``) nothing more is asked.
    """

    complaint = models.OneToOneField("cases.Complaint", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(IntakeChannel, on_delete=models.CASCADE, related_name="+")
    asked = models.PositiveSmallIntegerField(default=0)  # questions sent so far
    answered = models.PositiveSmallIntegerField(default=0)  # of those, answered (the last one asked is pending)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()  # when a question was last asked (or the questions stopped)
    stopped_at = models.DateTimeField(null=True, blank=True)  # the reporter withdrew: nothing more is asked

    def __str__(self) -> str:
        return f"consent dialogue {self.pk}"


class FormSubmission(models.Model):
    """A report form's one-time token once it has filed (``intake.submission``), and the receipt waiting for the
    receipt page. Written in the complaint's own transaction, so a token is claimed exactly when its complaint
    commits. ``name`` is ``once:`` or ``receipt:`` and a keyed hash of the form's nonce (never the nonce);
    ``sealed`` is the receipt encrypted under a key derived from the nonce, which is not stored (empty for the
    claim). ``expires_at`` is in Unix seconds; expired rows are swept periodically."""

    name = models.CharField(max_length=80, primary_key=True)
    sealed = models.BinaryField(blank=True, default=b"")
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "form submission"

    def __str__(self) -> str:
        return self.name.split(":", 1)[0]
