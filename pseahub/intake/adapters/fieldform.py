"""Field forms: the intake form as an XLSForm for KoboToolbox / ODK, and their JSON submissions.

``xlsform_build`` writes the public form's questions (labels in English and French) with today's network
data as choices: regions by p-code, organisations by public id, roles and age groups by vocabulary code.
``submission_parse`` maps a KoboToolbox REST-service submission (flat keys, possibly "group/field") or an
ODK JSON submission (groups as nested objects) onto the intake pipeline. Kobo's ``_attachments`` are
fetched after the complaint is committed, by a background task with the channel's Kobo API token (settings
``api_base``, ``api_token_env``, ``media_hosts``: see ``media.py``). A code the network does not know
(an old form, a retired organisation) is ignored and named in the complaint's sealed quarantine note, so
one bad answer never loses the whole submission.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from pseahub.cases.models import ComplainantType, ContactMethod, Sex, Term, Vocabulary, YesNoUnknown
from pseahub.network.models import Area, Organisation

from ..media import MediaItem, media_url_ok
from ..models import IntakeChannel
from ..pipeline import InboundInput
from .sms import HookRefused

FORM_ID = "pseahub_intake"
LANGUAGES = (("en", "English (en)"), ("fr", "French (fr)"))
UNKNOWN = "unknown"
MAX_FIELD_CHARS = 10_000
MAX_DEPTH = 8

Labels = dict[str, str]

# Survey rows: (type, name, labels, hints, extra columns). Names are what submissions carry back.
QUESTIONS: list[tuple[str, str, Labels, Labels, dict[str, str]]] = [
    (
        "note",
        "intro",
        {
            "en": "Write what the person tells you, in their words. Nothing is required except what happened.",
            "fr": "Notez ce que la personne vous dit, avec ses mots. Seul le récit des faits est obligatoire.",
        },
        {},
        {},
    ),
    (
        "text",
        "narrative",
        {"en": "What happened?", "fr": "Que s'est-il passé ?"},
        {"en": "In the person's own words.", "fr": "Avec les mots de la personne."},
        {"required": "yes", "appearance": "multiline"},
    ),
    (
        "date",
        "incident_date",
        {"en": "When did it happen?", "fr": "Quand cela s'est-il passé ?"},
        {"en": "Leave empty if not sure.", "fr": "Laissez vide en cas de doute."},
        {"constraint": ". <= today()"},
    ),
    ("select_one area", "area", {"en": "Where did it happen? (region)", "fr": "Où ? (région)"}, {}, {}),
    (
        "text",
        "location_detail",
        {"en": "Place", "fr": "Lieu"},
        {"en": "Town, camp, site or distribution point.", "fr": "Ville, camp, site ou point de distribution."},
        {},
    ),
    (
        "select_one organisation",
        "organisation",
        {
            "en": "Which organisation does the person work for?",
            "fr": "Pour quelle organisation la personne travaille-t-elle ?",
        },
        {},
        {"appearance": "minimal"},
    ),
    (
        "text",
        "organisation_text",
        {"en": "Organisation, if not in the list", "fr": "Organisation, si elle n'est pas dans la liste"},
        {},
        {"relevant": "${organisation} = 'unknown' or ${organisation} = ''"},
    ),
    (
        "select_one personnel_category",
        "perpetrator_category",
        {"en": "What is the person's role?", "fr": "Quel est le rôle de la personne ?"},
        {},
        {},
    ),
    (
        "text",
        "perpetrator_description",
        {"en": "Who did it?", "fr": "Qui l'a fait ?"},
        {
            "en": "Name if known, what the person looks like, uniform, vehicle.",
            "fr": "Nom si connu, apparence, uniforme, véhicule.",
        },
        {"appearance": "multiline"},
    ),
    (
        "select_one complainant_type",
        "complainant_type",
        {"en": "Who is reporting?", "fr": "Qui fait le signalement ?"},
        {},
        {"default": ComplainantType.ANONYMOUS},
    ),
    (
        "select_one sex",
        "survivor_sex",
        {"en": "The person harmed is", "fr": "La personne victime est"},
        {},
        {"default": Sex.UNKNOWN},
    ),
    (
        "select_one age_group",
        "survivor_age_group",
        {"en": "Age of the person harmed", "fr": "Âge de la personne victime"},
        {},
        {},
    ),
    (
        "select_one yes_no",
        "involves_child",
        {"en": "Is a child (under 18) involved?", "fr": "Un enfant (moins de 18 ans) est-il concerné ?"},
        {},
        {"default": "no"},
    ),
    (
        "select_one yes_no_unknown",
        "disability",
        {
            "en": "Does the person harmed have a disability?",
            "fr": "La personne victime a-t-elle un handicap ?",
        },
        {},
        {"default": YesNoUnknown.UNKNOWN},
    ),
    (
        "select_one contact_method",
        "contact_method",
        {"en": "May we contact the person who reports?", "fr": "Pouvons-nous contacter la personne qui signale ?"},
        {},
        {"default": ContactMethod.NONE},
    ),
    (
        "text",
        "reporter_name",
        {"en": "Name of the person who reports", "fr": "Nom de la personne qui signale"},
        {"en": "Optional. They can stay anonymous.", "fr": "Facultatif. La personne peut rester anonyme."},
        {},
    ),
    (
        "text",
        "reporter_contact",
        {"en": "Phone number or e-mail address", "fr": "Numéro de téléphone ou adresse e-mail"},
        {"en": "Only if they want to be contacted.", "fr": "Seulement si la personne veut être contactée."},
        {"relevant": "${contact_method} != 'none' and ${contact_method} != 'in_person'"},
    ),
]

FIXED_CHOICES: dict[str, list[tuple[str, Labels]]] = {
    "complainant_type": [
        (ComplainantType.SURVIVOR, {"en": "The survivor", "fr": "La victime"}),
        (ComplainantType.WITNESS, {"en": "A witness", "fr": "Un témoin"}),
        (ComplainantType.THIRD_PARTY, {"en": "Someone else who was told", "fr": "Une autre personne informée"}),
        (ComplainantType.ANONYMOUS, {"en": "Prefers not to say", "fr": "Préfère ne pas le dire"}),
    ],
    "sex": [
        (Sex.FEMALE, {"en": "Female", "fr": "Femme"}),
        (Sex.MALE, {"en": "Male", "fr": "Homme"}),
        (Sex.OTHER, {"en": "Other", "fr": "Autre"}),
        (Sex.UNKNOWN, {"en": "Unknown / prefers not to say", "fr": "Inconnu / préfère ne pas le dire"}),
    ],
    "yes_no": [("yes", {"en": "Yes", "fr": "Oui"}), ("no", {"en": "No", "fr": "Non"})],
    "yes_no_unknown": [
        (YesNoUnknown.YES, {"en": "Yes", "fr": "Oui"}),
        (YesNoUnknown.NO, {"en": "No", "fr": "Non"}),
        (YesNoUnknown.UNKNOWN, {"en": "Don't know", "fr": "Ne sait pas"}),
    ],
    "contact_method": [
        (ContactMethod.NONE, {"en": "Do not contact", "fr": "Ne pas contacter"}),
        (ContactMethod.PHONE, {"en": "Phone call", "fr": "Appel téléphonique"}),
        (ContactMethod.SMS, {"en": "SMS", "fr": "SMS"}),
        (ContactMethod.EMAIL, {"en": "E-mail", "fr": "E-mail"}),
        (ContactMethod.IN_PERSON, {"en": "In person, through a focal point", "fr": "En personne, par un point focal"}),
    ],
}
DONT_KNOW: Labels = {"en": "I don't know", "fr": "Je ne sais pas"}


def _network_choices() -> dict[str, list[tuple[str, Labels]]]:
    areas = [
        (area.pcode, {"en": area.display_name("en"), "fr": area.display_name("fr")})
        for area in Area.objects.filter(admin_level=1).order_by("pcode")
    ]
    organisations = [
        (str(org.public_id), {"en": str(org), "fr": str(org)})
        for org in Organisation.objects.filter(is_active=True).order_by("name")
    ]
    choices = {"area": [*areas, (UNKNOWN, DONT_KNOW)], "organisation": [*organisations, (UNKNOWN, DONT_KNOW)]}
    vocabularies = (("personnel_category", Vocabulary.PERSONNEL_CATEGORY), ("age_group", Vocabulary.AGE_GROUP))
    for list_name, vocabulary in vocabularies:
        terms = [
            (term.code, {code: term.labels.get(code) or term.labels.get("en") or term.code for code, _n in LANGUAGES})
            for term in Term.objects.filter(vocabulary=vocabulary, is_active=True)
        ]
        if UNKNOWN not in {code for code, _labels in terms}:
            terms.append((UNKNOWN, DONT_KNOW))
        choices[list_name] = terms
    return choices


def xlsform_version() -> str:
    """A version that grows with time, as KoboToolbox and ODK Central want for each new upload."""
    return timezone.now().strftime("%Y%m%d%H%M")


def xlsform_build(*, version: str | None = None) -> bytes:
    """The intake form as an XLSForm workbook (sheets survey, choices, settings; English and French)."""
    label_columns = [f"label::{name}" for _code, name in LANGUAGES]
    hint_columns = [f"hint::{name}" for _code, name in LANGUAGES]
    extra_columns = ["required", "relevant", "constraint", "appearance", "default"]
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", *label_columns, *hint_columns, *extra_columns])
    for kind, name, labels, hints, extra in QUESTIONS:
        survey.append(
            [
                kind,
                name,
                *[labels.get(code, labels["en"]) for code, _name in LANGUAGES],
                *[hints.get(code, hints.get("en", "")) for code, _name in LANGUAGES],
                *[extra.get(column, "") for column in extra_columns],
            ]
        )
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *label_columns])
    for list_name, entries in {**FIXED_CHOICES, **_network_choices()}.items():
        for value, labels in entries:
            choices.append([list_name, value, *[labels.get(code, labels["en"]) for code, _name in LANGUAGES]])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "version", "default_language", "allow_choice_duplicates"])
    settings_sheet.append(["PSEA complaint", FORM_ID, version or xlsform_version(), LANGUAGES[0][1], "no"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- submissions ------------------------------------------------------------------------------------------------
def _walk(prefix: str, value: Any, depth: int) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return
        for key, inner in value.items():
            if isinstance(key, str):
                yield from _walk(f"{prefix}/{key}" if prefix else key, inner, depth + 1)
    else:
        yield prefix, value


def submission_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """Answers by question name: Kobo's "group_x/narrative" and ODK's {"group_x": {"narrative": …}} both
    give "narrative". The first answer of a name wins (a form has each name once)."""
    fields: dict[str, Any] = {}
    for path, value in _walk("", payload, 0):
        fields.setdefault(path.rsplit("/", 1)[-1], value)
    return fields


def _instance_id(fields: dict[str, Any]) -> str:
    for name in ("instanceID", "_uuid", "__id"):
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            value = value[5:] if value.lower().startswith("uuid:") else value
            if 0 < len(value) <= 200 and value.isprintable():
                return value
    raise HookRefused(400, "missing instanceID")


class _Mapper:
    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.notes: list[str] = []

    def text(self, name: str) -> str:
        value = self.fields.get(name)
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            self.notes.append(f"{name}: not text, ignored")
            return ""
        value = value.replace("\x00", "").strip()
        if len(value) > MAX_FIELD_CHARS:
            self.notes.append(f"{name}: cut to {MAX_FIELD_CHARS} characters")
            value = value[:MAX_FIELD_CHARS]
        return value

    def code(self, name: str) -> str:
        value = self.text(name)
        return "" if value == UNKNOWN else value[:100]

    def unknown(self, name: str, value: str) -> None:
        self.notes.append(f"{name}: unknown code {value[:60]!r} ignored")

    def choice(self, name: str, allowed: list[str], default: str) -> str:
        value = self.text(name)
        if not value:
            return default
        if value in allowed:
            return value
        self.unknown(name, value)
        return default

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            parsed = dt.date.fromisoformat(value[:10])
        except ValueError:
            self.notes.append(f"{name}: not a date, ignored")
            return None
        if parsed > timezone.localdate():
            self.notes.append(f"{name}: in the future, ignored")
            return None
        return parsed

    def area(self) -> Area | None:
        code = self.code("area")
        if not code:
            return None
        area = Area.objects.filter(pcode=code).first()
        if area is None:
            self.unknown("area", code)
        return area

    def organisation(self) -> Organisation | None:
        code = self.code("organisation")
        if not code:
            return None
        try:
            organisation = Organisation.objects.filter(public_id=uuid.UUID(code)).first()
        except ValueError:
            organisation = None
        if organisation is None:
            self.unknown("organisation", code)
        return organisation

    def term(self, name: str, vocabulary: str) -> Term | None:
        code = self.text(name)
        if not code:
            return None
        term = Term.objects.filter(vocabulary=vocabulary, code=code[:48]).first()
        if term is None:
            self.unknown(name, code)
        return term


def submission_media(attachments: Any) -> tuple[list[MediaItem], int]:
    """Kobo's ``_attachments`` ({"download_url", "mimetype", "filename", …} each) as items to fetch in the
    background (see ``media.py``), and how many cannot be (no usable address, over the number we take)."""
    if not isinstance(attachments, list):
        return [], 0
    media: list[MediaItem] = []
    for entry in attachments:
        if not isinstance(entry, dict):
            continue
        url = media_url_ok(entry.get("download_url"))
        if url and len(media) < settings.INTAKE_MAX_ATTACHMENTS:
            mimetype, filename = entry.get("mimetype"), entry.get("filename")
            media.append(
                MediaItem(
                    url=url,
                    content_type=mimetype[:100] if isinstance(mimetype, str) else "",
                    filename=filename[-200:] if isinstance(filename, str) else "",
                )
            )
    return media, len(attachments) - len(media)


def submission_parse(channel: IntakeChannel, payload: Any) -> InboundInput:
    """A Kobo REST-service or ODK JSON submission as pipeline input: one complaint per instanceID, no
    threading, and no receipt unless the channel's ``issue_receipt`` setting asks for one (the field worker
    usually cannot hand one back later)."""
    if not isinstance(payload, dict):
        raise HookRefused(400, "expected a JSON object")
    fields = submission_fields(payload)
    external_id = _instance_id(fields)
    answers = _Mapper(fields)
    narrative = answers.text("narrative")
    if not narrative:
        answers.notes.append("narrative: missing")
    complaint_fields: dict[str, Any] = {
        "incident_date": answers.date("incident_date"),
        "area": answers.area(),
        "location_detail": answers.text("location_detail"),
        "reported_organisation": answers.organisation(),
        "organisation_text": answers.text("organisation_text"),
        "perpetrator_category": answers.term("perpetrator_category", Vocabulary.PERSONNEL_CATEGORY),
        "perpetrator_description": answers.text("perpetrator_description"),
        "complainant_type": answers.choice("complainant_type", list(ComplainantType.values), ComplainantType.ANONYMOUS),
        "survivor_sex": answers.choice("survivor_sex", list(Sex.values), Sex.UNKNOWN),
        "survivor_age_group": answers.term("survivor_age_group", Vocabulary.AGE_GROUP),
        "involves_child": answers.choice("involves_child", ["yes", "no", "true", "false", "1", "0"], "no")
        in ("yes", "true", "1"),
        "disability": answers.choice("disability", list(YesNoUnknown.values), YesNoUnknown.UNKNOWN),
        "contact_method": answers.choice("contact_method", list(ContactMethod.values), ContactMethod.NONE),
        "reporter_name": answers.text("reporter_name"),
        "reporter_contact": answers.text("reporter_contact"),
    }
    media, unlisted = submission_media(fields.get("_attachments"))
    if unlisted:
        answers.notes.append(f"{unlisted} attachment(s) on the form server were not retrieved")
    submitted_by = answers.text("_submitted_by")
    config = channel.config if isinstance(channel.config, dict) else {}
    return InboundInput(
        external_id=external_id,
        body=narrative,
        quarantine_note="; ".join(answers.notes),
        extra_sealed={"submitted_by": submitted_by} if submitted_by else {},
        complaint_fields={name: value for name, value in complaint_fields.items() if value not in (None, "")},
        media=media,
        thread=False,
        issue_receipt=bool(config.get("issue_receipt", False)),
    )
