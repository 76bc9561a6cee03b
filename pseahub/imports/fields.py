"""The record's fields a tracker column can fill, the header names that suggest each one (English and French),
and the vocabularies their values map to (with the words trackers use for them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pseahub.cases.models import (
    Channel,
    Classification,
    EntityType,
    PerpetratorRole,
    Sex,
    Status,
    Term,
    Vocabulary,
)
from pseahub.core.sheets import normalise
from pseahub.network.models import Area, Organisation

# Kinds of field: how a cell becomes a value.
TEXT = "text"  # kept as typed (sealed ones are marked)
DATE = "date"
CHOICE = "choice"  # a value of a fixed list (TextChoices) or a vocabulary, mapped with suggestions
NUMBER = "number"
YES_NO = "yes_no"
AGE = "age"  # a number of years or an age group


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    kind: str
    synonyms: tuple[str, ...]  # header names, normalised
    sealed: bool = False
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> words trackers use (normalised)


def _words(*items: str) -> tuple[str, ...]:
    return tuple(normalise(item) for item in items)


FIELDS: list[Field] = [
    Field("original_reference", _("Original reference"), TEXT,
          _words("reference", "ref", "ref no", "case number", "case no", "case id", "case ref", "code", "numero",
                 "no", "n", "id", "reference du cas", "numero du cas", "code du cas", "n du cas", "incident id")),
    Field("received_at", _("Date received"), DATE,
          _words("date received", "received", "date of receipt", "receipt date", "date de reception", "reception",
                 "recu le", "date recue", "date reçu", "reçu")),
    Field("first_reported_at", _("Date first reported"), DATE,
          _words("date first reported", "first reported", "date reported", "reported", "date of report",
                 "date du signalement", "signalement", "date de signalement", "date de premier signalement")),
    Field("incident_date", _("Date of the incident"), DATE,
          _words("incident date", "date of incident", "date of the incident", "incident", "date de l incident",
                 "date incident", "date des faits", "faits", "date de l allegation")),
    Field("closed_at", _("Date closed"), DATE,
          _words("date closed", "closed", "closure date", "date of closure", "close date", "date de cloture",
                 "cloture", "date de fermeture", "clos le")),
    Field("status", _("Status"), CHOICE,
          _words("status", "case status", "statut", "statut du cas", "etat", "state", "statut de la plainte"),
          values={
              Status.NEW: _words("new", "nouveau", "nouvelle", "open", "ouvert", "ouverte", "pending", "en attente",
                                 "received", "recu", "recue"),
              Status.TRIAGED: _words("triaged", "trie", "evalue", "assessed"),
              Status.IN_PROGRESS: _words("in progress", "en cours", "ongoing", "under investigation",
                                         "en cours d enquete", "referred", "refere", "reference", "transmis",
                                         "investigation"),
              Status.CLOSED: _words("closed", "clos", "close", "cloture", "cloturee", "ferme", "fermee", "resolved",
                                    "resolu", "termine", "completed", "done"),
          }),
    Field("channel", _("Channel"), CHOICE,
          _words("channel", "reporting channel", "canal", "canal de signalement", "mode de signalement",
                 "mode de reception", "source", "means of reporting", "moyen de signalement"),
          values={
              Channel.HOTLINE: _words("hotline", "ligne verte", "numero vert", "telephone", "phone", "call", "appel",
                                      "ligne d assistance", "ligne directe"),
              Channel.WALK_IN: _words("walk in", "en personne", "in person", "face to face", "visite", "direct",
                                      "rencontre", "face a face"),
              Channel.FOCAL_POINT: _words("focal point", "point focal", "pf", "psea focal point", "point focal pseas"),
              Channel.EMAIL: _words("email", "e mail", "courriel", "mail"),
              Channel.SMS: _words("sms", "text message", "texto"),
              Channel.WHATSAPP: _words("whatsapp", "whats app"),
              Channel.FIELD_FORM: _words("field form", "kobo", "formulaire", "fiche", "paper form",
                                         "formulaire papier"),
              Channel.WEB: _words("web", "website", "site web", "online", "en ligne", "web form",
                                  "formulaire web"),
              Channel.OTHER: _words("other", "autre", "autres", "suggestion box", "boite a suggestions",
                                    "boite a plaintes", "community", "communaute"),
          }),
    Field("area", _("Area"), CHOICE,
          _words("area", "location", "region", "place", "lieu", "localite", "zone", "province", "district",
                 "pcode", "p code", "admin1", "admin 1", "cercle", "commune", "localisation", "region admin1")),
    Field("location_detail", _("Location detail (sealed)"), TEXT,
          _words("location detail", "precise location", "exact location", "lieu precis", "detail du lieu",
                 "village", "quartier", "site", "detail de la localisation"), sealed=True),
    Field("organisation", _("Concerned organisation"), CHOICE,
          _words("organisation", "organization", "concerned organisation", "concerned organization", "agency",
                 "agence", "organisation concernee", "organisation mise en cause", "partner", "partenaire",
                 "entity", "entite", "employer", "employeur", "organisation de l auteur")),
    Field("entity_type", _("Entity type"), CHOICE,
          _words("entity type", "type of entity", "type d entite", "type of organisation", "type of organization",
                 "type d organisation", "type de l organisation"),
          values={
              EntityType.UN_PEACE_OPERATION: _words("un peace operation", "peacekeeping", "peace operation",
                                                    "operation de paix", "mission", "casques bleus"),
              EntityType.UN_AGENCY: _words("un agency", "un agency fund or programme", "agence des nations unies",
                                           "agence onu", "un", "onu", "un afp", "agence fonds ou programme"),
              EntityType.IMPLEMENTING_PARTNER: _words("implementing partner", "partenaire de mise en oeuvre",
                                                      "partenaire", "ngo", "ong", "ingo", "ong internationale",
                                                      "ong nationale", "ip", "nngo"),
              EntityType.NON_UN_FORCES: _words("non un forces", "forces non onusiennes", "armed forces",
                                               "forces armees", "military", "militaire"),
              EntityType.GOVERNMENT: _words("government", "gouvernement", "etat", "public", "service public"),
              EntityType.CONTRACTOR: _words("contractor", "prestataire", "contractant", "fournisseur",
                                            "sous traitant", "vendor"),
              EntityType.UNKNOWN: _words("unknown", "inconnu", "inconnue", "nsp", "non determine"),
          }),
    Field("personnel_category", _("Personnel category"), CHOICE,
          _words("personnel category", "category of personnel", "categorie de personnel", "categorie du personnel",
                 "personnel", "staff category", "type of personnel", "type de personnel", "categorie")),
    Field("perpetrator_role", _("Role of the alleged perpetrator"), CHOICE,
          _words("role", "perpetrator role", "role of perpetrator", "fonction", "role de l auteur",
                 "fonction de l auteur", "position", "poste"),
          values={
              PerpetratorRole.STAFF: _words("staff", "staff member", "employe", "employee", "agent", "salarie"),
              PerpetratorRole.VOLUNTEER: _words("volunteer", "benevole", "volontaire", "incentive worker",
                                                "travailleur incitatif"),
              PerpetratorRole.CONTRACTOR: _words("contractor", "consultant", "prestataire", "consultante"),
              PerpetratorRole.UNIFORMED: _words("uniformed", "military", "militaire", "police", "policier",
                                                "soldier", "soldat", "uniformed personnel", "personnel en uniforme"),
              PerpetratorRole.COMMUNITY_WORKER: _words("community worker", "community leader", "relais communautaire",
                                                       "leader communautaire", "chef", "chef de village"),
              PerpetratorRole.OTHER: _words("other", "autre"),
              PerpetratorRole.UNKNOWN: _words("unknown", "inconnu", "inconnue", "nsp"),
          }),
    Field("perpetrator_sex", _("Sex of the alleged perpetrator"), CHOICE,
          _words("perpetrator sex", "sex of perpetrator", "sex of the perpetrator", "sexe de l auteur",
                 "sexe auteur", "sexe de l auteur presume", "perpetrator gender")),
    Field("perpetrators_count", _("Number of alleged perpetrators"), NUMBER,
          _words("number of perpetrators", "number of alleged perpetrators", "nombre d auteurs", "nb auteurs",
                 "perpetrators", "auteurs", "nombre d auteurs presumes", "no of perpetrators")),
    Field("perpetrator_name", _("Name of the alleged perpetrator (sealed)"), TEXT,
          _words("perpetrator name", "name of perpetrator", "nom de l auteur", "nom auteur", "alleged perpetrator",
                 "auteur presume", "auteur"), sealed=True),
    Field("perpetrator_description", _("Description of the alleged perpetrator (sealed)"), TEXT,
          _words("perpetrator description", "description of the perpetrator", "description de l auteur",
                 "perpetrator details", "details sur l auteur"), sealed=True),
    Field("classification", _("Classification"), CHOICE,
          _words("classification", "type of complaint", "type de plainte", "category of complaint",
                 "categorie de plainte", "nature de la plainte", "nature", "complaint type"),
          values={
              Classification.SEA: _words("sea", "eas", "seah", "exploitation and abuse",
                                         "sexual exploitation and abuse", "exploitation et abus sexuels",
                                         "exploitation et abus sexuel", "exploitation sexuelle", "abus sexuel",
                                         "abus sexuels"),
              Classification.SEXUAL_HARASSMENT: _words("sexual harassment", "harcelement sexuel", "sh",
                                                       "harcelement"),
              Classification.OTHER_MISCONDUCT: _words("other misconduct", "autre faute", "misconduct", "fraud",
                                                      "fraude", "corruption", "faute professionnelle"),
              Classification.PROGRAMME_FEEDBACK: _words("programme feedback", "program feedback", "feedback",
                                                        "retour", "plainte programmatique", "non sea", "non eas",
                                                        "programmatique"),
          }),
    Field("sea_type", _("SEA sub-type"), CHOICE,
          _words("sea type", "sub type", "subtype", "sous type", "type of sea", "type d eas", "type of allegation",
                 "type d allegation", "incident type", "type d incident", "nature de l allegation",
                 "type of abuse", "type d abus", "sea sub type")),
    Field("survivors_count", _("Number of survivors"), NUMBER,
          _words("number of survivors", "nombre de survivants", "nombre de survivant e s", "nb survivants",
                 "survivors", "survivants", "number of victims", "nombre de victimes", "victims", "victimes")),
    Field("survivor_sex", _("Sex of the survivor"), CHOICE,
          _words("survivor sex", "sex", "sexe", "sex of survivor", "sex of the survivor", "sexe de la survivante",
                 "sexe du survivant", "sexe de la victime", "sexe victime", "gender", "genre")),
    Field("survivor_age", _("Age or age group of the survivor"), AGE,
          _words("age", "survivor age", "age of survivor", "age de la survivante", "age du survivant",
                 "age group", "tranche d age", "age de la victime", "groupe d age")),
    Field("involves_child", _("Child involved"), YES_NO,
          _words("child", "child involved", "minor", "mineur", "mineure", "enfant", "enfant concerne",
                 "survivor is a child", "under 18", "moins de 18 ans", "child survivor", "survivant mineur")),
    Field("displacement", _("Displacement status"), CHOICE,
          _words("displacement", "displacement status", "statut de deplacement", "deplacement", "idp status")),
    Field("disability", _("Survivor with a disability"), YES_NO,
          _words("disability", "handicap", "living with disability", "en situation de handicap",
                 "personne handicapee")),
    Field("survivor_name", _("Name of the survivor (sealed)"), TEXT,
          _words("survivor name", "name of survivor", "nom de la survivante", "nom du survivant", "nom victime",
                 "nom de la victime", "name", "nom"), sealed=True),
    Field("goods_exchanged", _("Goods, money or services exchanged"), YES_NO,
          _words("goods exchanged", "money exchanged", "exchange", "echange", "echange de biens",
                 "biens ou argent echanges", "transaction")),
    Field("consent_services", _("Consent to referral to services"), YES_NO,
          _words("consent", "consentement", "consent to referral", "consent for services", "consent services",
                 "consentement au referencement", "consentement assistance", "consent to assistance")),
    Field("consent_share", _("Consent to share identifying details"), YES_NO,
          _words("consent to share", "consent to share identity", "consentement au partage",
                 "consentement partage", "consent share", "partage d informations")),
    Field("consent_investigation", _("Consent to be contacted for the investigation"), YES_NO,
          _words("consent to investigation", "consent investigation", "consentement enquete",
                 "consentement a l enquete", "consent to be contacted")),
    Field("narrative", _("Narrative (sealed)"), TEXT,
          _words("narrative", "description", "summary", "resume", "recit", "details", "description of the incident",
                 "description de l incident", "narration", "resume des faits", "allegation", "description des faits",
                 "incident description"), sealed=True),
]  # fmt: skip
BY_KEY = {item.key: item for item in FIELDS}
IGNORE = ""  # a column mapped to nothing


def field_choices() -> list[tuple[str, Any]]:
    return [(IGNORE, _("— not imported —")), *((item.key, item.label) for item in FIELDS)]


def header_suggest(name: str) -> tuple[str, bool]:
    """The field a header name suggests (or ``IGNORE``), and whether the name matched exactly."""
    text = normalise(name)
    if not text:
        return IGNORE, False
    best, best_length, exact = IGNORE, 0, False
    padded = f" {text} "
    for item in FIELDS:
        for synonym in item.synonyms:
            if synonym == text:
                return item.key, True
            if len(synonym) > best_length and len(synonym) > 2 and f" {synonym} " in padded:
                best, best_length = item.key, len(synonym)
    return best, exact


def header_score(names: list[str]) -> int:
    """How well a row of names reads as the tracker's header: distinct fields matched first, exact names next."""
    matched: set[str] = set()
    exact = 0
    for name in names:
        key, is_exact = header_suggest(name)
        if key:
            matched.add(key)
            exact += is_exact
    return 100 * len(matched) + exact


def mapping_suggest(columns: list[str], saved: dict[str, str] | None = None) -> dict[int, str]:
    """A field per column: the saved mapping's choice for the same header name first, then the suggestion;
    a field is given to one column only (the first)."""
    saved = saved or {}
    taken: set[str] = set()
    mapping: dict[int, str] = {}
    for index, name in enumerate(columns):
        key = saved.get(normalise(name))
        if key is None:
            key, _exact = header_suggest(name)
        if key not in BY_KEY or key in taken:
            key = IGNORE
        if key:
            taken.add(key)
        mapping[index] = key
    return mapping


# --- the values of CHOICE fields -------------------------------------------------------------------------------
_TERM_VOCABULARY = {
    "personnel_category": Vocabulary.PERSONNEL_CATEGORY,
    "sea_type": Vocabulary.SEA_TYPE,
    "displacement": Vocabulary.DISPLACEMENT,
    "survivor_age": Vocabulary.AGE_GROUP,
}
_TERM_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "sea_type": {
        "rape": _words("viol", "rape", "tentative de viol", "attempted rape"),
        "sexual_assault": _words("agression sexuelle", "attouchements", "sexual assault", "touching",
                                 "attouchement"),
        "transactional_sex": _words("sexe transactionnel", "sexe de survie", "survival sex", "transactional sex",
                                    "relations sexuelles transactionnelles", "sexe contre aide", "sex for aid"),
        "solicitation_transactional_sex": _words("solicitation", "sollicitation", "demande de faveurs sexuelles",
                                                 "sexual favours requested"),
        "exploitative_relationship": _words("relation d exploitation", "exploitative relationship",
                                            "relation abusive"),
        "sexual_activity_with_minor": _words("activite sexuelle avec un mineur", "sex with a minor",
                                             "sex with minor", "relations avec mineur", "relation avec une mineure"),
        "other": _words("other", "autre"),
        "unknown": _words("unknown", "inconnu", "nsp"),
    },
    "displacement": {
        "idp": _words("idp", "deplace", "deplacee", "pdi", "deplace interne", "internally displaced", "displaced"),
        "refugee": _words("refugee", "refugie", "refugiee"),
        "returnee": _words("returnee", "retourne", "retournee", "rapatrie"),
        "migrant": _words("migrant", "migrante"),
        "unknown": _words("unknown", "inconnu"),
    },
}  # fmt: skip
_SEX_WORDS: dict[str, tuple[str, ...]] = {
    Sex.FEMALE: _words("f", "female", "femme", "feminin", "woman", "girl", "fille", "femelle"),
    Sex.MALE: _words("m", "male", "homme", "masculin", "man", "boy", "garcon", "h"),
    Sex.OTHER: _words("other", "autre"),
    Sex.UNKNOWN: _words("unknown", "inconnu", "nc", "n a", "ns", "nsp"),
}


@dataclass
class Vocab:
    """Every CHOICE field's options (code -> label) and the words that suggest each code, read once."""

    options: dict[str, dict[str, str]]
    words: dict[str, dict[str, str]]  # field -> normalised word -> code
    terms: dict[str, dict[str, Term]]
    areas: dict[str, Area]
    organisations: dict[str, Organisation]

    def suggest(self, key: str, raw: Any) -> str | None:
        """The option a cell's value suggests, or None."""
        text = normalise(raw)
        if not text:
            return None
        found = self.words.get(key, {}).get(text)
        if found is None and key == "survivor_age":
            found = _age_group_of(text, self.terms.get(key, {}))
        return found


def _age_group_of(text: str, terms: dict[str, Term]) -> str | None:
    """An age in years ("15", "15 ans") to the age group whose range holds it."""
    match = re.fullmatch(r"(\d{1,3})( (ans|years|yrs|an|y))?", text)
    if not match:
        return None
    age = int(match[1])
    for code in terms:
        if found := re.fullmatch(r"(\d+)-(\d+)", code):
            if int(found[1]) <= age <= int(found[2]):
                return code
        elif (found := re.fullmatch(r"(\d+)\+", code)) and age >= int(found[1]):
            return code
    return None


def vocab_load() -> Vocab:
    options: dict[str, dict[str, str]] = {}
    words: dict[str, dict[str, str]] = {}
    terms: dict[str, dict[str, Term]] = {}

    def add(key: str, code: str, *texts: str) -> None:
        table = words.setdefault(key, {})
        for text in texts:
            normalised = normalise(text)
            if normalised:
                table.setdefault(normalised, code)

    fixed = {
        "status": Status,
        "channel": Channel,
        "entity_type": EntityType,
        "perpetrator_role": PerpetratorRole,
        "classification": Classification,
        "survivor_sex": Sex,
        "perpetrator_sex": Sex,
    }
    for key, choices in fixed.items():
        options[key] = {value: str(label) for value, label in choices.choices}
        values = _SEX_WORDS if choices is Sex else BY_KEY[key].values
        for value, label in choices.choices:
            add(key, value, value, str(label), *values.get(value, ()))
    all_terms = list(Term.objects.filter(vocabulary__in=_TERM_VOCABULARY.values(), is_active=True))
    for key, vocabulary in _TERM_VOCABULARY.items():
        these = {term.code: term for term in all_terms if term.vocabulary == vocabulary}
        terms[key] = these
        options[key] = {code: term.label for code, term in these.items()}
        for code, term in these.items():
            add(key, code, code, code.replace("-", " "), *term.labels.values(), *_TERM_WORDS.get(key, {}).get(code, ()))
    areas = {area.pcode: area for area in Area.objects.all()}
    options["area"] = {pcode: str(area) for pcode, area in areas.items()}
    for pcode, area in areas.items():
        add("area", pcode, pcode, area.name, area.name_local)
    organisations = {str(org.public_id): org for org in Organisation.objects.filter(is_active=True)}
    options["organisation"] = {code: str(org) for code, org in organisations.items()}
    for code, org in organisations.items():
        add("organisation", code, org.name, org.acronym)
    return Vocab(options=options, words=words, terms=terms, areas=areas, organisations=organisations)
