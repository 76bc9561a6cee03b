"""Reading a survey: its XLSForm (the ``survey`` and ``choices`` sheets) and its Kobo export (XLSX or CSV, one row
per respondent, read with ``core.sheets``), into a plan of what would be stored — and only that.

Kept from the export: the four columns that place a respondent in a group (sex, age group, organisation type,
region) and the answers to the form's select_one / select_multiple questions, as choice names. Everything else is
left out and listed in the dry run with its reason: free text, numbers, dates and places of the form, columns the
form does not hold (Kobo's metadata such as _uuid, start, end, _submission_time), and any column whose name
says it may identify a person (name, phone, e-mail, contact…), even a select question."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pseahub.core.exceptions import ApplicationError
from pseahub.core.sheets import Cell, cell_text, header_detect, is_blank, normalise, number_parse, rows_read
from pseahub.network.models import Area, OrganisationType

MAX_BYTES = 5 * 1024 * 1024
MAX_RESPONDENTS = 10_000
MAX_PROBLEMS = 200
SELECT_TYPES = ("select_one", "select_multiple")


def _key(text: Any) -> str:
    return normalise(text).replace(" ", "_")


# --- the groups a respondent belongs to ------------------------------------------------------------------------
DIMENSIONS = ("sex", "age_group", "organisation_type", "area")
DIMENSION_COLUMNS: dict[str, set[str]] = {
    "sex": {"sex", "gender", "sexe", "genre", "respondent_sex"},
    "age_group": {"age", "age_group", "agegroup", "age_range", "tranche_age", "tranche_d_age", "respondent_age",
                  "age_years"},
    "organisation_type": {"org_type", "organisation_type", "organization_type", "type_organisation",
                          "type_d_organisation", "type_organization", "type_org", "agency_type", "type_structure"},
    "area": {"admin1", "admin1_pcode", "adm1", "adm1_pcode", "region", "pcode", "area", "admin2", "admin2_pcode"},
}  # fmt: skip
SEX_VALUES: dict[str, str] = {
    **{name: "female" for name in ("female", "f", "woman", "women", "femme", "feminin", "f_minin")},
    **{name: "male" for name in ("male", "m", "man", "men", "homme", "masculin")},
    **{name: "other" for name in ("other", "autre", "prefer_not_to_say", "prefer_not_say", "no_answer",
                                  "ne_souhaite_pas_repondre", "non_binary")},
}  # fmt: skip
ORGANISATION_TYPE_VALUES: dict[str, str] = {
    **{value: value for value in OrganisationType.values},
    **{name: OrganisationType.UN_AGENCY for name in ("un", "un_agency", "agence_onu", "agence_des_nations_unies",
                                                      "agence_nations_unies", "onu", "uno")},
    **{name: OrganisationType.UN_SECRETARIAT for name in ("mission", "un_mission", "secretariat", "secretariat_onu",
                                                           "peace_operation")},
    **{name: OrganisationType.INGO for name in ("ingo", "ong_internationale", "ongi", "ong_i", "international_ngo")},
    **{name: OrganisationType.NNGO for name in ("nngo", "ong_nationale", "ongn", "ong_n", "national_ngo", "lngo",
                                                 "ong_locale", "local_ngo")},
    **{name: OrganisationType.GOVERNMENT for name in ("government", "gouvernement", "etat", "state")},
    **{name: OrganisationType.IMPLEMENTING_PARTNER for name in ("implementing_partner", "partenaire",
                                                                 "partenaire_de_mise_en_oeuvre", "ip")},
    **{name: OrganisationType.CONTRACTOR for name in ("contractor", "prestataire", "fournisseur", "supplier")},
    **{name: OrganisationType.OTHER for name in ("other", "autre")},
}  # fmt: skip
#: Bands for an age given in years.
AGE_BANDS = (("under_25", 0, 24), ("25_39", 25, 39), ("40_59", 40, 59), ("60_plus", 60, 200))

#: Column names that may identify a person: never kept, even as a select question.
IDENTIFYING = re.compile(
    r"(^|_)(name|names|nom|prenom|full_name|fullname|phone|telephone|tel|mobile|email|e_mail|courriel|contact|"
    r"address|adresse|signature|username|imei|deviceid|gps|geopoint|location)(_|$)"
)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    problem: str


@dataclass
class FormQuestion:
    name: str
    type: str  # select_one / select_multiple, or the form's other type (text, integer, note…)
    list_name: str
    labels: dict[str, str]
    choices: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def choice_lookup(self) -> dict[str, str]:
        """Every spelling of a choice (its name, its labels) -> its name."""
        found: dict[str, str] = {}
        for name, labels in self.choices:
            for spelling in (name, *labels.values()):
                found.setdefault(_key(spelling), name)
        return found


@dataclass
class Form:
    questions: list[FormQuestion]
    languages: list[str]
    title: str


# --- the XLSForm -----------------------------------------------------------------------------------------------
_LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "francais": "fr", "arabic": "ar", "arabe": "ar"}


def _language(column: str) -> str | None:
    """The language of a label column: "label" -> "default", "label::French (fr)" -> "fr"; None if not a label."""
    text = column.strip()
    if text.lower() == "label":
        return "default"
    if not text.lower().startswith("label::"):
        return None
    rest = text[7:].strip()
    if match := re.search(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$", rest):
        return match[1].lower()
    key = normalise(rest)
    if key in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[key]
    return key[:2] if len(key) == 2 else key or None


def _sheet(workbook: Any, name: str) -> list[list[Cell]] | None:
    for sheet_name in workbook.sheet_names:
        if sheet_name.strip().lower() == name:
            return [list(row) for row in workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)]
    return None


def _table(rows: list[list[Cell]]) -> tuple[list[str], list[list[Cell]]]:
    rows = [row for row in rows if not is_blank(row)]
    if not rows:
        return [], []
    return [cell_text(value).strip() for value in rows[0]], rows[1:]


def form_read(content: bytes, filename: str) -> Form:
    """The XLSForm's questions with their labels and choices; ``ApplicationError`` saying what is missing."""
    if not filename.lower().endswith((".xlsx", ".xls", ".ods")):
        raise ApplicationError(_("The XLSForm must be an Excel workbook (.xlsx or .xls)."))
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        survey_rows = _sheet(workbook, "survey")
        choice_rows = _sheet(workbook, "choices")
        settings_rows = _sheet(workbook, "settings")
    except Exception as exc:  # calamine raises its own error types for every kind of broken file
        raise ApplicationError(_("The XLSForm could not be read: save it again from Excel (.xlsx) and retry.")) from exc
    if survey_rows is None:
        raise ApplicationError(_("The XLSForm has no “survey” sheet."))
    header, rows = _table(survey_rows)
    lower = [name.lower() for name in header]
    if "type" not in lower or "name" not in lower:
        raise ApplicationError(_("The XLSForm's “survey” sheet needs the columns “type” and “name”."))
    type_at, name_at = lower.index("type"), lower.index("name")
    label_at = {language: index for index, column in enumerate(header) if (language := _language(column))}
    questions: list[FormQuestion] = []
    for row in rows:
        kind = cell_text(row[type_at]).split()
        name = cell_text(row[name_at])
        if not kind or not name:
            continue
        labels = {language: cell_text(row[index]) for language, index in label_at.items() if cell_text(row[index])}
        list_name = kind[1] if len(kind) > 1 and kind[0] in SELECT_TYPES else ""
        questions.append(FormQuestion(name=name, type=kind[0], list_name=list_name, labels=labels))
    lists: dict[str, list[tuple[str, dict[str, str]]]] = {}
    if choice_rows is not None:
        choice_header, rows = _table(choice_rows)
        lower = [name.lower().replace(" ", "_") for name in choice_header]
        if "list_name" not in lower or ("name" not in lower and "value" not in lower):
            raise ApplicationError(_("The XLSForm's “choices” sheet needs the columns “list_name” and “name”."))
        list_at = lower.index("list_name")
        choice_at = lower.index("name") if "name" in lower else lower.index("value")
        choice_labels = {language: i for i, column in enumerate(choice_header) if (language := _language(column))}
        for row in rows:
            list_name, name = cell_text(row[list_at]), cell_text(row[choice_at])
            if list_name and name:
                labels = {lang: cell_text(row[i]) for lang, i in choice_labels.items() if cell_text(row[i])}
                lists.setdefault(list_name, []).append((name, labels))
    for question in questions:
        if question.type in SELECT_TYPES:
            if question.list_name not in lists:
                raise ApplicationError(
                    _("The question “%(question)s” uses the choice list “%(list)s”, which the “choices” sheet lacks.")
                    % {"question": question.name[:60], "list": question.list_name[:60]}
                )
            question.choices = lists[question.list_name]
    if not any(question.type in SELECT_TYPES for question in questions):
        raise ApplicationError(_("The XLSForm has no select_one or select_multiple question."))
    title = ""
    if settings_rows is not None:
        settings_header, rows = _table(settings_rows)
        if "form_title" in [name.lower() for name in settings_header] and rows:
            title = cell_text(rows[0][[name.lower() for name in settings_header].index("form_title")])
    languages = sorted({language for language in label_at if language != "default"})
    return Form(questions=questions, languages=languages, title=title[:200])


# --- the export ------------------------------------------------------------------------------------------------
@dataclass
class Column:
    index: int
    name: str
    kind: str  # "dimension:<d>", "question", "choice", "ignored"
    question: str = ""
    choice: str = ""
    reason: str = ""


def _question_lookup(form: Form) -> dict[str, FormQuestion]:
    found: dict[str, FormQuestion] = {}
    for question in form.questions:
        for spelling in (question.name, *question.labels.values()):
            found.setdefault(_key(spelling), question)
    return found


def _columns(names: list[str], form: Form) -> list[Column]:
    questions = _question_lookup(form)
    columns: list[Column] = []
    taken_dimensions: set[str] = set()
    taken_questions: set[str] = set()
    for index, name in enumerate(names):
        parts = [_key(part) for part in str(name).split("/") if part.strip()] or [""]
        last = parts[-1]
        dimension = next((d for d, names in DIMENSION_COLUMNS.items() if last in names), None)
        if dimension and dimension not in taken_dimensions:
            taken_dimensions.add(dimension)
            question = questions.get(last)
            columns.append(Column(index, name, f"dimension:{dimension}", question=question.name if question else ""))
            continue
        if IDENTIFYING.search(last) or (len(parts) > 1 and IDENTIFYING.search(parts[-2])):
            columns.append(Column(index, name, "ignored", reason=_("may identify a person")))
            continue
        question = questions.get(last) or questions.get(_key(str(name)))
        if question is not None:
            if question.type not in SELECT_TYPES:
                columns.append(Column(index, name, "ignored", reason=_("free text, number, date or place")))
            elif question.name in taken_questions:
                columns.append(Column(index, name, "ignored", reason=_("a second column of the same question")))
            else:
                taken_questions.add(question.name)
                columns.append(Column(index, name, "question", question=question.name))
            continue
        if len(parts) > 1 and (parent := questions.get(parts[-2])) is not None and parent.type == "select_multiple":
            choice = parent.choice_lookup().get(last)
            if choice is not None:
                columns.append(Column(index, name, "choice", question=parent.name, choice=choice))
                continue
        columns.append(Column(index, name, "ignored", reason=_("not a question of the form")))
    # One column per choice only counts when the question's own column is absent.
    for column in columns:
        if column.kind == "choice" and column.question in taken_questions:
            column.kind, column.reason = "ignored", _("a second column of the same question")
    return columns


@dataclass
class Plan:
    """What the import would store (JSON-able through ``as_data``)."""

    questions: list[FormQuestion]
    languages: list[str]
    title: str
    columns: list[Column]
    responses: list[list[Any]]  # [sex, age_group, organisation_type, area p-code, {question: [choice, …]}]
    problems: list[Problem]
    rows: int
    skipped: int
    age_labels: dict[str, dict[str, str]]
    missing_dimensions: list[str]

    def as_data(self) -> dict[str, Any]:
        return {
            "questions": [
                {"name": q.name, "type": q.type, "list_name": q.list_name, "labels": q.labels, "choices": q.choices}
                for q in self.questions
            ],
            "languages": self.languages,
            "title": self.title,
            "columns_kept": [c.name for c in self.columns if c.kind != "ignored"],
            "columns_ignored": [[c.name, c.reason] for c in self.columns if c.kind == "ignored"],
            "responses": self.responses,
            "problems": [[p.row, p.column, p.problem] for p in self.problems[:MAX_PROBLEMS]],
            "problem_count": len(self.problems),
            "rows": self.rows,
            "skipped": self.skipped,
            "age_labels": self.age_labels,
            "missing_dimensions": self.missing_dimensions,
        }


class _RowProblemError(Exception):
    pass


def _choices_of(value: Cell, question: FormQuestion, lookup: dict[str, str]) -> list[str]:
    text = cell_text(value)
    if not text:
        return []
    whole = lookup.get(_key(text))
    if whole is not None:
        return [whole]
    parts = [part for part in re.split(r"[\s;,]+", text) if part]
    if question.type == "select_one" or len(parts) < 2:
        raise _RowProblemError(
            _("“%(value)s” is not a choice of the question %(question)s.")
            % {"value": text[:40], "question": question.name[:60]}
        )
    chosen: list[str] = []
    for part in parts:
        name = lookup.get(_key(part))
        if name is None:
            raise _RowProblemError(
                _("“%(value)s” is not a choice of the question %(question)s.")
                % {"value": part[:40], "question": question.name[:60]}
            )
        if name not in chosen:
            chosen.append(name)
    return chosen


def _dimension(
    dimension: str, value: Cell, question: FormQuestion | None, areas: dict[str, Area], area_names: dict[str, Area]
) -> str:
    """The respondent's group in ``dimension`` ("" when not stated); ``_RowProblemError`` for a value not known."""
    text = cell_text(value)
    if not text:
        return ""
    spelled = _key(text)
    if question is not None and question.type in SELECT_TYPES:
        name = question.choice_lookup().get(spelled)
        if name is None:
            raise _RowProblemError(_("“%(value)s” is not a choice of this question.") % {"value": text[:40]})
        spellings = [_key(name), *(_key(label) for label in dict(question.choices)[name].values())]
    else:
        spellings = [spelled]
    if dimension == "sex":
        found = next((SEX_VALUES[s] for s in spellings if s in SEX_VALUES), None)
        if found is None:
            raise _RowProblemError(
                _("“%(value)s” is not a sex this import knows (female, male, other).") % {"value": text[:40]}
            )
        return found
    if dimension == "organisation_type":
        found = next((ORGANISATION_TYPE_VALUES[s] for s in spellings if s in ORGANISATION_TYPE_VALUES), None)
        if found is None:
            raise _RowProblemError(
                _("“%(value)s” is not an organisation type this import knows (un_agency, ingo, nngo, government…).")
                % {"value": text[:40]}
            )
        return found
    if dimension == "age_group":
        if question is not None and question.type == "select_one":
            return question.choice_lookup()[spelled]
        if re.fullmatch(r"\d+([.,]0+)?", text):
            years = number_parse(value, maximum=120)
            if years is not None:
                return next(code for code, low, high in AGE_BANDS if low <= years <= high)
        raise _RowProblemError(_("“%(value)s” is not an age or an age group of the form.") % {"value": text[:40]})
    # area: an admin-1 p-code or name (an admin-2 p-code counts for its region)
    area = areas.get(text.upper()) or area_names.get(spelled)
    if area is None:
        raise _RowProblemError(_("“%(value)s” is not the p-code or name of a region.") % {"value": text[:40]})
    if area.admin_level == 2 and area.parent is not None:
        area = area.parent
    return area.pcode


def file_hash(export: bytes, form: bytes) -> str:
    return hashlib.sha256(hashlib.sha256(export).digest() + hashlib.sha256(form).digest()).hexdigest()


def plan_read(export: bytes, export_name: str, form_content: bytes, form_name: str) -> Plan:
    """The dry run: read the form, then the export, and say what would be kept; ``ApplicationError`` for files
    that cannot be used at all (unreadable, no question of the form in the export, no respondent)."""
    if len(export) > MAX_BYTES or len(form_content) > MAX_BYTES:
        raise ApplicationError(_("A file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)})
    form = form_read(form_content, form_name)
    rows = rows_read(export, export_name)
    known = set(_question_lookup(form)) | set().union(*DIMENSION_COLUMNS.values())

    def score(names: list[str]) -> int:
        return sum(1 for name in names if _key(str(name).split("/")[-1]) in known or _key(name) in known)

    header = header_detect(rows, score)
    columns = _columns(header.columns, form)
    questions = {q.name: q for q in form.questions}
    answered = [c for c in columns if c.kind in ("question", "choice")]
    if not answered:
        raise ApplicationError(
            _("No column of the export is a select question of the XLSForm: check that the form is this export's.")
        )
    dimension_columns = {c.kind.split(":")[1]: c for c in columns if c.kind.startswith("dimension:")}
    missing = [d for d in DIMENSIONS if d not in dimension_columns]
    data = [row for row in rows[header.data_start :]]
    if sum(1 for row in data if not is_blank(row)) > MAX_RESPONDENTS:
        raise ApplicationError(_("This file has more than %(max)s respondents: split it.") % {"max": MAX_RESPONDENTS})
    all_areas = list(Area.objects.filter(admin_level__in=(1, 2)).select_related("parent"))
    areas = {a.pcode.upper(): a for a in all_areas}
    area_names = {_key(a.name): a for a in all_areas if a.admin_level == 1}
    area_names |= {_key(a.name_local): a for a in all_areas if a.admin_level == 1 and a.name_local}
    lookups = {c.question: questions[c.question].choice_lookup() for c in answered}
    problems: list[Problem] = []
    responses: list[list[Any]] = []
    read = skipped = 0
    for offset, row in enumerate(data):
        if is_blank(row):
            continue
        read += 1
        number = header.data_start + offset + 1
        groups: dict[str, str] = {}
        answers: dict[str, list[str]] = {}
        row_problems: list[Problem] = []
        for dimension in DIMENSIONS:
            column = dimension_columns.get(dimension)
            if column is None:
                groups[dimension] = ""
                continue
            try:
                groups[dimension] = _dimension(
                    dimension, row[column.index], questions.get(column.question), areas, area_names
                )
            except _RowProblemError as error:
                row_problems.append(Problem(number, column.name, str(error)))
        for column in answered:
            question = questions[column.question]
            try:
                if column.kind == "question":
                    chosen = _choices_of(row[column.index], question, lookups[question.name])
                    if chosen:
                        answers[question.name] = chosen
                else:
                    text = _key(cell_text(row[column.index]))
                    if text in ("1", "true", "yes", "oui"):
                        answers.setdefault(question.name, []).append(column.choice)
                    elif text not in ("", "0", "false", "no", "non"):
                        raise _RowProblemError(_("Expected 1 or 0."))
            except _RowProblemError as error:
                row_problems.append(Problem(number, column.name, str(error)))
        if row_problems:
            problems.extend(row_problems)
            skipped += 1
            continue
        responses.append([groups["sex"], groups["age_group"], groups["organisation_type"], groups["area"], answers])
    if read == 0:
        raise ApplicationError(_("This file holds no respondents below its header."))
    kept = [questions[name] for name in dict.fromkeys(c.question for c in answered)]
    age_labels: dict[str, dict[str, str]] = {}
    age_column = dimension_columns.get("age_group")
    if age_column is not None and age_column.question in questions:
        age_labels = dict(questions[age_column.question].choices)
    return Plan(
        questions=kept,
        languages=form.languages,
        title=form.title,
        columns=columns,
        responses=responses,
        problems=problems,
        rows=read,
        skipped=skipped,
        age_labels=age_labels,
        missing_dimensions=missing,
    )
