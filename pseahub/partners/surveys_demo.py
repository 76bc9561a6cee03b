"""Demo data of the annual PSEA survey: two years (2025, 2026) of a Mali network's staff survey, made as a Kobo
export and its XLSForm would be (built here with openpyxl) and imported through the import service, with four
questions mapped to the network's indicators; 2026 shows more staff who know how to report than 2025."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from typing import Any

from pseahub.accounts.models import Role, User
from pseahub.core.discovery import DemoOptions

from .models import Survey, SurveyIndicator
from .surveys import indicator_save, question_map, survey_draft_create, survey_import

Labels = dict[str, str]  # language code -> label


# --- building Kobo-like files ------------------------------------------------------------------------------------
def xlsform_build(
    questions: Sequence[tuple[str, str, Labels]],
    choices: Mapping[str, Sequence[tuple[str, Labels]]],
    *,
    title: str = "",
    languages: Sequence[str] = ("en", "fr", "ar"),
) -> bytes:
    """An XLSForm: ``questions`` as (type, name, labels), ``choices`` per list name, labels per language
    ("label::English (en)"…)."""
    from openpyxl import Workbook

    names = {"en": "English", "fr": "French", "ar": "Arabic"}
    label_columns = [f"label::{names.get(code, code)} ({code})" for code in languages]
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None  # noqa: S101 - a new workbook has its first sheet
    survey.title = "survey"
    survey.append(["type", "name", *label_columns])
    for kind, name, labels in questions:
        survey.append([kind, name, *(labels.get(code, "") for code in languages)])
    sheet = workbook.create_sheet("choices")
    sheet.append(["list_name", "name", *label_columns])
    for list_name, items in choices.items():
        for name, labels in items:
            sheet.append([list_name, name, *(labels.get(code, "") for code in languages)])
    if title:
        settings = workbook.create_sheet("settings")
        settings.append(["form_title", "form_id"])
        settings.append([title, "psea_survey"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_build(header: Sequence[str], rows: Sequence[Sequence[Any]], *, as_csv: bool = False) -> bytes:
    """A Kobo export: one row per respondent under ``header``, as XLSX or (``as_csv``) CSV with ";"."""
    if as_csv:
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101
    sheet.title = "PSEA survey"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the Mali network's survey ------------------------------------------------------------------------------------
YES_NO = [
    ("yes", {"en": "Yes", "fr": "Oui", "ar": "نعم"}),
    ("no", {"en": "No", "fr": "Non", "ar": "لا"}),
    ("dont_know", {"en": "Don't know", "fr": "Ne sait pas", "ar": "لا أعرف"}),
]
CHOICES: dict[str, list[tuple[str, Labels]]] = {
    "sex": [
        ("female", {"en": "Female", "fr": "Femme", "ar": "أنثى"}),
        ("male", {"en": "Male", "fr": "Homme", "ar": "ذكر"}),
    ],
    "ages": [
        ("18_24", {"en": "18 to 24", "fr": "18 à 24 ans", "ar": "18-24"}),
        ("25_34", {"en": "25 to 34", "fr": "25 à 34 ans", "ar": "25-34"}),
        ("35_49", {"en": "35 to 49", "fr": "35 à 49 ans", "ar": "35-49"}),
        ("50_plus", {"en": "50 and over", "fr": "50 ans et plus", "ar": "50 فأكثر"}),
    ],
    "org_types": [
        ("un_agency", {"en": "UN agency", "fr": "Agence des Nations Unies", "ar": "وكالة أممية"}),
        ("ingo", {"en": "International NGO", "fr": "ONG internationale", "ar": "منظمة دولية"}),
        ("nngo", {"en": "National NGO", "fr": "ONG nationale", "ar": "منظمة وطنية"}),
        ("government", {"en": "Government", "fr": "Gouvernement", "ar": "الحكومة"}),
    ],
    "regions": [
        ("ML09", {"en": "Bamako", "fr": "Bamako", "ar": "باماكو"}),
        ("ML05", {"en": "Mopti", "fr": "Mopti", "ar": "موبتي"}),
        ("ML06", {"en": "Tombouctou", "fr": "Tombouctou", "ar": "تمبكتو"}),
        ("ML07", {"en": "Gao", "fr": "Gao", "ar": "غاو"}),
        ("ML08", {"en": "Kidal", "fr": "Kidal", "ar": "كيدال"}),
        ("ML10", {"en": "Menaka", "fr": "Ménaka", "ar": "ميناكا"}),
    ],
    "yes_no": YES_NO,
    "channels": [
        ("hotline", {"en": "Hotline", "fr": "Ligne verte", "ar": "الخط الساخن"}),
        ("focal_point", {"en": "PSEA focal point", "fr": "Point focal PEAS", "ar": "جهة الاتصال"}),
        ("email", {"en": "E-mail", "fr": "Courriel", "ar": "البريد الإلكتروني"}),
        ("complaint_box", {"en": "Complaint box", "fr": "Boîte à plaintes", "ar": "صندوق الشكاوى"}),
        ("supervisor", {"en": "My supervisor", "fr": "Mon superviseur", "ar": "مشرفي"}),
    ],
}
QUESTIONS: list[tuple[str, str, Labels]] = [
    ("start", "start", {}),
    ("end", "end", {}),
    ("text", "respondent_name", {"en": "Your name (optional)", "fr": "Votre nom (facultatif)", "ar": "اسمك"}),
    ("text", "phone", {"en": "Phone (optional)", "fr": "Téléphone (facultatif)", "ar": "الهاتف"}),
    ("select_one sex", "sex", {"en": "Sex", "fr": "Sexe", "ar": "الجنس"}),
    ("select_one ages", "age_group", {"en": "Age group", "fr": "Tranche d'âge", "ar": "الفئة العمرية"}),
    ("select_one org_types", "org_type", {"en": "Organisation type", "fr": "Type d'organisation", "ar": "نوع المنظمة"}),
    ("select_one regions", "admin1", {"en": "Region of work", "fr": "Région de travail", "ar": "منطقة العمل"}),
    ("begin_group", "knowledge", {"en": "Knowledge", "fr": "Connaissances", "ar": "المعرفة"}),
    ("select_one yes_no", "know_code", {
        "en": "Do you know the six core principles on SEA?",
        "fr": "Connaissez-vous les six principes fondamentaux relatifs à l'EAS ?",
        "ar": "هل تعرف المبادئ الأساسية الستة المتعلقة بالاستغلال والاعتداء الجنسيين؟",
    }),
    ("select_one yes_no", "know_report", {
        "en": "Do you know how to report SEA?",
        "fr": "Savez-vous comment signaler un cas d'EAS ?",
        "ar": "هل تعرف كيف تبلغ عن الاستغلال والاعتداء الجنسيين؟",
    }),
    ("select_one yes_no", "duty_report", {
        "en": "Do you know you must report SEA by a colleague?",
        "fr": "Savez-vous que vous devez signaler une EAS commise par un collègue ?",
        "ar": "هل تعلم أنه يجب عليك الإبلاغ عن استغلال يرتكبه زميل؟",
    }),
    ("select_one yes_no", "safe_report", {
        "en": "Could you report without fear of retaliation?",
        "fr": "Pourriez-vous signaler sans crainte de représailles ?",
        "ar": "هل يمكنك الإبلاغ دون خوف من الانتقام؟",
    }),
    ("select_one yes_no", "trained", {
        "en": "Were you trained on PSEA in the last 12 months?",
        "fr": "Avez-vous été formé(e) à la PEAS au cours des 12 derniers mois ?",
        "ar": "هل تلقيت تدريبا على الحماية خلال الأشهر الاثني عشر الماضية؟",
    }),
    ("select_multiple channels", "channels", {
        "en": "Which channels would you use to report?",
        "fr": "Quels canaux utiliseriez-vous pour signaler ?",
        "ar": "ما القنوات التي ستستخدمها للإبلاغ؟",
    }),
    ("end_group", "", {}),
    ("text", "comments", {"en": "Comments", "fr": "Commentaires", "ar": "تعليقات"}),
]  # fmt: skip
HEADER = [
    "start", "end", "respondent_name", "phone", "sex", "age_group", "org_type", "admin1",
    "knowledge/know_code", "knowledge/know_report", "knowledge/duty_report", "knowledge/safe_report",
    "knowledge/trained", "knowledge/channels", "comments", "_id", "_uuid", "_submission_time",
]  # fmt: skip
#: Chance of "yes" per question and year (2026: after the network's trainings).
YES_RATE = {
    2025: {"know_code": 0.62, "know_report": 0.58, "duty_report": 0.71, "safe_report": 0.55, "trained": 0.38},
    2026: {"know_code": 0.74, "know_report": 0.79, "duty_report": 0.83, "safe_report": 0.63, "trained": 0.61},
}
RESPONDENTS = {2025: 240, 2026: 280}
INDICATORS = [
    ("know-how-to-report", "know_report", {
        "en": "% of staff who know how to report SEA",
        "fr": "% du personnel qui sait comment signaler une EAS",
        "ar": "نسبة الموظفين الذين يعرفون كيفية الإبلاغ",
    }),
    ("duty-to-report", "duty_report", {
        "en": "% of staff who know their duty to report SEA",
        "fr": "% du personnel qui connaît son obligation de signaler une EAS",
        "ar": "نسبة الموظفين الذين يعرفون واجب الإبلاغ",
    }),
    ("report-without-fear", "safe_report", {
        "en": "% of staff who could report without fear of retaliation",
        "fr": "% du personnel qui pourrait signaler sans crainte de représailles",
        "ar": "نسبة الموظفين القادرين على الإبلاغ دون خوف",
    }),
    ("trained-12-months", "trained", {
        "en": "% of staff trained on PSEA in the last 12 months",
        "fr": "% du personnel formé à la PEAS au cours des 12 derniers mois",
        "ar": "نسبة الموظفين المدربين خلال 12 شهرا",
    }),
]  # fmt: skip


def demo_files(year: int) -> tuple[bytes, bytes]:
    """(the export, the XLSForm) of the demo survey of ``year``; the same bytes every time."""
    rng = random.Random(year)  # noqa: S311 - demo data
    form = xlsform_build(QUESTIONS, CHOICES, title="Enquête annuelle PEAS du personnel — Mali")
    regions = ["ML09"] * 5 + ["ML05"] * 2 + ["ML06", "ML07", "ML10"]
    rows: list[list[Any]] = []
    for number in range(RESPONDENTS[year]):
        answers = []
        for question in ("know_code", "know_report", "duty_report", "safe_report", "trained"):
            draw = rng.random()
            rate = YES_RATE[year][question] + (0.05 if number % 2 else -0.05)  # women a little above men
            answers.append("yes" if draw < rate else ("no" if draw < rate + (1 - rate) * 0.7 else "dont_know"))
        channels = [c for c, p in (("hotline", 0.6), ("focal_point", 0.5), ("email", 0.3), ("complaint_box", 0.15),
                                    ("supervisor", 0.35)) if rng.random() < p]  # fmt: skip
        rows.append(
            [
                f"{year}-10-{1 + number % 28:02d}T09:00:00",
                f"{year}-10-{1 + number % 28:02d}T09:12:00",
                "",  # the name and phone are never filled in the demo, and never kept anyway
                "",
                "female" if number % 2 else ("male" if rng.random() < 0.95 else ""),
                rng.choice(["18_24", "25_34", "25_34", "35_49", "35_49", "50_plus"]),
                rng.choice(["un_agency", "un_agency", "ingo", "ingo", "nngo", "nngo", "government"]),
                "ML08" if number % 97 == 0 else rng.choice(regions),  # Kidal: 3 respondents, withheld
                *answers,
                " ".join(channels),
                "",
                number + 1,
                f"demo-{year}-{number + 1}",
                f"{year}-10-28T18:00:00",
            ]
        )
    return export_build(HEADER, rows), form


def demo_surveys_load(options: DemoOptions | None = None) -> int:
    """Import the demo surveys of 2025 and 2026 (skipped when there), then map the indicators; returns the
    number of surveys imported now."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    indicators: dict[str, SurveyIndicator] = {}
    for code, _question, names in INDICATORS:
        indicator = SurveyIndicator.objects.filter(code=code).first()
        indicators[code] = indicator or indicator_save(actor=coordinator, code=code, names=names)
    imported = 0
    for year in (2025, 2026):
        survey = Survey.objects.filter(year=year).first()
        if survey is None:
            export, form = demo_files(year)
            draft = survey_draft_create(
                actor=coordinator,
                year=year,
                title=f"Enquête annuelle PEAS du personnel {year}",
                export=export,
                export_name=f"psea_survey_{year}.xlsx",
                form=form,
                form_name="psea_survey_xlsform.xlsx",
            )
            survey = survey_import(actor=coordinator, draft=draft)
            imported += 1
        for code, name, _names in INDICATORS:
            question = survey.questions.filter(name=name).first()
            if question is not None and question.indicator_id is None:
                question_map(actor=coordinator, question=question, indicator=indicators[code], positive=["yes"])
    return imported
