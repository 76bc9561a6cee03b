"""Campaigns and the key message library (issue 16 item 8): who may read and keep them, the writes (each audited
in its transaction, with ids and codes only) and the public messages the directory shows.

The network's editors (coordinator, co-chairs) keep campaigns and messages; every partners reader (focal points
and leadership too) reads them. A message marked public is shown by the public directory (``public_messages.py``,
found through ``core.discovery``: the mapping app does not import this one).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area

from .access import edits_partners, reads_partners
from .models import Campaign, CampaignChannel, KeyMessage, KeyMessageText

MESSAGE_FIELDS = ("topic", "title", "is_public")
CAMPAIGN_FIELDS = ("title", "start", "end", "channels", "materials", "reached_total", "reached_female",
                   "reached_male", "notes")  # fmt: skip
#: Fields whose text never goes to the audit log (only their names).
_TEXT_FIELDS = {"title", "materials", "notes"}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

#: Languages a Malian network starts with (code, name as people call it); a network adds its own.
SUGGESTED_LANGUAGES: list[tuple[str, str]] = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("bm", "Bamanankan (Bambara)"),
    ("ff", "Fulfulde"),
    ("tmh", "Tamasheq"),
    ("son", "Songhai"),
]


# --- shared by the writes of this part and of funding ------------------------------------------------------------


def editor_check(actor: User | None) -> None:
    """``actor=None`` is the demo loader."""
    if actor is not None and not edits_partners(actor):
        raise PermissionError("Only the coordinator and the co-chairs keep this.")


def audit_value(value: Any) -> Any:
    """A value as the audit log keeps it: a date as ISO, a number or code as is, a model by its public id."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(getattr(value, "public_id", value.pk))
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is not None and not isinstance(value, (int, str, bool, list)):
        return str(value)
    return value


def fields_apply(
    instance: models.Model, data: Mapping[str, Any], names: Iterable[str], text_fields: set[str]
) -> dict[str, Any]:
    """Set the given fields that changed; returns the audit data (changed names, old/new of non-text fields)."""
    changed: list[str] = []
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name in names:
        if name not in data:
            continue
        value = data[name].strip() if isinstance(data[name], str) else data[name]
        if getattr(instance, name) == value:
            continue
        changed.append(name)
        if name not in text_fields:
            old[name] = audit_value(getattr(instance, name))
            new[name] = audit_value(value)
        setattr(instance, name, value)
    return {"fields": changed, "old": old, "new": new}


# --- reads -------------------------------------------------------------------------------------------------------


def message_list(user: User) -> QuerySet[KeyMessage]:
    """The library, with its texts; nothing for someone who does not read the partners' pages."""
    if not reads_partners(user):
        return KeyMessage.objects.none()
    return KeyMessage.objects.prefetch_related("texts")


def message_get_for(user: User, public_id: uuid.UUID) -> KeyMessage:
    message = message_list(user).filter(public_id=public_id).first()
    if message is None:
        raise Http404
    return message


def campaign_list(user: User, *, year: int | None = None) -> QuerySet[Campaign]:
    if not reads_partners(user):
        return Campaign.objects.none()
    campaigns = Campaign.objects.prefetch_related("areas", "messages")
    if year is not None:
        campaigns = campaigns.filter(start__year__lte=year, end__year__gte=year)
    return campaigns


def campaign_get_for(user: User, public_id: uuid.UUID) -> Campaign:
    campaign = campaign_list(user).filter(public_id=public_id).first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_years() -> list[int]:
    return sorted({day.year for day in Campaign.objects.dates("start", "year")}, reverse=True)


def reach_summary(campaigns: Iterable[Campaign]) -> dict[str, int]:
    """People reached over the campaigns given (the sex split only over the campaigns that know it)."""
    summary = {"total": 0, "female": 0, "male": 0}
    for campaign in campaigns:
        summary["total"] += campaign.reached_total or 0
        summary["female"] += campaign.reached_female or 0
        summary["male"] += campaign.reached_male or 0
    return summary


# --- writes: messages --------------------------------------------------------------------------------------------


@transaction.atomic
def message_create(
    *, actor: User | None, topic: str, title: str, is_public: bool = False, submission: uuid.UUID | None = None
) -> KeyMessage:
    """Add a message to the library; ``submission`` (the form's) makes the same form sent twice add it once."""
    editor_check(actor)
    if submission is not None:
        existing = KeyMessage.objects.filter(public_id=submission).first()
        if existing is not None:
            return existing
    message = KeyMessage(topic=topic, title=title.strip(), is_public=is_public)
    if submission is not None:
        message.public_id = submission
    message.full_clean()
    message.save()
    record(
        actor=actor,
        action=Action.KEY_MESSAGE_CREATED,
        target=message,
        data={"topic": message.topic, "is_public": message.is_public},
    )
    return message


@transaction.atomic
def message_update(*, actor: User | None, message: KeyMessage, data: Mapping[str, Any]) -> KeyMessage:
    editor_check(actor)
    message = KeyMessage.objects.select_for_update().get(pk=message.pk)
    changes = fields_apply(message, data, MESSAGE_FIELDS, {"title"})
    if not changes["fields"]:
        return message
    message.full_clean()
    message.save()
    record(actor=actor, action=Action.KEY_MESSAGE_UPDATED, target=message, data=changes)
    return message


@transaction.atomic
def message_text_save(
    *, actor: User | None, message: KeyMessage, language_code: str, language_name: str, text: str
) -> KeyMessageText:
    """The message in a language: added, or replaced when the message has a text in that language already (so
    the same form sent twice changes nothing)."""
    editor_check(actor)
    code = language_code.strip().lower()
    if not _LANGUAGE_CODE.fullmatch(code):
        raise ValidationError({"language_code": _("A language code such as fr, bm, ff, tmh or son.")})
    name, body = language_name.strip(), text.strip()
    if not body:
        raise ValidationError({"text": _("Enter the message in this language.")})
    existing = KeyMessageText.objects.select_for_update().filter(message=message, language_code=code).first()
    if existing is not None and (existing.language_name, existing.text) == (name, body):
        return existing
    item = existing or KeyMessageText(message=message, language_code=code)
    item.language_name, item.text = name, body
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=Action.KEY_MESSAGE_TEXT_SAVED,
        target=message,
        data={"language": code, "replaced": existing is not None},
    )
    return item


@transaction.atomic
def message_text_remove(*, actor: User | None, message: KeyMessage, language_code: str) -> bool:
    """Remove the message's text in a language (a wrong translation, a language the network no longer uses). False
    when there is none (the same form sent twice)."""
    editor_check(actor)
    removed, _kinds = KeyMessageText.objects.filter(message=message, language_code=language_code).delete()
    if removed:
        record(actor=actor, action=Action.KEY_MESSAGE_TEXT_REMOVED, target=message, data={"language": language_code})
    return bool(removed)


# --- writes: campaigns -------------------------------------------------------------------------------------------


def _campaign_check(campaign: Campaign, areas: list[Area]) -> None:
    errors: dict[str, str] = {}
    if any(area.admin_level != 1 for area in areas):
        errors["areas"] = _("Choose regions (admin-1).")
    if not isinstance(campaign.channels, list) or any(c not in CampaignChannel.values for c in campaign.channels):
        errors["channels"] = _("Choose channels from the list.")
    parts = (campaign.reached_female or 0) + (campaign.reached_male or 0)
    if campaign.reached_total is not None and parts > campaign.reached_total:
        errors["reached_male"] = _("Women and men reached add up to more than the people reached.")
    if campaign.start and campaign.end and campaign.end < campaign.start:
        errors["end"] = _("The campaign cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _campaign_links(campaign: Campaign) -> dict[str, list[str]]:
    return {
        "areas": sorted(campaign.areas.values_list("pcode", flat=True)),
        "messages": sorted(str(pid) for pid in campaign.messages.values_list("public_id", flat=True)),
    }


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    areas: Iterable[Area],
    messages: Iterable[KeyMessage] = (),
    submission: uuid.UUID | None = None,
) -> Campaign:
    """Record a campaign with its regions and key messages; ``submission`` makes a repeated form record it once.
    When only the sex split of the people reached is given, the total is their sum."""
    editor_check(actor)
    if submission is not None:
        existing = Campaign.objects.filter(public_id=submission).first()
        if existing is not None:
            return existing
    campaign = Campaign(**{name: data[name] for name in CAMPAIGN_FIELDS if name in data})
    if submission is not None:
        campaign.public_id = submission
    campaign.title = campaign.title.strip()
    if campaign.reached_total is None and (campaign.reached_female is not None or campaign.reached_male is not None):
        campaign.reached_total = (campaign.reached_female or 0) + (campaign.reached_male or 0)
    areas = list(areas)
    _campaign_check(campaign, areas)
    campaign.full_clean()
    campaign.save()
    campaign.areas.set(areas)
    campaign.messages.set(list(messages))
    record(
        actor=actor,
        action=Action.CAMPAIGN_CREATED,
        target=campaign,
        data={
            "start": campaign.start.isoformat(),
            "end": campaign.end.isoformat(),
            "channels": list(campaign.channels),
            "reached": campaign.reached_total,
            **_campaign_links(campaign),
        },
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: User | None, campaign: Campaign, data: Mapping[str, Any], areas: Iterable[Area],
    messages: Iterable[KeyMessage],
) -> Campaign:  # fmt: skip
    editor_check(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = _campaign_links(campaign)
    changes = fields_apply(campaign, data, CAMPAIGN_FIELDS, _TEXT_FIELDS)
    areas = list(areas)
    _campaign_check(campaign, areas)
    campaign.full_clean()
    campaign.save()
    campaign.areas.set(areas)
    campaign.messages.set(list(messages))
    after = _campaign_links(campaign)
    links = [name for name in ("areas", "messages") if before[name] != after[name]]
    if not changes["fields"] and not links:
        return campaign
    changes["fields"] += links
    for name in links:
        changes["old"][name], changes["new"][name] = before[name], after[name]
    record(actor=actor, action=Action.CAMPAIGN_UPDATED, target=campaign, data=changes)
    return campaign


# --- the public directory ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicText:
    language_code: str
    language_name: str
    text: str


@dataclass(frozen=True)
class PublicMessageRecord:
    topic: str  # the topic's label, in the page's language
    text: str  # the message in the page's language
    local: tuple[PublicText, ...]  # its versions in languages that are not the site's (Bambara, Fulfulde…)


def public_message_records(language: str) -> list[PublicMessageRecord]:
    """The public messages that have a text in ``language`` (a site language: en, fr, ar), each with that text
    and its local-language versions; a private message never. One query."""
    site_languages = {code for code, _name in settings.LANGUAGES}
    texts = (
        KeyMessageText.objects.filter(message__is_public=True)
        .select_related("message")
        .order_by("message__topic", "message__title", "message_id", "language_code")
    )
    by_message: dict[int, list[KeyMessageText]] = {}
    for item in texts:
        by_message.setdefault(item.message_id, []).append(item)
    records = []
    for items in by_message.values():
        main = next((item for item in items if item.language_code == language), None)
        if main is None:
            continue
        records.append(
            PublicMessageRecord(
                topic=main.message.get_topic_display(),
                text=main.text,
                local=tuple(
                    PublicText(item.language_code, item.language_name, item.text)
                    for item in items
                    if item.language_code not in site_languages
                ),
            )
        )
    return records
