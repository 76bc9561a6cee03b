"""Community preferences from a Kobo export (XLSX or CSV, one row per respondent).

``kobo_plan`` reads the file (with the tracker import's readers, ``core.sheets``), finds the columns by the
usual XLSForm names, and counts respondents per area and population group (sex, age group, disability) and the
channel types they prefer: the dry run. Nothing is stored. ``kobo_import`` creates one consultation per area and
group from that plan (source "kobo"), with one audit entry holding counts only. The plan travels between the dry
run and the import signed in the page (``plan_sign`` / ``plan_unsign``): only those counts, never the file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.core.sheets import (
    Cell,
    ValueProblemError,
    cell_text,
    header_detect,
    is_blank,
    normalise,
    number_parse,
    rows_read,
    yes_no_parse,
)
from pseahub.network.models import Area, Organisation

from .dry_runs import dry_run_sign, dry_run_unsign
from .models import (
    CommunityConsultation,
    ConsultationMethod,
    ConsultationSource,
    MechanismType,
    PopulationAge,
    PopulationDisability,
    PopulationSex,
)
from .preferences import PreferenceRow, consultation_create, consultation_organisations_for

KOBO_MAX_BYTES = 5 * 1024 * 1024
KOBO_MAX_ROWS = 5_000
_SALT = "pseahub.mapping.kobo.plan"


def _key(text: str) -> str:
    return normalise(text).replace(" ", "_")


# XLSForm names of each question (after ``_key``: lower case, accents dropped, "_" between words).
FIELD_NAMES: dict[str, set[str]] = {
    "sex": {"sex", "gender", "sexe", "genre", "respondent_sex"},
    "age": {"age", "age_years", "age_group", "agegroup", "age_range", "tranche_age", "tranche_d_age", "respondent_age"},
    "disability": {"disability", "disabled", "has_disability", "disability_status", "handicap", "situation_handicap"},
    "channels": {
        "preferred_channel", "preferred_channels", "channel", "channels", "preferred_mechanism",
        "preferred_mechanisms", "canal_prefere", "canaux_preferes",
    },
    "area": {"pcode", "p_code", "admin2", "admin2_pcode", "admin2pcode", "admin1", "admin1_pcode", "area_pcode"},
}  # fmt: skip

#: Kobo choice names (and common synonyms) of each channel type.
CHANNEL_SYNONYMS: dict[str, str] = {
    **{name: MechanismType.HOTLINE for name in ("hotline", "phone", "telephone", "phone_call", "call", "ligne_verte",
                                                "numero_vert", "green_line", "toll_free")},
    **{name: MechanismType.HELP_DESK for name in ("help_desk", "helpdesk", "desk", "face_to_face", "in_person",
                                                  "guichet", "women_help_desk")},
    **{name: MechanismType.SUGGESTION_BOX for name in ("suggestion_box", "box", "complaint_box", "boite",
                                                       "boite_a_suggestions")},
    **{name: MechanismType.EMAIL for name in ("email", "e_mail", "mail", "courriel")},
    **{name: MechanismType.SMS for name in ("sms", "text", "text_message")},
    **{name: MechanismType.WHATSAPP for name in ("whatsapp", "whats_app")},
    **{name: MechanismType.COMMUNITY for name in ("community", "committee", "committees", "community_committee",
                                                  "volunteers", "volunteer", "community_volunteers", "leaders",
                                                  "community_leaders", "comite", "relais", "home_visit",
                                                  "home_visits")},
    **{name: MechanismType.WEB_FORM for name in ("web_form", "website", "online", "web")},
    **{name: MechanismType.WALK_IN for name in ("walk_in", "distribution", "distribution_site")},
    **{name: MechanismType.OTHER for name in ("other", "autre")},
}  # fmt: skip
#: Choices that say "no preference": the respondent is consulted and prefers nothing.
NO_CHANNEL = {"none", "no_preference", "dont_know", "do_not_know", "no_answer", "refused", "aucun", "ne_sait_pas"}

SEX_VALUES: dict[str, str] = {
    **{name: PopulationSex.FEMALE for name in ("female", "f", "woman", "women", "girl", "femme", "feminin", "fille")},
    **{name: PopulationSex.MALE for name in ("male", "m", "man", "men", "boy", "homme", "masculin", "garcon")},
    **{name: PopulationSex.ALL for name in ("other", "autre", "prefer_not_to_say", "no_answer", "unknown")},
}  # fmt: skip
AGE_VALUES: dict[str, str] = {
    **{name: PopulationAge.CHILDREN for name in ("children", "child", "enfant", "enfants", "minor", "under_18",
                                                 "0_17", "adolescent", "adolescents", "girl", "boy")},
    **{name: PopulationAge.ADULTS for name in ("adults", "adult", "adulte", "adultes", "18_59")},
    **{name: PopulationAge.OLDER for name in ("older", "elderly", "older_people", "personne_agee", "60+", "60_plus",
                                              "60_and_over", "60_")},
}  # fmt: skip
DISABILITY_VALUES = {"with": PopulationDisability.WITH, "without": PopulationDisability.WITHOUT}


@dataclass(frozen=True)
class KoboProblem:
    row: int  # the spreadsheet's row number (1 = the first row)
    column: str
    problem: str


@dataclass
class KoboGroup:
    """The respondents of one area and population group, and how many prefer each channel type."""

    area: str  # p-code
    sex: str
    age_group: str
    disability: str
    consulted: int = 0
    channels: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def rows(self) -> list[PreferenceRow]:
        return [
            PreferenceRow(self.sex, self.age_group, self.disability, channel, count)
            for channel, count in sorted(self.channels.items(), key=lambda item: (-item[1], item[0]))
            if count
        ]


@dataclass
class KoboPlan:
    groups: list[KoboGroup]
    problems: list[KoboProblem]
    rows: int  # respondent rows read
    columns: dict[str, str]  # what was found: "sex" -> the column's name in the file
    skipped: int = 0  # respondent rows left out for a problem

    @property
    def valid_rows(self) -> int:
        return self.rows - self.skipped

    @property
    def consulted(self) -> int:
        return sum(group.consulted for group in self.groups)


def _score(names: list[str]) -> int:
    known = set().union(*FIELD_NAMES.values())
    points = 0
    for name in names:
        parts = [_key(part) for part in str(name).split("/")]
        if parts[-1] in known or (len(parts) > 1 and parts[-2] in FIELD_NAMES["channels"]):
            points += 1
    return points


def _columns(names: list[str]) -> tuple[dict[str, int], dict[int, str]]:
    """The column of each known question, and the one-column-per-choice columns of the channel question
    (column index -> choice name)."""
    found: dict[str, int] = {}
    choices: dict[int, str] = {}
    for index, name in enumerate(names):
        parts = [_key(part) for part in str(name).split("/")]
        if len(parts) > 1 and parts[-2] in FIELD_NAMES["channels"]:
            choices[index] = parts[-1]
            continue
        for question, synonyms in FIELD_NAMES.items():
            if parts[-1] in synonyms and question not in found:
                found[question] = index
    return found, choices


def _sex(value: Cell) -> str:
    text = _key(cell_text(value))
    if not text:
        return PopulationSex.ALL
    if text in SEX_VALUES:
        return SEX_VALUES[text]
    raise ValueProblemError(_("Not a sex this import knows (female, male)."))


def _age(value: Cell) -> str:
    text = cell_text(value)
    if not text:
        return PopulationAge.ALL
    if text.replace(".", "", 1).replace(",", "", 1).isdigit():
        years = number_parse(value, maximum=120)
        if years is None:
            return PopulationAge.ALL
        if years < 18:
            return PopulationAge.CHILDREN
        return PopulationAge.ADULTS if years < 60 else PopulationAge.OLDER
    key = _key(text)
    if key in AGE_VALUES:
        return AGE_VALUES[key]
    raise ValueProblemError(_("Not an age or an age group (children, adults, older)."))


def _disability(value: Cell) -> str:
    key = _key(cell_text(value))
    if not key:
        return PopulationDisability.ALL
    if key in DISABILITY_VALUES:
        return DISABILITY_VALUES[key]
    try:
        answer = yes_no_parse(value)
    except ValueProblemError:
        raise ValueProblemError(_("Expected yes or no.")) from None
    if answer is None:
        return PopulationDisability.ALL
    return PopulationDisability.WITH if answer else PopulationDisability.WITHOUT


def _channel(choice: str) -> str | None:
    """The channel type of a Kobo choice name; None for "no preference"; ``ValueProblemError`` if unknown."""
    key = _key(choice)
    if key in NO_CHANNEL:
        return None
    if key in CHANNEL_SYNONYMS:
        return CHANNEL_SYNONYMS[key]
    raise ValueProblemError(_("“%(choice)s” is not a channel this import knows.") % {"choice": choice[:40]})


def kobo_plan(content: bytes, filename: str, *, area: Area | None) -> KoboPlan:
    """The dry run: what the file would create, and every row's problems. ``ApplicationError`` for a file that
    cannot be used at all (unreadable, too large, no channel column, no area)."""
    if len(content) > KOBO_MAX_BYTES:
        raise ApplicationError(_("This file is larger than %(size)d MB.") % {"size": KOBO_MAX_BYTES // (1024 * 1024)})
    rows = rows_read(content, filename)
    header = header_detect(rows, _score)
    names = header.columns
    found, choice_columns = _columns(names)
    if "channels" not in found and not choice_columns:
        raise ApplicationError(
            _(
                "No column of preferred channels was found (preferred_channel, preferred_channels, or one "
                "column per choice such as preferred_channels/hotline)."
            )
        )
    if "area" not in found and area is None:
        raise ApplicationError(_("Choose the area: the file has no area p-code column (pcode, admin2)."))
    data = [row for row in rows[header.data_start :] if not is_blank(row)]
    if len(data) > KOBO_MAX_ROWS:
        raise ApplicationError(_("This file has more than %(max)s respondents: split it.") % {"max": KOBO_MAX_ROWS})
    header_row = header.first_row + 1
    problems: list[KoboProblem] = []
    choice_channels: dict[int, str | None] = {}
    if "channels" not in found:
        for index, choice in choice_columns.items():
            try:
                choice_channels[index] = _channel(choice)
            except ValueProblemError as error:
                problems.append(KoboProblem(header_row, names[index], str(error)))
    areas = {a.pcode: a for a in Area.objects.filter(admin_level__in=(1, 2)).only("pcode")}
    groups: dict[tuple[str, str, str, str], KoboGroup] = {}
    read = skipped = 0
    for offset, row in enumerate(rows[header.data_start :]):
        if is_blank(row):
            continue
        read += 1
        number = header.data_start + offset + 1
        row_problems: list[KoboProblem] = []

        def value(
            question: str,
            parse: Any,
            default: str,
            row: list[Cell] = row,
            number: int = number,
            row_problems: list[KoboProblem] = row_problems,
        ) -> str:
            if question not in found:
                return default
            try:
                return parse(row[found[question]])
            except ValueProblemError as error:
                row_problems.append(KoboProblem(number, names[found[question]], str(error)))
                return default

        sex = value("sex", _sex, PopulationSex.ALL)
        age_group = value("age", _age, PopulationAge.ALL)
        disability = value("disability", _disability, PopulationDisability.ALL)
        pcode = area.pcode if area is not None else ""
        if "area" in found:
            text = cell_text(row[found["area"]]).upper()
            if text:
                if text in areas:
                    pcode = text
                else:
                    row_problems.append(
                        KoboProblem(number, names[found["area"]], _("Not the p-code of a region or district."))
                    )
            elif area is None:
                row_problems.append(KoboProblem(number, names[found["area"]], _("No area p-code.")))
        channels: set[str] = set()
        if "channels" in found:
            for choice in cell_text(row[found["channels"]]).split():
                try:
                    channel = _channel(choice)
                except ValueProblemError as error:
                    row_problems.append(KoboProblem(number, names[found["channels"]], str(error)))
                    continue
                if channel:
                    channels.add(channel)
        else:
            for index, channel in choice_channels.items():
                try:
                    chosen = yes_no_parse(row[index])
                except ValueProblemError as error:
                    row_problems.append(KoboProblem(number, names[index], str(error)))
                    continue
                if chosen and channel:
                    channels.add(channel)
        if row_problems:
            problems.extend(row_problems)
            skipped += 1
            continue
        group = groups.setdefault((pcode, sex, age_group, disability), KoboGroup(pcode, sex, age_group, disability))
        group.consulted += 1
        for channel in channels:
            group.channels[channel] += 1
    if read == 0:
        raise ApplicationError(_("This file holds no respondents below its header."))
    ordered = sorted(groups.values(), key=lambda g: (g.area, g.sex, g.age_group, g.disability))
    return KoboPlan(
        groups=ordered,
        problems=problems,
        rows=read,
        columns={question: names[index] for question, index in found.items()},
        skipped=skipped,
    )


# --- between the dry run and the import ------------------------------------------------------------------------


def plan_sign(*, actor: User, plan: KoboPlan, date: dt.date, method: str, organisation: Organisation | None) -> str:
    """The plan's counts (no file, no answers of a person), signed for the import button; a fresh ``nonce`` names
    this dry run so that importing it twice creates it once."""
    payload = {
        "nonce": str(uuid.uuid4()),
        "date": date.isoformat(),
        "method": method,
        "organisation": organisation.pk if organisation else None,
        "rows": plan.rows,
        "skipped": plan.rows - plan.valid_rows,
        "groups": [[g.area, g.sex, g.age_group, g.disability, g.consulted, dict(g.channels)] for g in plan.groups],
    }
    return dry_run_sign(payload, actor=actor, salt=_SALT)


def plan_unsign(token: str, *, actor: User) -> dict[str, Any]:
    """The signed plan back; ``ApplicationError`` when it is altered, too old or another user's."""
    return dry_run_unsign(token, actor=actor, salt=_SALT)


@transaction.atomic
def kobo_import(*, actor: User, payload: dict[str, Any]) -> list[CommunityConsultation]:
    """Create the consultations of a signed plan (one per area and group, source "kobo"); one audit entry with
    counts only. Importing the same dry run again creates nothing more."""
    nonce = uuid.UUID(payload["nonce"])
    date = dt.date.fromisoformat(payload["date"])
    method = payload["method"]
    if method not in ConsultationMethod.values:
        raise ValidationError({"method": _("Choose a method.")})
    organisation = None
    if payload["organisation"] is not None:
        organisation = consultation_organisations_for(actor).filter(pk=payload["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": _("You can only keep the consultations your organisation led.")})
    areas = {a.pcode: a for a in Area.objects.filter(pcode__in={g[0] for g in payload["groups"]})}
    consultations: list[CommunityConsultation] = []
    created = 0
    for pcode, sex, age_group, disability, consulted, channels in payload["groups"]:
        public_id = uuid.uuid5(nonce, f"{pcode}|{sex}|{age_group}|{disability}")
        existed = CommunityConsultation.objects.filter(public_id=public_id).exists()
        group = KoboGroup(pcode, sex, age_group, disability, consulted, channels)
        consultations.append(
            consultation_create(
                actor=actor,
                public_id=public_id,
                source=ConsultationSource.KOBO,
                audit=False,
                date=date,
                area=areas[pcode],
                method=method,
                number_consulted=consulted,
                organisation=organisation,
                preferences=group.rows(),
            )
        )
        created += 0 if existed else 1
    if created:
        record(
            actor=actor,
            action=Action.PREFERENCES_IMPORTED,
            target=None,
            data={
                "consultations": created,
                "areas": sorted(areas),
                "rows": payload["rows"],
                "rows_skipped": payload["skipped"],
                "consulted": sum(group[4] for group in payload["groups"]),
                "preferences": sum(len([n for n in group[5].values() if n]) for group in payload["groups"]),
            },
        )
    return consultations
