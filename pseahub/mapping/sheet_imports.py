"""Importing the registries from a sheet: a CFM mapping sheet of mechanisms, a 4W sheet (who, what, where) of
services. Built on the tracker import's reading and checking (``pseahub.core.sheets``: the file's cells,
the header among title rows, yes/no in English and French, numbers) and its row errors (row, column, value,
why; any error blocks the whole import).

``sheet_check`` is the dry run: it reads every row and says what it would do ("new", "update" with the fields,
"no change") or why it cannot; nothing is written. ``sheet_import`` checks again and, when no row has an
error, writes every row in one transaction through ``mechanism_create/update`` or ``service_create/update``
(each audited). A row is the same entry as one in the registry when organisation, type and name match.

The registries are clear text on purpose (a public directory), so unlike a tracker the file is not sealed:
it is read in memory, never stored; the dry run's page carries it, signed, to the confirmation.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pseahub.accounts.models import Role, User
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

from .mechanisms import mechanism_create, mechanism_update
from .models import (
    LANGUAGE_NAMES,
    FeedbackMechanism,
    MechanismCost,
    MechanismStatus,
    MechanismType,
    Service,
    ServiceCost,
    ServiceType,
    SexServed,
)
from .services import service_create, service_update

MECHANISMS = "mechanisms"
SERVICES = "services"
KINDS = (MECHANISMS, SERVICES)
MAX_BYTES = 1024 * 1024  # a registry sheet is small; the dry run's page carries the file to the confirmation
MAX_ROWS = 2_000
MAX_AGE = 120

# Kinds of column: how a cell becomes a value.
TEXT = "text"
CHOICE = "choice"
FLAG = "flag"
AGE = "age"
LANGUAGES = "languages"
ORGANISATION = "organisation"
AREAS = "areas"
IGNORED = "ignored"  # recognised, read by nobody (e.g. "last verified": verification is the coordinator's act)

NEW = "new"
UPDATE = "update"
SAME = "same"


def _words(*items: str) -> tuple[str, ...]:
    return tuple(normalise(item) for item in items)


@dataclass(frozen=True)
class Column:
    key: str  # the model field ("admin1", "admin2", "areas" fill the areas)
    header: str | Promise  # the template's header
    kind: str
    synonyms: tuple[str, ...] = ()  # other header names, normalised (the header in every language is added)
    required: bool = False
    choices: type[TextChoices] | None = None
    values: dict[Any, tuple[str, ...]] = field(default_factory=dict)  # code -> other words for it (normalised)
    example: str = ""


_ORGANISATION_WORDS = _words(
    "organisation", "organization", "org", "agency", "agence", "partner", "partenaire", "structure", "acteur",
    "actor", "who", "qui", "organisation name", "nom de l organisation", "acronym", "sigle",
)  # fmt: skip
_AREA_WORDS = _words("areas", "areas covered", "zones", "zones couvertes", "zone", "area", "coverage", "couverture",
                     "localisation", "location", "where", "ou")  # fmt: skip
_ADMIN1_WORDS = _words("admin1", "admin 1", "admin1 pcode", "admin1 name", "region", "regions", "province")
_ADMIN2_WORDS = _words("admin2", "admin 2", "admin2 pcode", "admin2 name", "cercle", "cercles", "district",
                       "districts", "departement")  # fmt: skip
_LANGUAGE_WORDS = _words("languages", "language", "langues", "langue", "languages spoken", "langues parlees")
_DISABILITY_WORDS = _words(
    "accessible disability", "disability", "handicap", "accessible handicap", "accessible aux personnes handicapees",
    "accessible to people with disabilities",
)  # fmt: skip
_FRIENDLY_WORDS = _words("women and child friendly", "women child friendly", "adapte aux femmes et aux enfants",
                         "adapte femmes enfants")  # fmt: skip
_CONFIDENTIAL_WORDS = _words("confidential space", "espace confidentiel", "confidentiality", "confidentialite")

MECHANISM_TYPE_WORDS = {
    MechanismType.HOTLINE: _words("ligne verte", "numero vert", "hotline", "ligne d assistance", "ligne directe",
                                  "telephone", "phone line", "call centre", "call center", "centre d appel"),
    MechanismType.HELP_DESK: _words("help desk", "helpdesk", "guichet", "bureau d accueil", "desk", "comptoir",
                                    "bureau des plaintes"),
    MechanismType.SUGGESTION_BOX: _words("suggestion box", "boite a suggestions", "boite a suggestion",
                                         "boite a plaintes", "complaint box", "boite de suggestions"),
    MechanismType.EMAIL: _words("email", "e mail", "courriel", "mail"),
    MechanismType.SMS: _words("sms", "text message", "texto"),
    MechanismType.WHATSAPP: _words("whatsapp", "whats app"),
    MechanismType.COMMUNITY: _words("community", "committee", "community committee", "comite", "comites",
                                    "comite communautaire", "relais communautaires", "volontaires communautaires",
                                    "community volunteers"),
    MechanismType.WEB_FORM: _words("web form", "formulaire web", "formulaire en ligne", "online form", "site web",
                                   "website"),
    MechanismType.WALK_IN: _words("walk in", "en personne", "in person", "point d ecoute",
                                  "presence lors des distributions"),
    MechanismType.OTHER: _words("other", "autre"),
}  # fmt: skip
SERVICE_TYPE_WORDS = {
    ServiceType.HEALTH: _words("health", "sante", "medical", "medical care", "soins medicaux",
                               "prise en charge medicale"),
    ServiceType.PSYCHOSOCIAL: _words("psychosocial", "pss", "mhpss", "soutien psychosocial", "appui psychosocial",
                                     "prise en charge psychosociale", "sante mentale"),
    ServiceType.LEGAL: _words("legal", "legal aid", "juridique", "aide juridique", "assistance juridique",
                              "prise en charge juridique", "justice"),
    ServiceType.SAFETY_SHELTER: _words("safety", "shelter", "safe house", "securite", "abri", "hebergement",
                                       "maison sure", "refuge", "safety shelter", "securite abri"),
    ServiceType.MATERIAL_LIVELIHOOD: _words("livelihood", "livelihoods", "material", "material assistance",
                                            "moyens de subsistance", "assistance materielle",
                                            "reinsertion socio economique", "reinsertion", "cash"),
    ServiceType.CHILD_PROTECTION: _words("child protection", "protection de l enfance", "protection de l enfant",
                                         "cp"),
    ServiceType.OTHER: _words("other", "autre"),
}  # fmt: skip
MECHANISM_COST_WORDS = {
    MechanismCost.FREE: _words("free", "gratuit", "gratuite", "no cost"),
    MechanismCost.TOLL_FREE: _words("toll free", "numero gratuit", "numero vert", "appel gratuit"),
    MechanismCost.CALLER_PAYS: _words("caller pays", "paid", "payant", "a la charge de l appelant"),
    MechanismCost.REVERSE_CHARGE: _words("reverse charge", "call back", "rappel", "rappel sur demande", "bip"),
}
MECHANISM_STATUS_WORDS = {
    MechanismStatus.ACTIVE: _words("active", "actif", "functional", "fonctionnel", "fonctionnelle", "operational"),
    MechanismStatus.SETTING_UP: _words("setting up", "being set up", "en cours de mise en place", "en preparation",
                                       "planned", "prevu"),
    MechanismStatus.SUSPENDED: _words("suspended", "suspendu", "suspendue", "interrompu"),
    MechanismStatus.CLOSED: _words("closed", "ferme", "fermee", "clos", "close", "arrete", "non fonctionnel"),
}  # fmt: skip
SERVICE_COST_WORDS = {
    ServiceCost.FREE: _words("free", "gratuit", "gratuite", "no cost"),
    ServiceCost.SUBSIDISED: _words("subsidised", "subsidized", "subventionne", "partly paid", "partiellement payant"),
    ServiceCost.PAID: _words("paid", "payant", "payante", "fee", "paid by the person"),
}
SEX_SERVED_WORDS = {
    SexServed.ALL: _words("all", "everyone", "tous", "toutes", "tout le monde", "mixed", "mixte", "both",
                          "femmes et hommes", "women and men", "f m", "m f"),
    SexServed.FEMALE: _words("female", "women", "women and girls", "femmes", "femmes et filles", "f", "filles"),
    SexServed.MALE: _words("male", "men", "men and boys", "hommes", "hommes et garcons", "m", "garcons"),
}  # fmt: skip

MECHANISM_COLUMNS: tuple[Column, ...] = (
    Column("organisation", _lazy("Organisation"), ORGANISATION, _ORGANISATION_WORDS + _words("operated by", "gere par"),
           required=True),
    Column("type", _lazy("Mechanism type"), CHOICE,
           _words("type", "mechanism type", "type of mechanism", "type de mecanisme", "cfm type", "type de mgp",
                  "channel", "canal", "mecanisme", "mechanism"),
           required=True, choices=MechanismType, values=MECHANISM_TYPE_WORDS, example="Ligne verte"),
    Column("name", _lazy("Name"), TEXT, _words("name", "nom", "mechanism name", "nom du mecanisme", "intitule"),
           required=True, example="Ligne verte Mopti"),
    Column("areas", _lazy("Areas"), AREAS, _AREA_WORDS, example="ML05; Bandiagara"),
    Column("admin1", _lazy("Admin 1"), AREAS, _ADMIN1_WORDS),
    Column("admin2", _lazy("Admin 2"), AREAS, _ADMIN2_WORDS),
    Column("languages", _lazy("Languages"), LANGUAGES, _LANGUAGE_WORDS, example="fr; Bambara"),
    Column("days_hours", _lazy("Days and hours"), TEXT,
           _words("days and hours", "jours et heures", "jours et horaires", "hours", "horaires", "heures",
                  "opening hours", "heures d ouverture"), example="Lun-sam 8:00-18:00"),
    Column("contact", _lazy("Contact"), TEXT,
           _words("contact", "how to reach it", "comment le joindre", "numero", "phone", "telephone", "coordonnees"),
           example="80 00 11 22"),
    Column("cost", _lazy("Cost"), CHOICE, _words("cost", "cost to the caller", "cout", "cout pour l appelant"),
           choices=MechanismCost, values=MECHANISM_COST_WORDS, example="Numéro gratuit"),
    Column("accessible_disability", _lazy("Accessible to people with disabilities"), FLAG, _DISABILITY_WORDS,
           example="oui"),
    Column("accessible_low_literacy", _lazy("Usable by people with low literacy"), FLAG,
           _words("low literacy", "accessible low literacy", "faible alphabetisation", "analphabetes",
                  "utilisable par les personnes peu alphabetisees"), example="oui"),
    Column("women_child_friendly", _lazy("Women- and child-friendly"), FLAG, _FRIENDLY_WORDS, example="yes"),
    Column("confidential_space", _lazy("Confidential space"), FLAG, _CONFIDENTIAL_WORDS, example="1"),
    Column("sea_trained", _lazy("Staff trained on SEA intake"), FLAG,
           _words("sea trained", "trained on sea", "staff trained", "personnel forme", "forme a l eas",
                  "personnel forme a la reception des plaintes eas", "formation eas", "formation peas"),
           example="oui"),
    Column("knows_referral_pathway", _lazy("Staff know the referral pathway"), FLAG,
           _words("referral pathway", "knows referral pathway", "circuit de referencement",
                  "connait le circuit de referencement", "voie de referencement"), example="non"),
    Column("refers_to_network", _lazy("Refers SEA complaints to the network"), FLAG,
           _words("refers to network", "refers sea to the network", "refere au reseau", "transmet au reseau",
                  "refere les plaintes eas au reseau"), example="oui"),
    Column("status", _lazy("Status"), CHOICE, _words("status", "statut", "etat", "state"), choices=MechanismStatus,
           values=MECHANISM_STATUS_WORDS, example="Actif"),
    Column("last_verified", _lazy("Last verified"), IGNORED,
           _words("last verified", "verified", "date verified", "derniere verification", "date de verification",
                  "verifie le")),
)  # fmt: skip

SERVICE_COLUMNS: tuple[Column, ...] = (
    Column("provider", _lazy("Who (organisation)"), ORGANISATION,
           _ORGANISATION_WORDS + _words("provider", "prestataire", "fournisseur", "who organisation"), required=True),
    Column("type", _lazy("What (type of assistance)"), CHOICE,
           _words("what", "quoi", "type", "type of assistance", "type d assistance", "service type",
                  "type de service", "sector", "secteur", "activity", "activite", "what type of assistance"),
           required=True, choices=ServiceType, values=SERVICE_TYPE_WORDS, example="Santé"),
    Column("name", _lazy("Service name"), TEXT,
           _words("name", "nom", "service", "name of the service", "nom du service", "intitule"), required=True,
           example="Centre de santé de Sévaré"),
    Column("admin1", _lazy("Where: admin 1"), AREAS, _ADMIN1_WORDS + _words("where admin1", "ou admin1"),
           example="ML05"),
    Column("admin2", _lazy("Where: admin 2"), AREAS, _ADMIN2_WORDS + _words("where admin2", "ou admin2"),
           example="Bandiagara"),
    Column("areas", _lazy("Areas"), AREAS, _AREA_WORDS),
    Column("contact_phone", _lazy("Phone"), TEXT, _words("contact", "phone", "telephone", "tel", "contact phone",
                                                         "numero", "numero de telephone"),
           example="+223 70 00 00 00"),
    Column("contact_email", _lazy("E-mail"), TEXT, _words("email", "e mail", "courriel", "contact email")),
    Column("address", _lazy("Address"), TEXT, _words("address", "adresse")),
    Column("hours", _lazy("Hours"), TEXT, _words("hours", "opening hours", "horaires", "heures d ouverture",
                                                 "days and hours", "jours et heures"), example="Lun-ven 8:00-16:00"),
    Column("languages", _lazy("Languages"), LANGUAGES, _LANGUAGE_WORDS, example="fr, bm"),
    Column("sex_served", _lazy("Sex served"), CHOICE,
           _words("sex served", "who is served", "sex", "sexe", "gender", "genre", "public cible", "target group",
                  "sexe des beneficiaires", "beneficiaires"), choices=SexServed, values=SEX_SERVED_WORDS,
           example="Tous"),
    Column("min_age", _lazy("Minimum age"), AGE, _words("min age", "minimum age", "age min", "age minimum",
                                                        "from age", "age de")),
    Column("max_age", _lazy("Maximum age"), AGE, _words("max age", "maximum age", "age max", "age maximum",
                                                        "to age", "age a")),
    Column("capacity", _lazy("Capacity"), TEXT, _words("capacity", "capacite", "capacite d accueil"),
           example="20 survivors a month"),
    Column("cost", _lazy("Cost"), CHOICE, _words("cost", "cout", "tarif"), choices=ServiceCost,
           values=SERVICE_COST_WORDS, example="Gratuit"),
    Column("referral_contact", _lazy("Referral contact"), TEXT,
           _words("referral contact", "contact for referrals", "contact de referencement",
                  "contact pour les referencements", "referral focal point", "point focal referencement")),
    Column("post_rape_care_72h", _lazy("Post-rape care within 72 hours"), FLAG,
           _words("post rape care 72h", "post rape care", "pep", "pep kit", "kit pep", "cmr",
                  "clinical management of rape", "prise en charge clinique du viol", "soins post viol 72h",
                  "soins apres viol dans les 72 heures"), example="oui"),
    Column("accessible_disability", _lazy("Accessible to people with disabilities"), FLAG, _DISABILITY_WORDS,
           example="yes"),
    Column("women_child_friendly", _lazy("Women- and child-friendly"), FLAG, _FRIENDLY_WORDS, example="oui"),
    Column("confidential_space", _lazy("Confidential space"), FLAG, _CONFIDENTIAL_WORDS, example="1"),
    Column("is_active", _lazy("Active"), FLAG, _words("active", "actif", "active", "in operation", "fonctionnel",
                                                      "functional", "operationnel"), example="oui"),
    Column("notes", _lazy("Notes"), TEXT, _words("notes", "remarks", "remarques", "comments", "commentaires",
                                                 "observations")),
)  # fmt: skip

COLUMNS = {MECHANISMS: MECHANISM_COLUMNS, SERVICES: SERVICE_COLUMNS}
MODELS: dict[str, type[Model]] = {MECHANISMS: FeedbackMechanism, SERVICES: Service}
ORGANISATION_FIELD = {MECHANISMS: "organisation", SERVICES: "provider"}
#: The role that imports its own organisation's rows (the coordinator imports every organisation's).
OWN_ROLE = {MECHANISMS: Role.FOCAL_POINT, SERVICES: Role.SERVICE_PROVIDER}
_AREA_KEYS = ("areas", "admin1", "admin2")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


def may_import(user: User, kind: str) -> bool:
    return user.has_role(Role.COORDINATOR) or user.has_role(OWN_ROLE[kind])


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _in_every_language(text: str | Promise) -> set[str]:
    found = {normalise(str(text))}
    for code in _languages():
        with translation.override(code):
            found.add(normalise(str(text)))
    return found - {""}


def _header_names(column: Column) -> set[str]:
    return set(column.synonyms) | _in_every_language(column.header) | {normalise(column.key)}


def columns_match(kind: str, names: list[str]) -> dict[int, Column]:
    """Column index -> the column it fills (the first of the file's columns whose name is known for each)."""
    lookup: dict[str, Column] = {}
    for column in COLUMNS[kind]:
        for name in sorted(_header_names(column)):
            lookup.setdefault(name, column)
    found: dict[int, Column] = {}
    taken: set[str] = set()
    for index, name in enumerate(names):
        known = lookup.get(normalise(name))
        if known is not None and known.key not in taken:
            found[index] = known
            taken.add(known.key)
    return found


# --- values ------------------------------------------------------------------------------------------------------
@dataclass
class Lookups:
    """What the cells name, read once per file."""

    organisations: dict[str, Organisation]  # normalised acronym or name -> active organisation
    pcodes: dict[str, Area]
    names: dict[str, list[Area]]  # normalised name -> areas so named (admin 0 to 2)
    choices: dict[str, dict[str, str]]  # column key -> normalised word -> code
    language_codes: dict[str, str]  # normalised language name (any language) -> code


def lookups_load(kind: str) -> Lookups:
    organisations: dict[str, Organisation] = {}
    active = list(Organisation.objects.filter(is_active=True))
    for org in active:
        organisations.setdefault(normalise(org.name), org)
    for org in active:  # an acronym wins over another organisation's name
        if org.acronym:
            organisations[normalise(org.acronym)] = org
    pcodes: dict[str, Area] = {}
    names: dict[str, list[Area]] = {}
    for area in Area.objects.filter(admin_level__lte=2).order_by("admin_level", "pcode"):
        pcodes[area.pcode.upper()] = area
        for name in {normalise(area.name), normalise(area.name_local)} - {""}:
            names.setdefault(name, []).append(area)
    choices: dict[str, dict[str, str]] = {}
    for column in COLUMNS[kind]:
        if column.choices is None:
            continue
        table: dict[str, str] = {}
        for code, label in column.choices.choices:
            for word in (normalise(code), *_in_every_language(label)):
                table.setdefault(word, code)
        for code, words in column.values.items():
            for word in words:
                table.setdefault(word, code)
        choices[column.key] = table
    language_codes: dict[str, str] = {}
    for language, language_name in LANGUAGE_NAMES.items():
        for word in _in_every_language(language_name):
            language_codes.setdefault(word, language)
    return Lookups(organisations, pcodes, names, choices, language_codes)


def _parts(raw: Cell) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n\u060c]", cell_text(raw)) if part.strip()]


def _area_find(text: str, *, key: str, within: list[Area], lookups: Lookups) -> Area:
    found = lookups.pcodes.get(text.strip().upper())
    if found is not None:
        return found
    candidates = lookups.names.get(normalise(text), [])
    level = {"admin1": 1, "admin2": 2}.get(key)
    if level is not None:
        candidates = [area for area in candidates if area.admin_level == level] or candidates
    if within:
        inside = [a for a in candidates if any(a.pcode.startswith(p.pcode) for p in within)]
        candidates = inside or candidates
    if not candidates:
        raise ValueProblemError(
            _("Unknown area “%(name)s”: give the p-code or the name of a region or district.") % {"name": text}
        )
    return candidates[0]  # a name shared by a region and a district is the region (ordered by level)


def _languages_read(raw: Cell, lookups: Lookups) -> list[str]:
    codes: list[str] = []
    for part in _parts(raw):
        code = lookups.language_codes.get(normalise(part)) or part.strip().lower()
        if not _LANGUAGE_CODE.fullmatch(code):
            raise ValueProblemError(
                _("Unknown language “%(name)s”: give a language code such as fr or bm.") % {"name": part}
            )
        if code not in codes:
            codes.append(code)
    return codes


def _choice_read(column: Column, raw: Cell, lookups: Lookups) -> str:
    code = lookups.choices[column.key].get(normalise(cell_text(raw)))
    if code is None:
        allowed = ", ".join(str(label) for _code, label in column.choices.choices)  # type: ignore[union-attr]
        raise ValueProblemError(_("Unknown value: use one of %(allowed)s.") % {"allowed": allowed})
    return code


# --- the dry run -------------------------------------------------------------------------------------------------
@dataclass
class RowPlan:
    """What a valid row does: ``action`` is NEW, UPDATE (with the names of the fields it changes) or SAME."""

    number: int
    organisation: Organisation
    name: str
    type_label: str
    fields: dict[str, Any]
    areas: list[Area] | None
    existing: Model | None = None
    action: str = NEW
    changed: list[str] = field(default_factory=list)


@dataclass
class SheetCheck:
    kind: str
    columns_used: list[tuple[str, str]]  # (the file's column, what it fills)
    columns_ignored: list[str]
    plans: list[RowPlan] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({error["row"] for error in self.errors})

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def same(self) -> int:
        return self.count(SAME)

    @property
    def importable(self) -> bool:
        return not self.errors and any(plan.action != SAME for plan in self.plans)


def _error(number: int, column: str, value: Cell, why: str) -> dict[str, Any]:
    return {"row": number, "column": column, "value": cell_text(value)[:80], "why": why}


def _default(model: type[Model], name: str) -> Any:
    return model._meta.get_field(name).get_default()  # type: ignore[union-attr]


def sheet_check(*, kind: str, actor: User, content: bytes, filename: str) -> SheetCheck:
    """The dry run: every row read and checked, and what it would do. Nothing is written. A file that cannot be
    read, or that lacks a column every row needs, raises ``ApplicationError``."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(_("This file is larger than 1 MB: split it."))
    rows = rows_read(content, filename)
    if len(rows) > MAX_ROWS + 30:
        raise ApplicationError(_("This file has more than %(max)s rows: split it.") % {"max": f"{MAX_ROWS:,}"})
    header = header_detect(rows, lambda names: len(columns_match(kind, names)))
    matched = columns_match(kind, header.columns)
    keys = {column.key for column in matched.values()}
    missing = [str(c.header) for c in COLUMNS[kind] if c.required and c.key not in keys]
    if not keys.intersection(_AREA_KEYS):
        missing.append(str(_("Areas")))
    if missing:
        raise ApplicationError(
            _("This file has no column for: %(columns)s. Start from the template.") % {"columns": ", ".join(missing)}
        )
    check = SheetCheck(
        kind=kind,
        columns_used=[
            (header.columns[i], str(c.header) + (" " + str(_("(not imported)")) if c.kind == IGNORED else ""))
            for i, c in sorted(matched.items())
        ],
        columns_ignored=[name for i, name in enumerate(header.columns) if i not in matched and name.strip()],
    )
    names = {column.key: header.columns[index] for index, column in matched.items()}
    lookups = lookups_load(kind)
    own = None if actor.has_role(Role.COORDINATOR) else actor.organisation_ids(OWN_ROLE[kind])
    seen: dict[tuple[int, str, str], int] = {}
    for position in range(header.data_start, len(rows)):
        cells = rows[position]
        if is_blank(cells):
            continue
        plan = _row_read(
            kind, cells, number=position + 1, matched=matched, names=names, lookups=lookups, check=check, own=own
        )
        if plan is None:
            continue
        identity = (plan.organisation.pk, plan.fields["type"], normalise(plan.name))
        if identity in seen:
            check.errors.append(
                _error(plan.number, names["name"], plan.name,
                       _("The same organisation, type and name as row %(row)s.") % {"row": seen[identity]})
            )  # fmt: skip
            continue
        seen[identity] = plan.number
        check.plans.append(plan)
    _plans_compare(kind, check, names)
    if len(check.plans) + check.error_rows > MAX_ROWS:
        raise ApplicationError(_("This file has more than %(max)s rows: split it.") % {"max": f"{MAX_ROWS:,}"})
    if not check.plans and not check.errors:
        raise ApplicationError(_("This file holds no rows under its header."))
    return check


def _row_read(
    kind: str,
    cells: list[Cell],
    *,
    number: int,
    matched: dict[int, Column],
    names: dict[str, str],
    lookups: Lookups,
    check: SheetCheck,
    own: set[int] | None,
) -> RowPlan | None:
    model = MODELS[kind]
    org_field = ORGANISATION_FIELD[kind]
    errors_before = len(check.errors)
    fields: dict[str, Any] = {}
    area_cells: dict[str, Cell] = {}
    for index, column in sorted(matched.items()):
        raw = cells[index] if index < len(cells) else None
        text = cell_text(raw)
        try:
            if column.kind == IGNORED:
                continue
            if column.kind == AREAS:
                area_cells[column.key] = raw
            elif column.kind == ORGANISATION:
                if not text:
                    raise ValueProblemError(_("Give the organisation (its acronym or name)."))
                org = lookups.organisations.get(normalise(text))
                if org is None:
                    raise ValueProblemError(_("Unknown organisation: give the acronym or name of an active member."))
                if own is not None and org.pk not in own:
                    raise ValueProblemError(_("You can only import your own organisation's rows."))
                fields[org_field] = org
            elif column.required and not text:
                raise ValueProblemError(_("This cell is needed."))
            elif column.kind == TEXT:
                fields[column.key] = text
            elif column.kind == CHOICE:
                fields[column.key] = _choice_read(column, raw, lookups) if text else _default(model, column.key)
            elif column.kind == FLAG:
                value = yes_no_parse(raw)
                fields[column.key] = _default(model, column.key) if value is None else value
            elif column.kind == AGE:
                fields[column.key] = number_parse(raw, maximum=MAX_AGE)
            elif column.kind == LANGUAGES:
                fields[column.key] = _languages_read(raw, lookups)
        except ValueProblemError as problem:
            check.errors.append(_error(number, names[column.key], raw, str(problem)))
    areas = _areas_read(area_cells, number=number, names=names, lookups=lookups, check=check)
    if "min_age" in fields and "max_age" in fields:
        low, high = fields["min_age"], fields["max_age"]
        if low is not None and high is not None and low > high:
            check.errors.append(_error(number, names["max_age"], high, _("The maximum age is below the minimum age.")))
    if len(check.errors) > errors_before:
        return None
    choices = dict(next(c for c in COLUMNS[kind] if c.key == "type").choices.choices)  # type: ignore[union-attr]
    return RowPlan(
        number=number,
        organisation=fields[org_field],
        name=fields["name"],
        type_label=str(choices[fields["type"]]),
        fields=fields,
        areas=areas,
    )


def _areas_read(
    area_cells: dict[str, Cell], *, number: int, names: dict[str, str], lookups: Lookups, check: SheetCheck
) -> list[Area] | None:
    """The row's areas: those of "areas", plus those of "admin 2" (within the row's admin 1) or, when it is
    empty, of "admin 1". None when the file has no area column (it always has one: checked before)."""
    found: list[Area] = []
    admin1: list[Area] = []
    failed = False
    for key in ("admin1", "admin2", "areas"):
        if key not in area_cells:
            continue
        these: list[Area] = []
        for part in _parts(area_cells[key]):
            try:
                these.append(_area_find(part, key=key, within=admin1 if key == "admin2" else [], lookups=lookups))
            except ValueProblemError as problem:
                check.errors.append(_error(number, names[key], part, str(problem)))
                failed = True
        if key == "admin1":
            admin1 = these
        elif key == "admin2" and these:
            found = these  # the districts say more than their region
        else:
            found.extend(these)
        if key == "admin2" and not these:
            found = list(admin1)
    if "admin2" not in area_cells:
        found = admin1 + found
    unique = list({area.pk: area for area in found}.values())
    if not unique and not failed:
        column = names.get("areas") or names.get("admin2") or names.get("admin1", "")
        check.errors.append(_error(number, column, "", _("Give at least one area (a p-code or a name).")))
    return unique


def _field_label(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _plans_compare(kind: str, check: SheetCheck, by_key: dict[str, str]) -> None:
    """Find each row's entry in the registry (same organisation, type and name), what it would change, and
    whether the model would accept it (lengths, e-mail, a service name another type already uses)."""
    model = MODELS[kind]
    org_field = ORGANISATION_FIELD[kind]
    org_ids = {plan.organisation.pk for plan in check.plans}
    existing: dict[tuple[int, str, str], Model] = {}
    for entry in model._default_manager.filter(**{f"{org_field}_id__in": org_ids}).prefetch_related("areas"):
        existing[(getattr(entry, f"{org_field}_id"), entry.type, normalise(entry.name))] = entry  # type: ignore[attr-defined]
    valid: list[RowPlan] = []
    for plan in check.plans:
        found = existing.get((plan.organisation.pk, plan.fields["type"], normalise(plan.name)))
        if found is None:
            candidate = model(**plan.fields)
        else:
            plan.existing = found
            candidate = copy.copy(found)
            for name, value in plan.fields.items():
                if getattr(found, name) != value:
                    plan.changed.append(_field_label(model, name))
                setattr(candidate, name, value)
            if plan.areas is not None and {a.pk for a in plan.areas} != {a.pk for a in found.areas.all()}:  # type: ignore[attr-defined]
                plan.changed.append(_field_label(model, "areas"))
            plan.action = UPDATE if plan.changed else SAME
        try:
            candidate.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = by_key.get(name) or by_key.get("name", "")
                value = plan.fields.get(name, "") if name in plan.fields else ""
                for message in messages:
                    check.errors.append(_error(plan.number, column, value if isinstance(value, str) else "", message))
            continue
        valid.append(plan)
    check.plans = valid
    check.errors.sort(key=lambda error: error["row"])


# --- the import --------------------------------------------------------------------------------------------------
def sheet_import(*, kind: str, actor: User, content: bytes, filename: str) -> SheetCheck:
    """Check the file again and, when no row has an error, write every new or changed row in one transaction
    (each create or update audited by its writer). With errors nothing is written and the check says why."""
    check = sheet_check(kind=kind, actor=actor, content=content, filename=filename)
    if check.errors:
        return check
    writers: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
        MECHANISMS: (
            lambda plan: mechanism_create(actor=actor, areas=plan.areas, **plan.fields),
            lambda plan: mechanism_update(actor=actor, mechanism=plan.existing, areas=plan.areas, **plan.fields),
        ),
        SERVICES: (
            lambda plan: service_create(actor=actor, areas=plan.areas, **plan.fields),
            lambda plan: service_update(actor=actor, service=plan.existing, areas=plan.areas, **plan.fields),
        ),
    }
    create, update = writers[kind]
    current: RowPlan | None = None
    try:
        with transaction.atomic():
            for current in check.plans:
                if current.action == NEW:
                    create(current)
                elif current.action == UPDATE:
                    update(current)
            if check.new or check.updated:  # one entry for the run, beside each row's own
                record(
                    actor=actor,
                    action=Action.REGISTRY_SHEET_IMPORTED,
                    target=None,
                    data={
                        "kind": kind,
                        "new": check.new,
                        "updated": check.updated,
                        "unchanged": check.same,
                        "sha256": hashlib.sha256(content).hexdigest(),
                    },
                )
    except ValidationError as error:  # the registry changed since the check: nothing of the file was written
        number, name = (current.number, current.name) if current is not None else (0, "")
        for messages in error.message_dict.values():
            check.errors.extend(_error(number, "", name, message) for message in messages)
    return check


# --- the template ------------------------------------------------------------------------------------------------
TEMPLATE_SKIPS = {MECHANISMS: ("admin1", "admin2"), SERVICES: ("areas",)}


def template_columns(kind: str) -> list[Column]:
    return [column for column in COLUMNS[kind] if column.key not in TEMPLATE_SKIPS[kind]]


def template_xlsx(kind: str, actor: User) -> bytes:
    """A workbook with the sheet's header row (in the page's language) and one example row."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    own = Organisation.objects.filter(pk__in=actor.organisation_ids(OWN_ROLE[kind]), is_active=True).first()
    example_org = own or Organisation.objects.filter(is_active=True).order_by("name").first()
    organisation = (example_org.acronym or example_org.name) if example_org else "ONG"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Mechanisms") if kind == MECHANISMS else _("Services"))[:31]
    columns = template_columns(kind)
    sheet.append([str(column.header) for column in columns])
    sheet.append([organisation if column.kind == ORGANISATION else column.example for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[_letter(index)].width = max(14, len(str(column.header)) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
