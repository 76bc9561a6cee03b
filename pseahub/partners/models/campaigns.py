"""Campaigns and the key message library (issue 16 item 8): what the network told communities, where, through
which channels, whom it reached, and the messages it used — each in the network's languages and the local ones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Area

__all__ = ["Campaign", "CampaignChannel", "KeyMessage", "KeyMessageText", "MessageTopic"]


class MessageTopic(models.TextChoices):
    FREE_ASSISTANCE = "free_assistance", _("Assistance is free and never conditioned on sex")
    HOW_TO_REPORT = "how_to_report", _("How to report")
    RIGHTS = "rights", _("The rights of affected people")
    OTHER = "other", _("Other")


class CampaignChannel(models.TextChoices):
    RADIO = "radio", _("Radio")
    POSTERS = "posters", _("Posters")
    LEAFLETS = "leaflets", _("Leaflets")
    COMMUNITY_MEETINGS = "community_meetings", _("Community meetings")
    SMS = "sms", _("SMS")
    SOCIAL_MEDIA = "social_media", _("Social media")
    THEATRE = "theatre", _("Theatre or songs")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door visits")
    DISTRIBUTIONS = "distributions", _("At distributions")
    OTHER = "other", _("Other")


class KeyMessage(BaseModel):
    """A message of the network's library; its texts, one per language, are ``texts``. A public message is shown
    in the public directory (in the page's language, with its local-language versions)."""

    topic = models.CharField(_("topic"), max_length=24, choices=MessageTopic.choices)
    title = models.CharField(_("title"), max_length=200, help_text=_("A short name for the library."))
    is_public = models.BooleanField(_("shown in the public directory"), default=False)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")

    def __str__(self) -> str:
        return self.title


class KeyMessageText(models.Model):
    """A message in one language: a language code (``fr``, ``bm``, ``ff``, ``tmh``, ``son``… any the network adds)
    with its name, and the text."""

    message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE, related_name="texts", verbose_name=_("message"))
    language_code = models.CharField(
        _("language code"), max_length=12, help_text=_("ISO 639 code, such as fr, bm, ff, tmh or son.")
    )
    language_name = models.CharField(_("language"), max_length=60, help_text=_("As people call it, e.g. Bambara."))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["message", "language_code"]
        verbose_name = _("key message text")
        verbose_name_plural = _("key message texts")
        constraints = [
            models.UniqueConstraint(fields=["message", "language_code"], name="partners_one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.language_code}"


class Campaign(BaseModel):
    """A communication campaign: its period, the regions it covered, the channels and materials used, the people
    reached (by sex when known) and the key messages it carried."""

    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("regions"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)  # CampaignChannel values
    materials = models.TextField(_("materials"), blank=True, help_text=_("E.g. 500 posters, two radio spots."))
    reached_total = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    reached_female = models.PositiveIntegerField(_("women and girls reached"), null=True, blank=True)
    reached_male = models.PositiveIntegerField(_("men and boys reached"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    messages = models.ManyToManyField(KeyMessage, related_name="campaigns", verbose_name=_("key messages"), blank=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="campaign_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(CampaignChannel.choices)
        return [str(labels.get(code, code)) for code in self.channels or []]
